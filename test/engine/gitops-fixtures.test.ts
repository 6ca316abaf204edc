// The preview summary on the real engine: a small fleet deployed with the TypeScript API, then changed so
// that one `pulumi preview` holds a create, in-place updates (a new agent version, a rotated secret, a
// rescheduled and paused deployment), replacements (a vault with its credential, a file) and the archive of
// a memory store. Its `pulumi preview --json`, the streamed form under the example policy pack, the events of
// `pulumi up --json`, and a drift check after edits outside Pulumi must each render with the consequences
// spelled out and without any planted secret. `UPDATE_GOLDEN=1` writes the captures to test/fixtures/gitops/
// (the unit tests' golden inputs), with a few more kept for comparison (test/fixtures/gitops/README.md).
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPreviewSummary } from "../../provider/gitops/preview-summary";
import { ENGINE_TOKEN, fleetStack, type FleetStack } from "../support/fleet-engine";
import { InstalledPolicyPack } from "../support/policy-pack";
import { type CommandResult, exec, repoRoot } from "../support/pulumi";

/** Secrets planted in the stack: none may reach any captured text or summary. */
const GITHUB_TOKEN = "ghp-gitops0fixture0secret0do0not0leak";
const CI_SECRET = "ci-gitops0fixture0secret0one";
const CI_SECRET_ROTATED = "ci-gitops0fixture0secret0two";
/** Plain (not a Pulumi secret), under a key that looks like a token: the summary must hide it anyway. */
const PLAIN_TOKEN = "svc-gitops0fixture0plain0token";
/** What Pulumi itself must keep out of every capture (the plain one it prints, as it was declared plain). */
const PULUMI_SECRETS = [GITHUB_TOKEN, CI_SECRET, CI_SECRET_ROTATED, ENGINE_TOKEN];

const FIXTURES = path.join(repoRoot, "test", "fixtures", "gitops");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const SYSTEM_V1 = [
  "You review pull requests for the platform team.",
  "",
  "For each finding:",
  "- name the file and the line;",
  "- say what is wrong in one sentence;",
  "- propose a fix as a suggestion block.",
  "",
  "Check, in this order: correctness, security, tests, naming.",
  "Skip formatting: the linter owns it.",
  "Approve when nothing above is left.",
].join("\n");

const SYSTEM_V2 = [
  "You review pull requests for the platform team.",
  "",
  "For each finding:",
  "- name the file and the line;",
  "- say what is wrong in one sentence;",
  "- rate it: blocker, major or nit;",
  "- propose a fix as a suggestion block.",
  "",
  "Check, in this order: security, correctness, tests, naming.",
  "Skip formatting: the linter owns it.",
  "Approve when no blocker or major finding is left.",
].join("\n");

const STYLE_V1 = "# Style guide\n\nFunctions are verbs. Files are kebab-case.\n";
const STYLE_V2 = "# Style guide\n\nFunctions are verbs. Files are kebab-case. Tests sit beside the code.\n";

/** The fleet before (`base`) and after (`change`) the pull request. */
function program(stage: "base" | "change"): string {
  const change = stage === "change";
  return `
const pulumi = require("@pulumi/pulumi");
const qoder = require("pulumi-qoder");
const config = new pulumi.Config();
const metadata = { team: "platform" };

const sandbox = new qoder.Environment("sandbox", {
  name: "sandbox",
  config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.github.com"] } },
  metadata,
});
const reviewer = new qoder.Agent("reviewer", {
  name: "reviewer",
  model: "ultimate",
  system: ${JSON.stringify(change ? SYSTEM_V2 : SYSTEM_V1)},
  tools: [{ type: "agent_toolset_20260401" }],
  metadata,
});
${
  change
    ? `new qoder.Agent("triager", {
  name: "triager",
  model: "auto",
  system: "Label new issues by area and ask for a reproduction when one is missing.",
  metadata,
});`
    : ""
}
const integrations = new qoder.Vault("integrations", { displayName: ${JSON.stringify(change ? "review-integrations" : "integrations")}, metadata });
new qoder.VaultCredential("github", {
  vaultId: integrations.id,
  auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: config.requireSecret("githubToken") },
});
const ci = new qoder.Vault("ci", { displayName: "ci", metadata });
new qoder.VaultCredential("ci-api", {
  vaultId: ci.id,
  auth: {
    type: "environment_variable",
    secretName: "CI_API_KEY",
    secretValue: config.requireSecret("ciSecret"),
    networking: { type: "limited", allowedHosts: ["ci.example.com"] },
  },
});
const notes = new qoder.MemoryStore("review-notes", { name: "review-notes", description: "What the reviewers learned.", metadata });
new qoder.Memory("naming", { memoryStoreId: notes.id, path: "conventions/naming.md", content: "Functions are verbs; files are kebab-case." });
${change ? "" : `new qoder.MemoryStore("legacy-notes", { name: "legacy-notes", metadata });`}
const guide = new qoder.File("style-guide", { path: "style-guide.md" });
new qoder.Deployment("nightly-review", {
  name: "nightly-review",
  agent: reviewer.id,
  environmentId: sandbox.id,
  schedule: ${change ? `{ cron: "30 6 * * 1-5", timezone: "Europe/Berlin" }` : `{ cron: "0 2 * * *", timezone: "Europe/Berlin" }`},
  initialEvents: [{ type: "user.message", content: "Review the pull requests merged since the last run." }],
  resources: [{ type: "file", fileId: guide.id, mountPath: "/mnt/guides/style-guide.md" }],
  vaultIds: [integrations.id],
  environmentVariables: { REPORT_CHANNEL: "#reviews", SERVICE_TOKEN: ${JSON.stringify(PLAIN_TOKEN)} },
  metadata,
  ${change ? "paused: true," : ""}
});
${change ? `new pulumi.ComponentResource("fleet:index:Team", "review-team");` : ""}
exports.reviewerVersion = reviewer.version;
`;
}

/** `pulumi <args>` in the stack's project, whatever its exit code. */
function pulumi(stack: FleetStack, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  const project = stack.project as unknown as { env: NodeJS.ProcessEnv; dir: string };
  return exec("pulumi", [...args, "--non-interactive"], project.dir, { ...project.env, ...env });
}

function expectNoSecret(text: string, planted: readonly string[] = PULUMI_SECRETS): void {
  for (const secret of planted) expect(text).not.toContain(secret);
}

describe("preview summary on the engine", () => {
  let stack: FleetStack;
  let pack: InstalledPolicyPack;

  beforeAll(async () => {
    stack = await fleetStack("gitops-fixture", program("base"));
    pack = InstalledPolicyPack.install();
    await stack.project.setConfig("githubToken", GITHUB_TOKEN, { secret: true });
    await stack.project.setConfig("ciSecret", CI_SECRET, { secret: true });
    stack.project.writeFile("style-guide.md", STYLE_V1);
    await stack.project.up();
    stack.project.writeProgram(program("change"));
    stack.project.writeFile("style-guide.md", STYLE_V2);
    await stack.project.setConfig("ciSecret", CI_SECRET_ROTATED, { secret: true });
  });
  afterAll(async () => {
    pack?.dispose();
    await stack?.dispose();
  });

  /** With UPDATE_GOLDEN=1, writes a capture to the fixtures, without this run's temporary directories. */
  function save(name: string, text: string): string {
    const clean = text
      .split(fs.realpathSync(stack.project.dir))
      .join("/project")
      .split(stack.project.dir)
      .join("/project")
      .split(pack.dir)
      .join("/policy-pack");
    if (UPDATE) {
      fs.mkdirSync(FIXTURES, { recursive: true });
      fs.writeFileSync(path.join(FIXTURES, name), clean);
    }
    return clean;
  }

  /** The summary of a capture: it holds no planted value, not even the plain one under a token-like key. */
  function summary(json: string, title?: string, drift?: boolean): string {
    const markdown = renderPreviewSummary(json, { title, drift });
    expectNoSecret(markdown, [...PULUMI_SECRETS, PLAIN_TOKEN]);
    return markdown;
  }

  it("gitops: the preview of a pull request renders with each consequence and no secret", async () => {
    const json = save("change.preview-json.stdout", (await stack.project.run(["preview", "--json"])).stdout);
    expectNoSecret(json);
    const markdown = summary(json);
    expect(markdown).toContain("agent goes to version 2");
    expect(markdown).toContain("replaces the vault: its credentials are recreated (`github`)");
    expect(markdown).toContain("archives memory store `legacy-notes`: its memories stay readable");
    expect(markdown).toContain("replaces the file: deployments that mount it move to the new one (`nightly-review`)");
    expect(markdown).toContain("deployment schedule: At 02:00 (Europe/Berlin) → At 06:30, Monday through Friday (Europe/Berlin)");
    expect(markdown).toContain("paused: scheduled runs stop");
    if (UPDATE) expectNoSecret(save("change.preview-diff.stdout", (await stack.project.run(["preview", "--diff"])).stdout));
  });

  it("gitops: the streamed preview under the policy pack carries its violations; the digest does not", async () => {
    const config = pack.writeConfig("gitops-fixture", {
      "qoder-allowed-models": { models: ["ultimate"] },
      "qoder-required-metadata": { enforcementLevel: "advisory", keys: ["team", "owner"] },
    });
    const args = ["preview", "--json", "--policy-pack", pack.dir, "--policy-pack-config", config];
    const streamed = await pulumi(stack, args, { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" });
    expect(streamed.code).toBe(1);
    const json = save("policy.preview-json-stream.stdout", streamed.stdout);
    expectNoSecret(json);
    expect(summary(json)).toMatch(/\| mandatory \| `qoder-allowed-models` \| Agent `triager` \|/);
    if (UPDATE) {
      const digest = await pulumi(stack, args);
      expect(digest.code).toBe(1);
      expect(summary(save("policy.preview-json.stdout", digest.stdout))).toContain("leaves policy violations out");
    }
  });

  it("gitops: the events of pulumi up --json render as what was applied", async () => {
    const applied = await pulumi(stack, ["up", "--yes", "--skip-preview", "--json"]);
    expect(applied.code).toBe(0);
    const json = save("apply.up-json.stdout", applied.stdout);
    expectNoSecret(json);
    const markdown = summary(json, "pulumi up of stack test");
    expect(markdown).toContain("**2 created · 3 updated · 3 replaced · 1 destroyed**");
    expect(markdown).toContain("archives memory store `legacy-notes`");
  });

  it("gitops: drift made outside Pulumi fails the scheduled check (exit 7) and renders as what up would undo", async () => {
    const reviewer = stack.emulator.admin.list("agents").find((agent) => agent.name === "reviewer")!;
    stack.emulator.admin.patch("agents", String(reviewer.id), { description: "edited in the console" });
    const memory = stack.emulator.admin.list("memories").find((m) => m.path === "conventions/naming.md")!;
    stack.emulator.admin.remove("memories", String(memory.id));
    const preview = await pulumi(stack, ["preview", "--refresh", "--expect-no-changes", "--json"]);
    expect(preview.code).toBe(7);
    const markdown = summary(save("drift.preview-refresh-json.stdout", preview.stdout), "Drift", true);
    expect(markdown).toContain("**Agent `reviewer`**: changed outside Pulumi: `pulumi up` puts the declared values back");
    expect(markdown).toContain("**Memory `naming`**: deleted outside Pulumi: `pulumi up` creates it again");
    expect(markdown).toMatch(/update `reviewer`[\s\S]*`description` \| `edited in the console` \| _none_/);
    expect(markdown).toContain("agent goes to version 4");
    expect(markdown).toMatch(/create `naming`/);
    if (UPDATE) {
      // The other command that finds drift, for comparison: it exits 7 too, but its JSON misses the agent's
      // edit (a dynamic provider reports no detailed diff, so the refresh step keeps its old state).
      const refresh = await pulumi(stack, ["refresh", "--preview-only", "--expect-no-changes", "--diff"]);
      expect(refresh.code).toBe(7);
      save("drift.refresh-preview-only-diff.stdout", refresh.stdout);
    }
  });
});
