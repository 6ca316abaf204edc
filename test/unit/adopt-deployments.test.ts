// qoder-adopt's deployment entries, rule by rule: what a deployment read back from the API becomes in the
// fleet, what is left out or said, and (against the emulator) archived deployments, references to objects the
// account no longer lists, and entries the fleet refuses.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { adoptAccount } from "../../provider/adopt";
import { deploymentEntry, looksSecret, nameBeforeArchive, type DeploymentContext } from "../../provider/adopt/deployments";
import { createClient, type Deployment, type QoderClient } from "../../provider/client";
import { outDirs } from "../support/adopt-account";

const AGENT = "agent_01a232e6b53d70008a5ce9941f1dd1bd";
const ENV = "env_01a232e6b53d70008a5ce9941f1dd1bd";

function deployment(fields: Partial<Deployment> = {}): Deployment {
  return {
    id: "dep_01a232e6b53d70008a5ce9941f1dd1bd",
    type: "deployment",
    name: "Nightly",
    description: "",
    agent: { id: AGENT, type: "agent", version: 3 },
    environmentId: ENV,
    environmentVariables: "",
    initialEvents: [{ type: "user.message", content: [{ type: "text", text: "Go." }] }],
    resources: [],
    vaultIds: [],
    metadata: {},
    schedule: null,
    status: "active",
    pausedReason: null,
    budget: null,
    archivedAt: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...fields,
  } as Deployment;
}

/** The account holds the agent (current version 3, adopted) and the environment; no vault, store or file. */
function context(overrides: Partial<DeploymentContext> = {}): DeploymentContext {
  return {
    agent: (id) => (id === AGENT ? { key: "reviewer", version: 3, adopted: true } : undefined),
    environment: (id) => (id === ENV ? "sandbox" : undefined),
    vault: () => undefined,
    memoryStore: () => undefined,
    file: () => undefined,
    secretKey: (name) => name,
    ...overrides,
  };
}

function built(remote: Deployment, ctx = context()) {
  const result = deploymentEntry(remote, "nightly", ctx);
  if ("problem" in result) throw new Error(result.problem);
  return result;
}

describe("qoder-adopt deployment entries", () => {
  it("the agent at its current version is named by its key alone, and the smallest entry says no more", () => {
    expect(built(deployment())).toEqual({
      entry: { name: "Nightly", agent: "reviewer", environment: "sandbox", prompt: "Go.", adoptId: "dep_01a232e6b53d70008a5ce9941f1dd1bd" },
      notes: [],
      secrets: [],
    });
  });

  it("an older agent version is said: the key keeps it on adoption, pin: true would move it", () => {
    const { entry, notes } = built(deployment({ agent: { id: AGENT, type: "agent", version: 2 } }));
    expect(entry.agent).toBe("reviewer");
    expect(notes).toEqual([
      'it runs version 2 of agent "reviewer", not its current version 3, which the fleet cannot state: the entry names the agent by key, ' +
        "which keeps version 2 until the deployment's agent changes; { agent: reviewer, pin: true } moves it to the current version",
    ]);
  });

  it("an agent written anew (archived) is named by key with no note on versions: the update note says it all", () => {
    const ctx = context({ agent: () => ({ key: "reviewer", version: 5, adopted: false }) });
    expect(built(deployment(), ctx).notes).toEqual([]);
  });

  it("a missing agent or environment leaves the deployment out", () => {
    expect(deploymentEntry(deployment(), "nightly", context({ agent: () => undefined }))).toEqual({
      problem: `its agent ${AGENT} is not an agent this account lists (archived or gone)`,
    });
    expect(deploymentEntry(deployment(), "nightly", context({ environment: () => undefined }))).toEqual({
      problem: `its environment ${ENV} is not an environment this account lists (archived or gone)`,
    });
  });

  it("the schedule is { cron, timezone }; the variables a map (a value may hold =); metadata loses cas_config", () => {
    const { entry } = built(
      deployment({
        description: "Reviews",
        schedule: { type: "cron", expression: "0 2 * * 1-5", timezone: "Europe/Berlin", upcomingRunsAt: [] },
        environmentVariables: "B=2\nA=x=y\n",
        metadata: { team: "platform", cas_config: { mode: "strict" } },
      }),
    );
    expect(entry).toMatchObject({
      description: "Reviews",
      schedule: { cron: "0 2 * * 1-5", timezone: "Europe/Berlin" },
      environmentVariables: { A: "x=y", B: "2" },
      metadata: { team: "platform" },
    });
  });

  it("a variable whose name marks a secret is a { secret } placeholder to set; others keep their value", () => {
    const { entry, secrets } = built(deployment({ environmentVariables: "DB_PASSWORD=hunter2\nLOG_LEVEL=debug\ngithubToken=t" }));
    expect(entry.environmentVariables).toEqual({
      DB_PASSWORD: { secret: "nightly-DB_PASSWORD" },
      LOG_LEVEL: "debug",
      githubToken: { secret: "nightly-githubToken" },
    });
    expect(secrets.map((secret) => secret.path)).toEqual([
      ["deployments", "nightly", "environmentVariables", "DB_PASSWORD"],
      ["deployments", "nightly", "environmentVariables", "githubToken"],
    ]);
    expect(JSON.stringify(entry)).not.toContain("hunter2");
    // Whole words of the name, as the qoder-deployment-environment-secrets policy rule reads them.
    expect(["API_KEY", "STRIPE_APIKEY", "sshPrivateKey", "TOKENIZERS_PARALLELISM", "KEY_ID", "SECRETARY"].map(looksSecret)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it("prompt stands only for one user message of one text block; anything else keeps initialEvents", () => {
    const twoBlocks = [
      {
        type: "user.message",
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      },
    ];
    const outcome = [{ type: "user.define_outcome", description: "A release note", rubric: { type: "file", fileId: "file_1" }, maxIterations: 2 }];
    for (const events of [twoBlocks, outcome]) {
      const { entry } = built(deployment({ initialEvents: events as Deployment["initialEvents"] }));
      expect([entry.prompt, entry.initialEvents]).toEqual([undefined, events]);
    }
  });

  it("resources: files by key or by id, stores by key (read_write unsaid), repositories with a token placeholder", () => {
    const ctx = context({
      file: (id) => (id === "file_kept" ? "checklist" : undefined),
      memoryStore: (id) => (id === "memstore_1" ? "notes" : undefined),
    });
    const { entry, secrets } = built(
      deployment({
        resources: [
          { type: "file", fileId: "file_kept" },
          { type: "file", fileId: "file_upload", mountPath: "/workspace/runbook.md" },
          { type: "memory_store", memoryStoreId: "memstore_1", access: "read_write" },
          { type: "github_repository", url: "https://github.com/acme/api.git", mountPath: "/src" },
        ],
      }),
      ctx,
    );
    expect(entry.resources).toEqual([
      { file: "checklist" },
      { fileId: "file_upload", mountPath: "/workspace/runbook.md" },
      { memoryStore: "notes" },
      { githubRepository: "https://github.com/acme/api.git", token: { secret: "nightly-api-token" }, mountPath: "/src" },
    ]);
    expect(secrets).toEqual([{ configKey: "nightly-api-token", path: ["deployments", "nightly", "resources", 3, "token"] }]);
  });

  it("a vault or store the account no longer lists, or a resource type the fleet does not know, is left out with a note", () => {
    const { entry, notes, secrets } = built(
      deployment({
        vaultIds: ["vault_gone"],
        resources: [
          { type: "memory_store", memoryStoreId: "memstore_gone" },
          { type: "s3_bucket", bucket: "x" },
          { type: "github_repository", url: "https://github.com/acme/web" },
        ],
      }),
    );
    expect([entry.vaults, entry.resources]).toEqual([
      undefined,
      [{ githubRepository: "https://github.com/acme/web", token: { secret: "nightly-web-token" } }],
    ]);
    // The token's path is its place in the resources as written, after what was left out.
    expect(secrets.map((secret) => secret.path)).toEqual([["deployments", "nightly", "resources", 0, "token"]]);
    expect(notes).toEqual([
      "its vault vault_gone is not a vault this account lists (archived or gone); left out",
      "its memory store memstore_gone is not a store this account lists (archived or gone); left out",
      "resources[1] (type s3_bucket) is not a resource the fleet can declare; left out",
    ]);
  });

  it("paused is written when the API says paused; a pause the service made after a failed run says why", () => {
    expect(built(deployment({ status: "paused", pausedReason: { type: "manual" } }))).toMatchObject({ entry: { paused: true }, notes: [] });
    const failed = built(deployment({ status: "paused", pausedReason: { type: "error", error: { type: "vault_archived_error" } } }));
    expect(failed.entry.paused).toBe(true);
    expect(failed.notes).toEqual([
      "the service paused it after a scheduled run failed with vault_archived_error: it is written paused: true; " +
        "fix the cause, then set paused: false (pulumi up refuses to unpause it while the cause stands)",
    ]);
  });

  it("a budget, which the fleet does not declare, is said", () => {
    expect(built(deployment({ budget: { type: "tokens", limit: 5 } })).notes).toEqual([
      "its budget (type tokens) is not a field the fleet declares; adoption leaves it as it is",
    ]);
  });

  it("an archived deployment is written anew: its name before the archive, paused, no adoptId", () => {
    const { entry } = built(deployment({ name: "Nightly_archived_1767225600", archivedAt: "2026-01-01T00:00:00Z" }));
    expect(entry).toEqual({ name: "Nightly", agent: "reviewer", environment: "sandbox", prompt: "Go.", paused: true });
    expect(nameBeforeArchive("a_archived_b_archived_12")).toBe("a_archived_b");
    expect(nameBeforeArchive("Nightly")).toBe("Nightly");
  });
});

describe("qoder-adopt deployments of an account", () => {
  const TOKEN = "pt-adopt-deployments-test-token";
  let emulator: RunningEmulator;
  let client: QoderClient;
  const dirs = outDirs();

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [TOKEN] });
    client = createClient({ baseUrl: emulator.baseUrl, token: TOKEN });
  });
  beforeEach(() => emulator.admin.reset());
  afterAll(async () => {
    await client?.close();
    await emulator?.stop();
    dirs.dispose();
  });

  async function basics() {
    const agent = await client.agents.create({ name: "Reviewer", model: "auto" });
    const environment = await client.environments.create({ name: "sandbox", config: { type: "cloud" } });
    return { agent, environment };
  }

  const create = (agent: string, environmentId: string, name: string, extra: Record<string, unknown> = {}) =>
    client.deployments.create({ name, agent, environmentId, initialEvents: [{ type: "user.message", content: "Go." }], ...extra });

  it("adopt: a deployment pinned at the agent's current version is named by key: the API cannot tell a pin apart", async () => {
    const { agent, environment } = await basics();
    await create(agent.id, environment.id, "pinned", { agent: { type: "agent", id: agent.id, version: agent.version } });
    const result = await adoptAccount({ client, outDir: dirs.fresh() });
    expect(result.document.deployments?.pinned?.agent).toBe("reviewer");
    expect(result.warnings).toEqual([]);
  });

  it("adopt: a deployment's owner key is taken out, and the stack that manages it is named", async () => {
    const { agent, environment } = await basics();
    const owner = "stack_ab12/fleet/dev/Deployment/nightly";
    const made = await create(agent.id, environment.id, "nightly", { metadata: { team: "platform", "pulumi-qoder.owner": owner } });
    const result = await adoptAccount({ client, outDir: dirs.fresh() });
    expect(result.document.deployments?.nightly?.metadata).toEqual({ team: "platform" });
    expect(result.warnings).toContainEqual(expect.stringContaining(`${made.id} is managed by a pulumi-qoder stack (${owner})`));
  });

  it("adopt: a deployment whose agent is archived is left out, unless includeArchived writes the agent anew", async () => {
    const { agent, environment } = await basics();
    const made = await create(agent.id, environment.id, "nightly");
    await client.agents.archive(agent.id);
    const live = await adoptAccount({ client, outDir: dirs.fresh() });
    expect(live.document.deployments).toBeUndefined();
    expect(live.warnings).toContainEqual(
      `deployment "nightly" (${made.id}): left out: its agent ${agent.id} is not an agent this account lists (archived or gone)`,
    );
    const all = await adoptAccount({ client, outDir: dirs.fresh(), includeArchived: true });
    expect(all.document.deployments?.nightly).toMatchObject({ agent: "reviewer", adoptId: made.id });
    expect(all.warnings).toContainEqual(
      `deployment "nightly" (${made.id}): adopting it also updates agent, which the fleet cannot state exactly as the account holds them`,
    );
  });

  it("adopt: a store the account no longer lists is left out of the resources, and the update that makes is announced", async () => {
    const { agent, environment } = await basics();
    const store = await client.memoryStores.create({ name: "notes" });
    const made = await create(agent.id, environment.id, "nightly", { resources: [{ type: "memory_store", memoryStoreId: store.id }] });
    await client.memoryStores.archive(store.id);
    const result = await adoptAccount({ client, outDir: dirs.fresh() });
    expect(result.document.deployments?.nightly?.resources).toBeUndefined();
    expect(result.warnings).toEqual([
      `deployment "nightly" (${made.id}): its memory store ${store.id} is not a store this account lists (archived or gone); left out`,
      `deployment "nightly" (${made.id}): adopting it also updates resources, which the fleet cannot state exactly as the account holds them`,
    ]);
  });

  it("adopt: an entry the fleet refuses falls to the check, with the fleet's reason, and takes its token along", async () => {
    const { agent, environment } = await basics();
    const repository = { type: "github_repository", url: "https://github.com/acme/api", authorizationToken: "ghp-adopt0deployments0refused" };
    await create(agent.id, environment.id, "refused", { environmentVariables: "9LIVES=yes", resources: [repository] });
    await create(agent.id, environment.id, "kept", { resources: [repository] });
    const result = await adoptAccount({ client, outDir: dirs.fresh() });
    expect(Object.keys(result.document.deployments ?? {})).toEqual(["kept"]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(/^deployments\.refused is left out, since the fleet would refuse it: deployments\.refused\.environmentVariables/),
    );
    expect(result.secrets.map((secret) => secret.configKey)).toEqual(["kept-api-token"]);
  });

  it("adopt: with includeArchived an archived deployment is written anew under its old name, paused; one whose name is taken is left out", async () => {
    const { agent, environment } = await basics();
    const old = await create(agent.id, environment.id, "nightly");
    await client.deployments.archive(old.id);
    const replaced = await create(agent.id, environment.id, "weekly");
    await client.deployments.archive(replaced.id);
    const current = await create(agent.id, environment.id, "weekly");
    const result = await adoptAccount({ client, outDir: dirs.fresh(), includeArchived: true });
    expect(result.document.deployments).toEqual({
      nightly: { name: "nightly", agent: "reviewer", environment: "sandbox", prompt: "Go.", paused: true },
      weekly: { name: "weekly", agent: "reviewer", environment: "sandbox", prompt: "Go.", adoptId: current.id },
    });
    expect(result.warnings).toEqual([
      `deployment "nightly" (${old.id}) is archived, and adoption refuses archived objects: it is written without adoptId, under the name it had ` +
        "before (nightly) and paused, so `pulumi up` creates a new deployment that starts no run until you set paused: false (delete the entry to leave it out)",
      `deployment "weekly" (${replaced.id}) is archived and left out: a live deployment holds that name now`,
    ]);
    // Without the flag the archived ones are not even listed.
    expect(Object.keys((await adoptAccount({ client, outDir: dirs.fresh() })).document.deployments ?? {})).toEqual(["weekly"]);
  });

  it("adopt: of two archived deployments of one name, only the later is written anew", async () => {
    const { agent, environment } = await basics();
    const first = await create(agent.id, environment.id, "nightly");
    await client.deployments.archive(first.id);
    const second = await create(agent.id, environment.id, "nightly", { description: "the later one" });
    await client.deployments.archive(second.id);
    const result = await adoptAccount({ client, outDir: dirs.fresh(), includeArchived: true });
    expect(result.document.deployments).toEqual({
      nightly: { name: "nightly", description: "the later one", agent: "reviewer", environment: "sandbox", prompt: "Go.", paused: true },
    });
    expect(result.warnings[0]).toBe(
      `deployment "nightly" (${first.id}) is archived and left out: the later archived deployment ${second.id} is written under that name instead`,
    );
  });
});
