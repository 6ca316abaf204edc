// The library form: the same kinds the stack file declares, as typed Pulumi resources. Copy this folder,
// `npm install`, `pulumi stack init dev`, set `qoder:token` and `githubToken` as secrets, and `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import * as qoder from "pulumi-qoder";

const config = new pulumi.Config();

const sandbox = new qoder.Environment("sandbox", {
  name: "review-sandbox",
  config: {
    type: "cloud",
    networking: { type: "limited", allowedHosts: ["github.com"], allowPackageManagers: true, allowMcpServers: true },
    packages: { pip: ["ruff==0.6.9"] },
  },
});

// Relative to the project directory (copy ../review-team/skills next to this file); the Skill uploads a
// new version whenever the files change.
const codeReview = new qoder.Skill("code-review", { directory: "skills/code-review" });

const tools = new qoder.Vault("review-tools", { displayName: "Review tools" });
new qoder.VaultCredential("github", {
  vaultId: tools.id,
  auth: {
    type: "static_bearer",
    mcpServerUrl: "https://api.githubcopilot.com/mcp/",
    // A Pulumi secret: encrypted in the stack file and in state.
    token: config.requireSecret("githubToken"),
  },
});

const notes = new qoder.MemoryStore("review-notes", { name: "review-notes", description: "Team conventions" });
new qoder.Memory("naming", {
  memoryStoreId: notes.id,
  path: "conventions/naming.md",
  content: "Functions are verbs; files are kebab-case.",
});

const reviewer = new qoder.Agent("reviewer", {
  name: "reviewer",
  model: { id: "ultimate", effort: "high" },
  system: "You review pull requests and report findings with the file, the line and a fix.",
  tools: [{ type: "agent_toolset_20260401" }, { type: "mcp_toolset", mcpServerName: "github" }],
  mcpServers: [{ type: "url", name: "github", url: "https://api.githubcopilot.com/mcp/" }],
  // Pinned: a new skill version gives the agent a new version too.
  skills: [{ type: "custom", skillId: codeReview.id, version: codeReview.latestVersion }],
});

// Relative to the project directory (copy ../review-team/files next to this file); new content uploads a new
// file, and the deployment below moves to it in the same `up`.
const runbook = new qoder.File("audit-runbook", { path: "files/runbook.md" });

// The reviewer every night at 03:00 Berlin time, with the runbook mounted. Pinned at the reviewer's version,
// so each new version of the agent moves the deployment to it in the same `up`.
const nightlyAudit = new qoder.Deployment("nightly-dependency-audit", {
  name: "nightly-dependency-audit",
  agent: { id: reviewer.id, version: reviewer.version },
  environmentId: sandbox.id,
  vaultIds: [tools.id],
  schedule: { cron: "0 3 * * *", timezone: "Europe/Berlin" },
  initialEvents: [{ type: "user.message", content: "Audit the dependencies as /workspace/runbook.md says." }],
  resources: [
    { type: "file", fileId: runbook.id, mountPath: "/workspace/runbook.md" },
    { type: "memory_store", memoryStoreId: notes.id, access: "read_write", instructions: "Record findings under audits/." },
  ],
});

/** The body of POST /sessions for the reviewer, as the stack file's `sessions` output gives it. */
export const session = {
  agent: { type: "agent", id: reviewer.id, version: reviewer.version },
  environment_id: sandbox.id,
  vault_ids: [tools.id],
  resources: [{ type: "memory_store", memory_store_id: notes.id, access: "read_only" }],
};
export const agentVersion = reviewer.version;
/** "At 03:00 (Europe/Berlin)", and the next five runs (UTC): shown by a preview before anything is created. */
export const nightlySchedule = nightlyAudit.scheduleDescription;
export const nightlyRuns = nightlyAudit.upcomingRunsAt;
