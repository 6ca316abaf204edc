// Lookups against a listening emulator, reading their connection the way a program does (the stack config
// `qoder:token` and `qoder:baseUrl`, set here through Pulumi's runtime config): each kind by id and by list with
// the API's filters, in the resources' shape; a missing id as a clear LookupError naming it; the Output forms,
// which wait for unknown inputs without calling the API and turn secret-like results into Pulumi secrets.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createClient, type QoderClient } from "../../provider/client";
import * as lookups from "../../provider/lookups";
import { closeLookupClients, LookupError } from "../../provider/lookups";
import { PROVIDER_TOKEN, skillDirectory, skillManifest, useProvider } from "../support/provider";

const harness = useProvider();
let client: QoderClient;

const OWNER = "stack_0123/team-b/prod/Agent/reviewer";
const MISSING = (prefix: string) => `${prefix}00000000000000000000000000000000`;
const EVENTS = [{ type: "user.message" as const, content: [{ type: "text" as const, text: "Write the status report." }] }];

/** The stack config a program of this stack would see. */
function stackConfig(values: Record<string, string>): void {
  pulumi.runtime.setAllConfig(values, ["qoder:token"]);
}

/** An Output's value, whether it is known and whether it is a secret (the SDK's own promises). */
async function settled<T>(output: pulumi.Output<T>): Promise<{ value: T | undefined; known: boolean; secret: boolean }> {
  const inner = output as unknown as { promise(withUnknowns?: boolean): Promise<T>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
  return { value: await inner.promise(true), known: await inner.isKnown, secret: await inner.isSecret };
}

const gets = (route: string) => harness.emulator.admin.count("GET", route);

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
    "lookups",
    "dev",
    false,
  );
  client = createClient({ baseUrl: harness.emulator.baseUrl, token: PROVIDER_TOKEN });
});
beforeEach(() => {
  for (const name of ["QODER_ACCESS_TOKEN", "QODER_PAT", "QODER_BASE_URL"]) vi.stubEnv(name, "");
  stackConfig({ "qoder:token": PROVIDER_TOKEN, "qoder:baseUrl": harness.emulator.baseUrl });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await closeLookupClients();
  await client.close();
});

describe("lookups by id and by list", () => {
  it("lookups: getAgent reads an agent in the resource's shape, its owner metadata as managedBy", async () => {
    const created = await client.agents.create({
      name: "reviewer",
      model: { id: "ultimate", effort: "high" },
      system: "Review pull requests.",
      metadata: { team: "b", "pulumi-qoder.owner": OWNER },
    });
    const agent = await lookups.getAgent({ id: created.id });
    expect(agent).toEqual({
      id: created.id,
      name: "reviewer",
      description: "",
      model: { id: "ultimate", effort: "high" },
      system: "Review pull requests.",
      tools: [],
      mcpServers: [],
      skills: [],
      multiagent: null,
      version: 1,
      archivedAt: null,
      createdAt: created.createdAt,
      updatedAt: created.updatedAt,
      metadata: { team: "b" },
      managedBy: OWNER,
    });
  });

  it("lookups: listAgents leaves archived agents out unless includeArchived", async () => {
    const live = await client.agents.create({ name: "live", model: "auto" });
    const old = await client.agents.create({ name: "old", model: "auto" });
    await client.agents.archive(old.id);
    expect((await lookups.listAgents()).map((agent) => agent.id)).toEqual([live.id]);
    const all = await lookups.listAgents({ includeArchived: true });
    expect(all.map((agent) => agent.id).sort()).toEqual([live.id, old.id].sort());
    expect(all.find((agent) => agent.id === old.id)?.archivedAt).toEqual(expect.any(String));
    expect(all.find((agent) => agent.id === live.id)?.managedBy).toBeNull();
  });

  it("lookups: getEnvironment and listEnvironments, with the archived filter", async () => {
    const sandbox = await client.environments.create({
      name: "sandbox",
      config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.github.com"] } },
    });
    const retired = await client.environments.create({ name: "retired" });
    await client.environments.archive(retired.id);
    const environment = await lookups.getEnvironment({ id: sandbox.id });
    expect(environment).toMatchObject({ id: sandbox.id, name: "sandbox", description: "", archivedAt: null, metadata: {}, managedBy: null });
    expect(environment.config).toMatchObject({ type: "cloud", networking: { type: "limited", allowedHosts: ["api.github.com"] } });
    expect((await lookups.listEnvironments()).map((one) => one.name)).toEqual(["sandbox"]);
    expect((await lookups.listEnvironments({ includeArchived: true })).map((one) => one.name).sort()).toEqual(["retired", "sandbox"]);
  });

  it("lookups: getSkill and listSkills carry the SKILL.md name and description of the latest version", async () => {
    const dir = skillDirectory({ "SKILL.md": skillManifest("code-review", "Reviews code") });
    try {
      const created = await client.skills.create({ files: dir.dir, displayTitle: "Code review" });
      const skill = await lookups.getSkill({ id: created.id });
      expect(skill).toEqual({
        id: created.id,
        displayTitle: "Code review",
        skillName: "code-review",
        description: "Reviews code",
        source: "custom",
        latestVersion: created.latestVersion,
        createdAt: created.createdAt,
        updatedAt: created.updatedAt,
        metadata: {},
        managedBy: null,
      });
      expect(await lookups.listSkills()).toEqual([skill]);
    } finally {
      dir.dispose();
    }
  });

  it("lookups: getVault and listVaults, with the archived filter", async () => {
    const vault = await client.vaults.create({ displayName: "tools", metadata: { team: "b" } });
    const old = await client.vaults.create({ displayName: "old" });
    await client.vaults.archive(old.id);
    expect(await lookups.getVault({ id: vault.id })).toEqual({
      id: vault.id,
      displayName: "tools",
      archivedAt: null,
      createdAt: vault.createdAt,
      updatedAt: vault.updatedAt,
      metadata: { team: "b" },
      managedBy: null,
    });
    expect((await lookups.listVaults()).map((one) => one.id)).toEqual([vault.id]);
    expect(await lookups.listVaults({ includeArchived: true })).toHaveLength(2);
  });

  it("lookups: getMemoryStore and listMemoryStores, with the archived filter", async () => {
    const store = await client.memoryStores.create({ name: "notes", description: "What reviewers learned" });
    const old = await client.memoryStores.create({ name: "old" });
    await client.memoryStores.archive(old.id);
    expect(await lookups.getMemoryStore({ id: store.id })).toMatchObject({
      id: store.id,
      name: "notes",
      description: "What reviewers learned",
      archivedAt: null,
      managedBy: null,
    });
    expect((await lookups.listMemoryStores()).map((one) => one.name)).toEqual(["notes"]);
    expect((await lookups.listMemoryStores({ includeArchived: true })).map((one) => one.name).sort()).toEqual(["notes", "old"]);
  });

  it("lookups: getFile and listFiles, by name prefix and by session scope", async () => {
    const upload = (filename: string) => client.files.create({ content: Buffer.from("# runbook\n"), filename, mediaType: "text/markdown" });
    const runbook = await upload("Runbook.md");
    const checklist = await upload("checklist.md");
    harness.emulator.admin.patch("files", checklist.id, { scope: { id: "sess_1", type: "session" } });
    expect(await lookups.getFile({ id: runbook.id })).toEqual({
      id: runbook.id,
      filename: "Runbook.md",
      sizeBytes: 10,
      mimeType: "text/markdown",
      downloadable: false,
      scope: null,
      createdAt: runbook.createdAt,
      metadata: {},
      managedBy: null,
    });
    expect((await lookups.listFiles({ name: "run" })).map((file) => file.id)).toEqual([runbook.id]);
    expect((await lookups.listFiles({ scopeId: "sess_1" })).map((file) => file.id)).toEqual([checklist.id]);
    expect(await lookups.listFiles()).toHaveLength(2);
  });

  it("lookups: getDeployment reads a deployment as its resource declares it, with its outputs", async () => {
    const agent = await client.agents.create({ name: "reporter", model: "auto" });
    const environment = await client.environments.create({ name: "ci" });
    const created = await client.deployments.create({
      name: "nightly",
      agent: agent.id,
      environmentId: environment.id,
      schedule: { type: "cron", expression: "0 9 * * 1-5", timezone: "Europe/Berlin" },
      initialEvents: EVENTS,
      environmentVariables: "LOG_LEVEL=info\nREGION=eu",
      metadata: { team: "b" },
    });
    await client.deployments.pause(created.id);
    const deployment = await lookups.getDeployment({ id: created.id });
    expect(deployment).toMatchObject({
      id: created.id,
      name: "nightly",
      description: "",
      agent: { id: agent.id, version: 1 },
      agentVersion: 1,
      environmentId: environment.id,
      schedule: { cron: "0 9 * * 1-5", timezone: "Europe/Berlin" },
      scheduleDescription: "At 09:00, Monday through Friday (Europe/Berlin)",
      initialEvents: EVENTS,
      resources: [],
      vaultIds: [],
      environmentVariables: { LOG_LEVEL: "info", REGION: "eu" },
      paused: true,
      status: "paused",
      pausedReason: { type: "manual" },
      archivedAt: null,
      metadata: { team: "b" },
      managedBy: null,
    });
    expect(deployment.upcomingRunsAt).toHaveLength(5);
  });

  it("lookups: listDeployments filters by status, by agent, and by archived", async () => {
    const first = await client.agents.create({ name: "first", model: "auto" });
    const second = await client.agents.create({ name: "second", model: "auto" });
    const environmentId = (await client.environments.create({ name: "ci" })).id;
    const deploy = (name: string, agent: string) => client.deployments.create({ name, agent, environmentId, initialEvents: EVENTS });
    const daily = await deploy("daily", first.id);
    const weekly = await deploy("weekly", second.id);
    const paused = await deploy("paused", first.id);
    const archived = await deploy("archived", first.id);
    await client.deployments.pause(paused.id);
    await client.deployments.archive(archived.id);
    const ids = async (args?: lookups.ListDeploymentsArgs) => (await lookups.listDeployments(args)).map((one) => one.id).sort();
    expect(await ids()).toEqual([daily.id, weekly.id, paused.id].sort());
    expect(await ids({ status: "paused" })).toEqual([paused.id]);
    expect(await ids({ status: "active", agentId: first.id })).toEqual([daily.id]);
    expect(await ids({ agentId: first.id, includeArchived: true })).toEqual([daily.id, paused.id, archived.id].sort());
  });
});

describe("lookups that fail", () => {
  const byId = [
    ["getAgent", lookups.getAgent, "agent_", "agent"],
    ["getEnvironment", lookups.getEnvironment, "env_", "environment"],
    ["getSkill", lookups.getSkill, "skill_", "skill"],
    ["getVault", lookups.getVault, "vault_", "vault"],
    ["getMemoryStore", lookups.getMemoryStore, "memstore_", "memory store"],
    ["getFile", lookups.getFile, "file_", "file"],
    ["getDeployment", lookups.getDeployment, "dep_", "deployment"],
  ] as const;

  for (const [name, lookup, prefix, noun] of byId) {
    it(`lookups: ${name} of a missing id fails with a LookupError naming the id and the account`, async () => {
      const id = MISSING(prefix);
      const err = await (lookup as (args: { id: string }) => Promise<unknown>)({ id }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(err).toBeInstanceOf(LookupError);
      expect((err as LookupError).notFound).toBe(true);
      expect((err as Error).message).toBe(
        `${name}: no ${noun} "${id}" in the Qoder account at ${harness.emulator.baseUrl} (404). Check the id, and that ` +
          "qoder:baseUrl, qoder:region or QODER_BASE_URL name the account that holds it.",
      );
      expect((err as Error).message).not.toContain(PROVIDER_TOKEN);
    });
  }

  it("lookups: an id of another kind is refused before any request", async () => {
    harness.emulator.admin.clearLog();
    await expect(lookups.getAgent({ id: "env_123" })).rejects.toThrow(new LookupError('getAgent: id must be an agent id (agent_…); got "env_123"'));
    await expect(lookups.getVault({ id: "" })).rejects.toThrow(new LookupError("getVault: id is required (a vault id)"));
    expect(harness.emulator.admin.stats().total).toBe(0);
  });

  it("lookups: an Output given to the Promise form points at the Output form", async () => {
    const id = pulumi.output("agent_1") as unknown as string;
    await expect(lookups.getAgent({ id })).rejects.toThrow(
      "getAgent: id is an Output; use getAgentOutput({ id }) to look up an id another resource computes",
    );
  });

  it("lookups: a refused token fails with the API's error and never shows the token", async () => {
    stackConfig({ "qoder:token": "pt-not-a-valid-token-0000", "qoder:baseUrl": harness.emulator.baseUrl });
    const err = (await lookups.listAgents().catch((error: unknown) => error)) as LookupError;
    expect(err).toBeInstanceOf(LookupError);
    expect(err.notFound).toBe(false);
    expect(err.message).toMatch(/^listAgents: GET \/agents: 401/);
    expect(err.message).not.toContain("pt-not-a-valid-token-0000");
  });
});

describe("the connection lookups read", () => {
  it("lookups: without qoder:token in the stack config, QODER_ACCESS_TOKEN is used, as the provider does", async () => {
    stackConfig({ "qoder:baseUrl": harness.emulator.baseUrl });
    vi.stubEnv("QODER_ACCESS_TOKEN", PROVIDER_TOKEN);
    await client.agents.create({ name: "from-env", model: "auto" });
    expect((await lookups.listAgents()).map((agent) => agent.name)).toEqual(["from-env"]);
  });

  it("lookups: without qoder:baseUrl, QODER_BASE_URL is used", async () => {
    stackConfig({ "qoder:token": PROVIDER_TOKEN });
    vi.stubEnv("QODER_BASE_URL", harness.emulator.baseUrl);
    expect(await lookups.listVaults()).toEqual([]);
  });

  it("lookups: no token anywhere is the provider's own message, before any request", async () => {
    stackConfig({ "qoder:baseUrl": harness.emulator.baseUrl });
    harness.emulator.admin.clearLog();
    await expect(lookups.listAgents()).rejects.toThrow(
      "listAgents: No Qoder API token: run `pulumi config set --secret qoder:token <token>`, or set QODER_ACCESS_TOKEN (or QODER_PAT).",
    );
    expect(harness.emulator.admin.stats().total).toBe(0);
  });

  it("lookups: an unknown qoder:region is refused with the key's name", async () => {
    stackConfig({ "qoder:token": PROVIDER_TOKEN, "qoder:region": "eu" });
    await expect(lookups.getAgent({ id: "agent_1" })).rejects.toThrow(
      'getAgent: qoder:region must be "intl" or "cn" (or set qoder:baseUrl); got "eu"',
    );
  });

  it("lookups: an explicit client wins over the stack config", async () => {
    stackConfig({ "qoder:token": PROVIDER_TOKEN, "qoder:baseUrl": "http://127.0.0.1:9/api/v1/cloud" });
    await client.memoryStores.create({ name: "explicit" });
    expect((await lookups.listMemoryStores({}, { client })).map((store) => store.name)).toEqual(["explicit"]);
  });
});

describe("the Output forms", () => {
  it("lookups: getAgentOutput reads the agent an Output names, as a plain (not secret) Output", async () => {
    const created = await client.agents.create({ name: "reviewer", model: "auto" });
    const found = await settled(lookups.getAgentOutput({ id: pulumi.output(created.id) }));
    expect(found).toMatchObject({ known: true, secret: false, value: { id: created.id, name: "reviewer", version: 1 } });
  });

  it("lookups: a secret id makes the result a secret", async () => {
    const created = await client.agents.create({ name: "reviewer", model: "auto" });
    expect((await settled(lookups.getAgentOutput({ id: pulumi.secret(created.id) }))).secret).toBe(true);
  });

  it("lookups: a deployment's Output is a secret while it has environment variables", async () => {
    const agent = (await client.agents.create({ name: "reporter", model: "auto" })).id;
    const environmentId = (await client.environments.create({ name: "ci" })).id;
    const plain = await client.deployments.create({ name: "plain", agent, environmentId, initialEvents: EVENTS });
    const withVariables = await client.deployments.create({
      name: "variables",
      agent,
      environmentId,
      initialEvents: EVENTS,
      environmentVariables: "API_KEY=k-123",
    });
    expect((await settled(lookups.getDeploymentOutput({ id: plain.id }))).secret).toBe(false);
    const secret = await settled(lookups.getDeploymentOutput({ id: withVariables.id }));
    expect(secret).toMatchObject({ secret: true, value: { environmentVariables: { API_KEY: "k-123" } } });
    expect((await settled(lookups.listDeploymentsOutput())).secret).toBe(true);
    expect((await settled(lookups.listDeploymentsOutput({ agentId: "agent_none" }))).secret).toBe(false);
  });

  it("lookups: the list Output forms take Outputs as filters", async () => {
    const live = await client.agents.create({ name: "live", model: "auto" });
    const old = await client.agents.create({ name: "old", model: "auto" });
    await client.agents.archive(old.id);
    const all = await settled(lookups.listAgentsOutput({ includeArchived: pulumi.output(true) }));
    expect(all.value?.map((agent) => agent.id).sort()).toEqual([live.id, old.id].sort());
  });

  it("lookups: in a preview, an id not known yet makes no request and leaves the result unknown", async () => {
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
      "lookups",
      "dev",
      true,
    );
    try {
      stackConfig({ "qoder:token": PROVIDER_TOKEN, "qoder:baseUrl": harness.emulator.baseUrl });
      harness.emulator.admin.clearLog();
      const unknownId = pulumi.output(pulumi.unknown) as unknown as pulumi.Output<string>;
      const found = await settled(lookups.getAgentOutput({ id: unknownId }));
      expect(found).toEqual({ value: undefined, known: false, secret: false });
      expect(harness.emulator.admin.stats().total).toBe(0);
      // A known id is read in a preview too: lookups call the API whenever the program runs.
      const created = await client.agents.create({ name: "known", model: "auto" });
      expect((await settled(lookups.getAgentOutput({ id: created.id }))).value?.name).toBe("known");
      expect(gets("/agents/:agent_id")).toBe(1);
    } finally {
      await pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
        "lookups",
        "dev",
        false,
      );
    }
  });
});
