// The example policy pack on the real engine: `pulumi preview --policy-pack` blocks fleets that break a
// mandatory rule with the rule's own message, passes compliant ones, and `--policy-pack-config` changes the
// outcome; the stack policy judges coordinator members, the pack learns the stack name, and deployments meet
// the schedule, repository and pinned-agent rules (previews only: no deployment is created).
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qoderPolicies, QODER_TYPES, type QoderKind } from "../../provider/policy";
import { ENGINE_TOKEN, fleetStack, type FleetStack } from "../support/fleet-engine";
import { EXAMPLE_PACK, InstalledPolicyPack, policyReport } from "../support/policy-pack";
import { repoRoot } from "../support/pulumi";

const FOREIGN_AGENT = "agent_0123456789abcdef0123456789abcdef";
const FOREIGN_FIX = "(manage it in this stack, or list it in externalAgentIds) (rule qoder-managed-references)";
const PACK = "qoder-fleet@v0.1.0";
/** The report of a run the pack passed: the pack's line, and no finding at all. */
const CLEAN = [expect.stringMatching(new RegExp(`^✅ ${PACK} `))];

interface FleetOptions {
  /** The reviewer's model id. */
  model?: string;
  /** JS source of the reviewer's coordinator roster. */
  members?: string;
  /** JS source of the reviewer's system prompt. */
  system?: string;
  /** More JS statements. */
  extra?: string;
}

/** A small fleet that passes every rule with the pack's defaults: a coordinator, its member, a sandbox. */
function fleet(options: FleetOptions = {}): string {
  return `
const qoder = require("pulumi-qoder");
const metadata = { team: "platform", owner: "alice" };
const helper = new qoder.Agent("helper", {
  name: "helper",
  model: "auto",
  system: "You double-check the findings of the reviewer.",
  metadata,
});
new qoder.Agent("reviewer", {
  name: "reviewer",
  model: ${JSON.stringify(options.model ?? "ultimate")},
  system: ${options.system ?? JSON.stringify("You review pull requests for the platform team.")},
  tools: [{ type: "agent_toolset_20260401" }],
  metadata,
  multiagent: { type: "coordinator", agents: ${options.members ?? "[helper.id]"} },
});
const sandbox = new qoder.Environment("sandbox", {
  name: "sandbox",
  config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.example.com"] } },
  metadata,
});
${options.extra ?? ""}
`;
}

/** The coordinator's roster mixes a member of the stack with a literal id from elsewhere. */
const withForeignMember = fleet({ members: `[helper.id, ${JSON.stringify(FOREIGN_AGENT)}]` });
const BEARER = "mcp-bearer-s3cr3t-for-the-policy-test";
const plainHttpCredential = `
const vault = new qoder.Vault("ci", { displayName: "ci", metadata });
new qoder.VaultCredential("docs-token", {
  vaultId: vault.id,
  auth: { type: "static_bearer", mcpServerUrl: "http://mcp.example.com/docs", token: ${JSON.stringify(BEARER)} },
});`;
const notesStore = `new qoder.MemoryStore("notes", { name: "notes", metadata, deletionPolicy: "delete" });`;
const REPOSITORY_TOKEN = "ghp-s3cr3t-for-the-policy-test";

interface DeploymentOptions {
  name?: string;
  /** JS source of the agent reference; default the helper by id. */
  agent?: string;
  cron?: string;
  url?: string;
}

/** JS source of a deployment of an agent in the sandbox that mounts one GitHub repository. */
function deployment(options: DeploymentOptions = {}): string {
  const name = JSON.stringify(options.name ?? "digest");
  const repository = { type: "github_repository", url: options.url ?? "https://github.com/acme/tools", authorizationToken: REPOSITORY_TOKEN };
  return `
new qoder.Deployment(${name}, {
  name: ${name},
  agent: ${options.agent ?? "helper.id"},
  environmentId: sandbox.id,
  schedule: { cron: ${JSON.stringify(options.cron ?? "0 9-17 * * 1-5")}, timezone: "Europe/Berlin" },
  initialEvents: [{ type: "user.message", content: "Summarise yesterday's pull requests." }],
  resources: [${JSON.stringify(repository)}],
  metadata,
});`;
}

/** The report of a blocked run without its first line (the pack, with a path that varies). */
function findings(stdout: string): string[] {
  const [pack, ...rest] = policyReport(stdout);
  expect(pack).toMatch(new RegExp(`^❌ ${PACK} `));
  return rest;
}

/** A mandatory finding as the CLI prints it: rule and resource, the rule's description, the message. */
function mandatory(rule: string, kind: QoderKind, name: string, message: string): string[] {
  const description = qoderPolicies().find((policy) => policy.name === rule)?.description;
  return [`- [mandatory]  ${rule}  (${QODER_TYPES[kind]}: ${name})`, String(description), message];
}

describe("policy pack on the engine", () => {
  let stack: FleetStack;
  let pack: InstalledPolicyPack;

  beforeAll(async () => {
    pack = InstalledPolicyPack.install();
    stack = await fleetStack("policy-engine", fleet());
  });
  afterAll(async () => {
    pack?.dispose();
    await stack?.dispose();
  });

  const preview = (options: { config?: string; expectCode?: number } = {}) => pack.run(stack.project, ["preview"], options);
  /** A preview the pack must pass; returns its report. */
  const passed = async (config?: string) => policyReport((await preview({ config })).stdout);
  /** A preview the pack must block (exit code 1); returns its findings. */
  const blocked = async (config?: string) => findings((await preview({ config, expectCode: 1 })).stdout);

  it("policy pack: a compliant fleet passes preview", async () => {
    expect(await passed()).toEqual(CLEAN);
  });

  it("policy pack: the pack process loads one copy each of @pulumi/pulumi, @pulumi/policy and pulumi-qoder", async () => {
    await preview();
    expect(pack.loadedPackages()).toEqual({
      "@pulumi/policy": [path.join(repoRoot, "node_modules", "@pulumi", "policy")],
      "@pulumi/pulumi": [path.join(repoRoot, "node_modules", "@pulumi", "pulumi")],
      "pulumi-qoder": [path.join(pack.dir, "node_modules", "pulumi-qoder")],
    });
  });

  it("policy pack: a model outside the allowed list blocks preview with the rule's message", async () => {
    stack.project.writeProgram(fleet({ model: "preview-large" }));
    expect(await blocked()).toEqual(
      mandatory(
        "qoder-allowed-models",
        "Agent",
        "reviewer",
        'Agent "reviewer": model is not one of the allowed models (auto, ultimate) (rule qoder-allowed-models)',
      ),
    );
  });

  it("policy pack: a --policy-pack-config that allows the model lets the same fleet pass", async () => {
    const config = pack.writeConfig("allow-preview-large", {
      "qoder-allowed-models": { models: ["auto", "ultimate", "preview-large"] },
    });
    expect(await passed(config)).toEqual(CLEAN);
  });

  it("policy pack: the sample config narrows the models and blocks the auto-model helper", async () => {
    stack.project.writeProgram(fleet());
    expect(await blocked(path.join(EXAMPLE_PACK, "policy-config.json"))).toEqual(
      mandatory(
        "qoder-allowed-models",
        "Agent",
        "helper",
        'Agent "helper": model is not one of the allowed models (ultimate) (rule qoder-allowed-models)',
      ),
    );
  });

  it("policy pack: a system prompt unknown in preview is neither a violation nor a can't-run advisory", async () => {
    stack.project.writeProgram(fleet({ system: 'helper.id.apply((id) => "You coordinate " + id + " on reviews.")' }));
    expect(await passed()).toEqual(CLEAN);
  });

  it("policy pack: a literal foreign member beside a new member blocks preview (stack policy)", async () => {
    stack.project.writeProgram(withForeignMember);
    expect(await blocked()).toEqual(
      mandatory(
        "qoder-managed-references",
        "Agent",
        "reviewer",
        `Agent "reviewer": multiagent.agents[1] does not come from an Agent resource in this stack ${FOREIGN_FIX}`,
      ),
    );
  });

  it("policy pack: externalAgentIds in the config admits the foreign member", async () => {
    const config = pack.writeConfig("external-agent", { "qoder-managed-references": { externalAgentIds: [FOREIGN_AGENT] } });
    expect(await passed(config)).toEqual(CLEAN);
  });

  it("policy pack: up passes the stack policy once member ids are known (real property dependencies)", async () => {
    stack.project.writeProgram(fleet());
    const result = await pack.run(stack.project, ["up", "--yes", "--skip-preview"]);
    expect(result.stdout).toMatch(/5 created/);
    expect(policyReport(result.stdout)).toEqual(CLEAN);
  });

  it("policy pack: a literal foreign member beside an existing member blocks preview", async () => {
    stack.project.writeProgram(withForeignMember);
    expect(await blocked()).toEqual(
      mandatory(
        "qoder-managed-references",
        "Agent",
        "reviewer",
        `Agent "reviewer": multiagent.agents[0], multiagent.agents[1] hold 2 distinct ids but at most 1 can come from Agent resources in this stack ${FOREIGN_FIX}`,
      ),
    );
  });

  it("policy pack: an http credential URL blocks preview, and no output shows the credential's token", async () => {
    stack.project.writeProgram(fleet({ extra: plainHttpCredential }));
    const result = await preview({ expectCode: 1 });
    expect(findings(result.stdout)).toEqual(
      mandatory(
        "qoder-https-urls",
        "VaultCredential",
        "docs-token",
        'VaultCredential "docs-token": auth.mcpServerUrl must use https (rule qoder-https-urls)',
      ),
    );
    expect(result.stdout + result.stderr).not.toContain(BEARER);
  });

  it("deployment: an hourly deployment of an allowed repository passes preview", async () => {
    stack.project.writeProgram(fleet({ extra: deployment() }));
    const config = pack.writeConfig("repositories", { "qoder-github-repositories": { repositories: ["acme/*"] } });
    expect(await passed(config)).toEqual(CLEAN);
  });

  it("deployment: a schedule with runs 15 minutes apart blocks preview, naming the cron and the interval", async () => {
    stack.project.writeProgram(fleet({ extra: deployment({ cron: "*/15 9-17 * * 1-5" }) }));
    expect(await blocked()).toEqual(
      mandatory(
        "qoder-deployment-schedule-interval",
        "Deployment",
        "digest",
        'Deployment "digest": schedule.cron "*/15 9-17 * * 1-5" has runs 15 minutes apart; the minimum interval is 1 hour (rule qoder-deployment-schedule-interval)',
      ),
    );
  });

  it("deployment: a repository off the allow-list blocks preview, and no output shows its token", async () => {
    stack.project.writeProgram(fleet({ extra: deployment({ url: "https://github.com/acme-labs/tools" }) }));
    const config = pack.writeConfig("repositories", { "qoder-github-repositories": { repositories: ["acme/*"] } });
    const result = await preview({ config, expectCode: 1 });
    expect(findings(result.stdout)).toEqual(
      mandatory(
        "qoder-github-repositories",
        "Deployment",
        "digest",
        'Deployment "digest": resources[0].url is not an allowed repository (acme/*) (rule qoder-github-repositories)',
      ),
    );
    expect(result.stdout + result.stderr).not.toContain(REPOSITORY_TOKEN);
  });

  it("memory store: deletionPolicy delete passes outside production stacks", async () => {
    stack.project.writeProgram(fleet({ extra: notesStore }));
    expect(await passed()).toEqual(CLEAN);
  });

  it("memory store: deletionPolicy delete blocks preview in the stack named prod", async () => {
    await stack.project.run(["stack", "init", "prod"]);
    await stack.project.setConfig("qoder:baseUrl", stack.emulator.baseUrl);
    await stack.project.setConfig("qoder:token", ENGINE_TOKEN, { secret: true });
    expect(await blocked()).toEqual(
      mandatory(
        "qoder-memory-store-deletion",
        "MemoryStore",
        "notes",
        'MemoryStore "notes": deletionPolicy must not be "delete" in a production stack (remove it to archive on destroy) (rule qoder-memory-store-deletion)',
      ),
    );
  });

  it("deployment: an agent id without a version blocks preview in the stack named prod", async () => {
    stack.project.writeProgram(fleet({ extra: deployment({ agent: JSON.stringify(FOREIGN_AGENT) }) }));
    expect(await blocked()).toEqual(
      mandatory(
        "qoder-deployment-pinned-agent",
        "Deployment",
        "digest",
        'Deployment "digest": agent is an agent id without a version; in a production stack pin one with { id, version } (e.g. version: agent.version) (rule qoder-deployment-pinned-agent)',
      ),
    );
  });

  it("deployment: pinned agents pass in prod, whether the version is known or not yet", async () => {
    const pinned = deployment({ agent: `{ id: ${JSON.stringify(FOREIGN_AGENT)}, version: 3 }` });
    const pending = deployment({ name: "triage", agent: "{ id: helper.id, version: helper.version }" });
    stack.project.writeProgram(fleet({ extra: pinned + pending }));
    expect(await passed()).toEqual(CLEAN);
  });
});
