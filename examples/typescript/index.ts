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

/** The body of POST /sessions for the reviewer, as the stack file's `sessions` output gives it. */
export const session = {
  agent: { type: "agent", id: reviewer.id, version: reviewer.version },
  environment_id: sandbox.id,
  vault_ids: [tools.id],
  resources: [{ type: "memory_store", memory_store_id: notes.id, access: "read_only" }],
};
export const agentVersion = reviewer.version;
