// Deployments and their runs, client ↔ emulator (CONTRACT.md "Deployments"; api-deployments.md §11, whose
// decisions are binding): every route, every decision, the errors with their types and params, idempotent
// replays, and the scheduled-run test hook with auto-pause.
import { beforeEach, describe, expect, it } from "vitest";
import { deploymentSecrets } from "../../emulator/routes/deployment";
import { upcomingRuns } from "../../provider/api/cron";
import {
  BadRequestError,
  ConflictError,
  type Deployment,
  type DeploymentCreateParams,
  type DeploymentRun,
  NotFoundError,
} from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const TOKEN_SECRET = "ghp_contract_secret_4242";
const DAILY = { type: "cron" as const, expression: "0 9 * * *", timezone: "Asia/Shanghai" };
const EVENTS = [{ type: "user.message" as const, content: [{ type: "text" as const, text: "Write the status report." }] }];
const WHOLE_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const MISSING = (prefix: string) => `${prefix}_00000000000000000000000000000000`;
let agentId: string;
let environmentId: string;

beforeEach(async () => {
  agentId = (await t.client.agents.create({ name: "reporter", model: "ultimate" })).id;
  environmentId = (await t.client.environments.create({ name: "ci" })).id;
});

const params = (overrides: Record<string, unknown> = {}): DeploymentCreateParams =>
  ({ name: "nightly", agent: agentId, environmentId, initialEvents: EVENTS, ...overrides }) as DeploymentCreateParams;
const create = (overrides: Record<string, unknown> = {}): Promise<Deployment> => t.client.deployments.create(params(overrides));
const errorOf = async (promise: Promise<unknown>) => {
  const err = await rejectionOf(promise);
  return { status: err.status, type: err.type, param: err.param, message: err.apiMessage };
};
const fire = (id: string, options: { failWith?: string; scheduledAt?: string } = {}) =>
  t.emulator.admin.fireScheduledRun(id, options) as unknown as { id: string; session_id: string | null; error: { type: string } | null };
/** Requests to the deployment routes (the agent and environment of beforeEach left out). */
const logged = (method: string) => t.emulator.admin.requests().filter((entry) => entry.method === method && entry.route.startsWith("/deployments"));
const replays = () => t.emulator.admin.requests().filter((entry) => entry.replayed).length;

describe("routes (§11.1, §11.2)", () => {
  it("deployment: create answers HTTP 201 with the full deployment", async () => {
    const deployment = await create({ schedule: DAILY });
    expect([logged("POST").map((entry) => entry.status), deployment.type, deployment.status, deployment.id]).toEqual([
      [201],
      "deployment",
      "active",
      expect.stringMatching(/^dep_[0-9a-f]{32}$/),
    ]);
  });

  it("deployment: every other call answers HTTP 200", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.deployments.update(deployment.id, { description: "d" });
    await t.client.deployments.pause(deployment.id);
    await t.client.deployments.unpause(deployment.id);
    await t.client.deployments.run(deployment.id);
    await t.client.deployments.archive(deployment.id);
    expect(logged("POST").map((entry) => entry.status)).toEqual([201, 200, 200, 200, 200, 200]);
  });

  it("deployment: retrieve returns the stored deployment", async () => {
    const deployment = await create({ schedule: DAILY });
    await expect(t.client.deployments.retrieve(deployment.id)).resolves.toEqual(deployment);
  });

  it("deployment: retrieve of an unknown id is a 404", async () => {
    await expect(errorOf(t.client.deployments.retrieve(MISSING("dep")))).resolves.toMatchObject({ status: 404, type: "not_found_error" });
  });

  it("deployment: DELETE /deployments/{id} is a 404 like an unknown route, and the deployment stays", async () => {
    const deployment = await create();
    const deleting = t.clientThrough((request) => ({ ...request, method: "DELETE" }));
    await expect(deleting.deployments.retrieve(deployment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.deployments.retrieve(deployment.id)).resolves.toMatchObject({ id: deployment.id, archivedAt: null });
  });

  it("deployment: run history is readable in both list forms and both get forms", async () => {
    const deployment = await create();
    const run = await t.client.deployments.run(deployment.id);
    const reads = [
      (await t.client.deployments.runs.list(deployment.id).toArray()).map((r) => r.id),
      (await t.client.deployments.runs.listAll().toArray()).map((r) => r.id),
      (await t.client.deployments.runs.retrieve(deployment.id, run.id)).id,
      (await t.client.deployments.runs.retrieveAny(run.id)).id,
    ];
    expect(reads).toEqual([[run.id], [run.id], run.id, run.id]);
  });

  it("deployment: a run read through another deployment is a 404, an unknown run too", async () => {
    const first = await create();
    const second = await create({ name: "other" });
    const run = await t.client.deployments.run(first.id);
    await expect(t.client.deployments.runs.retrieve(second.id, run.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.deployments.runs.retrieveAny(MISSING("drun"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.deployments.runs.list(MISSING("dep")).toArray()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("shapes (§11.3, §11.14)", () => {
  it("deployment: unset fields come back as the D2 defaults", async () => {
    const deployment = await create();
    expect(deployment).toMatchObject({
      description: "",
      environmentVariables: "",
      resources: [],
      vaultIds: [],
      metadata: {},
      schedule: null,
      pausedReason: null,
      budget: null,
      archivedAt: null,
    });
  });

  it("deployment: environment variables come back as the KEY=VALUE string sent", async () => {
    const deployment = await create({ environmentVariables: "FEATURE_FLAG=on\nLOG_LEVEL=info" });
    expect(deployment.environmentVariables).toBe("FEATURE_FLAG=on\nLOG_LEVEL=info");
  });

  it("deployment: string content (D1) is stored and echoed as one text block", async () => {
    const deployment = await create({
      initialEvents: [
        { type: "system.message", content: "Be brief." },
        { type: "user.message", content: "Report" },
      ],
    });
    expect(deployment.initialEvents).toEqual([
      { type: "system.message", content: [{ type: "text", text: "Be brief." }] },
      { type: "user.message", content: [{ type: "text", text: "Report" }] },
    ]);
  });

  it("deployment: a define_outcome event is echoed as sent", async () => {
    const outcome = { type: "user.define_outcome", description: "All tests pass", rubric: { type: "text", content: "green CI" }, maxIterations: 5 };
    const deployment = await create({ initialEvents: [outcome] });
    expect(deployment.initialEvents).toEqual([outcome]);
  });

  it("deployment: metadata comes back as given, cas_config included and nothing injected", async () => {
    const casConfig = { session_strategy: "new_session", config: { max_retries: 2 } };
    const deployment = await create({ metadata: { team: "platform", cas_config: casConfig } });
    expect(deployment.metadata).toEqual({ team: "platform", cas_config: casConfig });
  });

  it("deployment: a budget is accepted and echoed; null clears it", async () => {
    const budget = { type: "limit", maxListCost: { amount: "10.00", currency: "USD" } };
    const deployment = await create({ budget });
    const cleared = await t.client.deployments.update(deployment.id, { budget: null });
    expect([deployment.budget, cleared.budget]).toEqual([budget, null]);
  });

  it("deployment: times are whole-second UTC", async () => {
    const deployment = await create({ schedule: DAILY });
    const run = await t.client.deployments.run(deployment.id);
    expect([deployment.createdAt, deployment.updatedAt, run.createdAt, ...(deployment.schedule?.upcomingRunsAt ?? [])]).toEqual(
      Array(8).fill(expect.stringMatching(WHOLE_SECOND)),
    );
  });

  it("deployment: a run carries no status, only session id or error", async () => {
    const deployment = await create();
    const run = await t.client.deployments.run(deployment.id);
    expect(Object.keys(run).sort()).toEqual(["agent", "createdAt", "deploymentId", "error", "id", "sessionId", "triggerContext", "type"]);
  });
});

describe("create validation (§11.4)", () => {
  it.each([
    ["an empty name", { name: "" }, "name"],
    ["a name over 256 characters", { name: "n".repeat(257) }, "name"],
    ["a missing environment_id", { environmentId: undefined }, "environment_id"],
    ["an agent object without type", { agent: "OBJECT_WITHOUT_TYPE" }, "agent"],
    ["an agent version 0", { agent: "VERSION_0" }, "agent.version"],
    ["more than 50 vault ids", { vaultIds: Array(51).fill("vault_x") }, "vault_ids"],
    ["no initial events", { initialEvents: [] }, "initial_events"],
    ["51 initial events", { initialEvents: Array(51).fill(EVENTS[0]) }, "initial_events"],
    ["an event of an unknown type", { initialEvents: [{ type: "user.tool_result", content: "x" }] }, "initial_events.0.type"],
    ["only a system.message", { initialEvents: [{ type: "system.message", content: "x" }] }, "initial_events"],
    ["more than 500 resources", { resources: Array(501).fill({ type: "file", fileId: "file_x" }) }, "resources"],
    ["17 metadata keys", { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }, "metadata"],
  ])("deployment: %s is a 400 on the field", async (_label, overrides, param) => {
    const body: Record<string, unknown> = { ...overrides };
    if (body.agent === "OBJECT_WITHOUT_TYPE") body.agent = { id: agentId };
    if (body.agent === "VERSION_0") body.agent = { type: "agent", id: agentId, version: 0 };
    await expect(errorOf(create(body))).resolves.toMatchObject({ status: 400, type: "invalid_request_error", param });
  });

  it("deployment: 16 metadata keys plus cas_config are accepted (cas_config is exempt)", async () => {
    const metadata = { ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"])), cas_config: { session_strategy: "new_session" } };
    await expect(create({ metadata })).resolves.toMatchObject({ metadata });
  });

  it("deployment: a string agent is pinned to the agent's current latest version", async () => {
    await t.client.agents.update(agentId, { version: 1, system: "v2" });
    await expect(create()).resolves.toMatchObject({ agent: { id: agentId, type: "agent", version: 2 } });
  });

  it("deployment: an agent object without version takes the latest; with one it pins that version", async () => {
    await t.client.agents.update(agentId, { version: 1, system: "v2" });
    const latest = await create({ agent: { type: "agent", id: agentId } });
    const pinned = await create({ name: "pinned", agent: { type: "agent", id: agentId, version: 1 } });
    expect([latest.agent.version, pinned.agent.version]).toEqual([2, 1]);
  });

  it("deployment: a version the agent never had is a 400 on agent.version", async () => {
    await expect(errorOf(create({ agent: { type: "agent", id: agentId, version: 7 } }))).resolves.toMatchObject({
      status: 400,
      param: "agent.version",
    });
  });

  it("deployment: an unknown agent is a 404", async () => {
    await expect(errorOf(create({ agent: MISSING("agent") }))).resolves.toMatchObject({ status: 404, type: "not_found_error" });
  });

  it("deployment: an archived agent is a 400 on agent", async () => {
    await t.client.agents.archive(agentId);
    await expect(errorOf(create())).resolves.toMatchObject({ status: 400, type: "invalid_request_error", param: "agent" });
  });

  it("deployment: an unknown environment is a 404", async () => {
    await expect(errorOf(create({ environmentId: MISSING("env") }))).resolves.toMatchObject({ status: 404, type: "not_found_error" });
  });

  it("deployment: an archived environment is a 400 on environment_id", async () => {
    await t.client.environments.archive(environmentId);
    await expect(errorOf(create())).resolves.toMatchObject({ status: 400, param: "environment_id" });
  });

  it("deployment: an unknown vault is a 404; an archived one a 400 on its index", async () => {
    const vault = await t.client.vaults.create({ displayName: "v" });
    await t.client.vaults.archive(vault.id);
    await expect(errorOf(create({ vaultIds: [MISSING("vault")] }))).resolves.toMatchObject({ status: 404 });
    await expect(errorOf(create({ vaultIds: [vault.id] }))).resolves.toMatchObject({ status: 400, param: "vault_ids.0" });
  });

  it("deployment: an unknown file or memory store resource is a 404", async () => {
    await expect(errorOf(create({ resources: [{ type: "file", fileId: MISSING("file") }] }))).resolves.toMatchObject({ status: 404 });
    await expect(errorOf(create({ resources: [{ type: "memory_store", memoryStoreId: MISSING("memstore") }] }))).resolves.toMatchObject({
      status: 404,
    });
  });

  it("deployment: a rubric file that does not exist is a 404", async () => {
    const outcome = { type: "user.define_outcome", description: "d", rubric: { type: "file", fileId: MISSING("file") } };
    await expect(errorOf(create({ initialEvents: [outcome] }))).resolves.toMatchObject({ status: 404 });
  });

  it("deployment: existing vault, file and memory store resources are accepted and echoed", async () => {
    const vault = await t.client.vaults.create({ displayName: "v" });
    const store = await t.client.memoryStores.create({ name: "notes" });
    const file = await t.client.files.create({ content: Buffer.from("# Runbook"), filename: "runbook.md", mediaType: "text/markdown" });
    const resources = [
      { type: "memory_store", memoryStoreId: store.id, access: "read_only", instructions: "Notes" },
      { type: "file", fileId: file.id, mountPath: "/mnt/runbook.md" },
    ];
    await expect(create({ vaultIds: [vault.id], resources })).resolves.toMatchObject({ vaultIds: [vault.id], resources });
  });

  it("deployment: a self-hosted environment with a file resource is accepted at create", async () => {
    const selfHosted = await t.client.environments.create({ name: "own", config: { type: "self_hosted" } });
    const file = await t.client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" });
    await expect(create({ environmentId: selfHosted.id, resources: [{ type: "file", fileId: file.id }] })).resolves.toMatchObject({
      environmentId: selfHosted.id,
    });
  });
});

describe("github repository tokens are write-only", () => {
  const repository = {
    type: "github_repository",
    url: "https://github.com/acme/app.git",
    authorizationToken: TOKEN_SECRET,
    checkout: { type: "branch", name: "main" },
  };

  it("deployment: the authorization token reaches the server but never comes back", async () => {
    const deployment = await create({ resources: [repository] });
    const reads = [deployment, await t.client.deployments.retrieve(deployment.id), await t.client.deployments.list().toArray()];
    expect([deployment.resources, JSON.stringify(reads).includes(TOKEN_SECRET), deploymentSecrets(t.emulator.state, deployment.id)]).toEqual([
      [{ type: "github_repository", url: repository.url, checkout: { type: "branch", name: "main" } }],
      false,
      [TOKEN_SECRET],
    ]);
  });

  it("deployment: the token is neither in the stored objects nor in the request log", async () => {
    const deployment = await create({ resources: [repository] });
    await t.client.deployments.update(deployment.id, { resources: [{ ...repository, authorizationToken: `${TOKEN_SECRET}-2` }] as never });
    const seen = JSON.stringify([t.emulator.state.snapshot(), t.emulator.admin.list("deployments"), t.emulator.admin.requests()]);
    expect([seen.includes(TOKEN_SECRET), deploymentSecrets(t.emulator.state, deployment.id)]).toEqual([false, [`${TOKEN_SECRET}-2`]]);
  });

  it("deployment: a github resource without a token is a 400 on it", async () => {
    const { authorizationToken: _token, ...withoutToken } = repository;
    await expect(errorOf(create({ resources: [withoutToken] }))).resolves.toMatchObject({ status: 400, param: "resources.0.authorization_token" });
  });
});

describe("cron (§11.5)", () => {
  it.each([
    ["six fields", "0 0 9 * * *"],
    ["an @daily shortcut", "@daily"],
    ["L in day of month", "0 9 L * *"],
    ["# in day of week", "0 9 * * 1#2"],
    ["a minute of 60", "60 9 * * *"],
  ])("deployment: %s is a 400 on schedule.expression", async (_label, expression) => {
    await expect(errorOf(create({ schedule: { ...DAILY, expression } }))).resolves.toMatchObject({
      status: 400,
      type: "invalid_request_error",
      param: "schedule.expression",
    });
  });

  it("deployment: a timezone that is not IANA is a 400 on schedule.timezone", async () => {
    await expect(errorOf(create({ schedule: { ...DAILY, timezone: "+08:00" } }))).resolves.toMatchObject({ status: 400, param: "schedule.timezone" });
  });

  it.each([
    ["weekday and month names", "30 9 * JAN-DEC MON-FRI"],
    ["day of week 7 for Sunday", "0 9 * * 7"],
    ["every minute (no minimum interval)", "* * * * *"],
    ["steps and lists", "*/15 8-18 1,15 * *"],
  ])("deployment: %s are accepted", async (_label, expression) => {
    await expect(create({ schedule: { ...DAILY, expression } })).resolves.toMatchObject({ schedule: { expression } });
  });

  it("deployment: a schedule that is not cron is a 400", async () => {
    await expect(errorOf(create({ schedule: { ...DAILY, type: "rate" } }))).resolves.toMatchObject({ status: 400, param: "schedule.type" });
  });
});

describe("computed schedule fields (§11.6)", () => {
  it("deployment: upcomingRunsAt holds the next 5 fire times in the deployment's timezone, as UTC", async () => {
    const deployment = await create({ schedule: DAILY });
    const expected = upcomingRuns(DAILY.expression, DAILY.timezone);
    expect([deployment.schedule?.upcomingRunsAt, expected.every((time) => time.endsWith("T01:00:00Z"))]).toEqual([expected, true]);
  });

  it("deployment: without a schedule it is manual-only (schedule null)", async () => {
    await expect(create()).resolves.toMatchObject({ schedule: null });
  });

  it("deployment: lastRunAt is omitted until a run, and a manual run sets it", async () => {
    const deployment = await create({ schedule: DAILY });
    const run = await t.client.deployments.run(deployment.id);
    const after = await t.client.deployments.retrieve(deployment.id);
    expect(["lastRunAt" in (deployment.schedule ?? {}), after.schedule?.lastRunAt]).toEqual([false, run.createdAt]);
  });

  it("deployment: upcomingRunsAt is kept while paused and emptied once archived; lastRunAt survives", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.deployments.run(deployment.id);
    const paused = await t.client.deployments.pause(deployment.id);
    const archived = await t.client.deployments.archive(deployment.id);
    expect([paused.schedule?.upcomingRunsAt.length, archived.schedule?.upcomingRunsAt, archived.schedule?.lastRunAt]).toEqual([
      5,
      [],
      expect.stringMatching(WHOLE_SECOND),
    ]);
  });
});

describe("names (§11.7)", () => {
  it("deployment: a name a live deployment has is a 409 on create", async () => {
    await create();
    await expect(errorOf(create())).resolves.toMatchObject({ status: 409, type: "conflict_error", param: "name" });
  });

  it("deployment: renaming onto a live deployment's name is a 409", async () => {
    await create();
    const other = await create({ name: "other" });
    await expect(errorOf(t.client.deployments.update(other.id, { name: "nightly" }))).resolves.toMatchObject({ status: 409, param: "name" });
  });

  it("deployment: archive renames to <name>_archived_<unix seconds>, freeing the name", async () => {
    const deployment = await create();
    const archived = await t.client.deployments.archive(deployment.id);
    const seconds = Math.floor(Date.parse(archived.archivedAt ?? "") / 1000);
    const again = await create();
    expect([archived.name, again.name]).toEqual([`nightly_archived_${seconds}`, "nightly"]);
  });

  it("deployment: an update that keeps its own name is no conflict", async () => {
    const deployment = await create();
    await expect(t.client.deployments.update(deployment.id, { name: "nightly", description: "same name" })).resolves.toMatchObject({
      name: "nightly",
    });
  });
});

describe("update (§11.8)", () => {
  it("deployment: absent fields are kept", async () => {
    const deployment = await create({ schedule: DAILY, description: "d", environmentVariables: "A=1", metadata: { team: "x" } });
    const updated = await t.client.deployments.update(deployment.id, { name: "renamed" });
    const { name: _n, updatedAt: _u, ...rest } = updated;
    const { name: _n0, updatedAt: _u0, ...before } = deployment;
    expect([updated.name, rest]).toEqual(["renamed", before]);
  });

  it("deployment: arrays are replaced whole", async () => {
    const [a, b] = [await t.client.vaults.create({ displayName: "a" }), await t.client.vaults.create({ displayName: "b" })];
    const deployment = await create({ vaultIds: [a.id] });
    const events = [{ type: "user.message", content: [{ type: "text", text: "new" }] }];
    const updated = await t.client.deployments.update(deployment.id, { vaultIds: [b.id], initialEvents: events as never });
    expect([updated.vaultIds, updated.initialEvents]).toEqual([[b.id], events]);
  });

  it.each([
    ["null", null],
    ["[]", []],
  ])("deployment: %s clears resources and vault ids", async (_label, value) => {
    const vault = await t.client.vaults.create({ displayName: "v" });
    const store = await t.client.memoryStores.create({ name: "notes" });
    const deployment = await create({ vaultIds: [vault.id], resources: [{ type: "memory_store", memoryStoreId: store.id }] });
    const updated = await t.client.deployments.update(deployment.id, { vaultIds: value, resources: value } as never);
    expect([updated.vaultIds, updated.resources]).toEqual([[], []]);
  });

  it.each([
    ["null", null],
    ["[]", []],
  ])("deployment: %s on initialEvents is a 400", async (_label, value) => {
    const deployment = await create();
    await expect(errorOf(t.client.deployments.update(deployment.id, { initialEvents: value } as never))).resolves.toMatchObject({
      status: 400,
      param: "initial_events",
    });
  });

  it.each([
    ["null", null],
    ['""', ""],
  ])("deployment: description %s clears it", async (_label, value) => {
    const deployment = await create({ description: "nightly report" });
    await expect(t.client.deployments.update(deployment.id, { description: value } as never)).resolves.toMatchObject({ description: "" });
  });

  it("deployment: metadata on update is a patch, cas_config exempt from the key limit", async () => {
    const full = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"]));
    const deployment = await create({ metadata: { ...full, cas_config: { session_strategy: "new_session" } } });
    const updated = await t.client.deployments.update(deployment.id, { metadata: { k0: null, k1: "changed", extra: "e" } as never });
    const tooMany = t.client.deployments.update(deployment.id, { metadata: { more: "m" } });
    expect([updated.metadata.k0, updated.metadata.k1, updated.metadata.extra, Object.keys(updated.metadata).length]).toEqual([
      undefined,
      "changed",
      "e",
      17,
    ]);
    await expect(errorOf(tooMany)).resolves.toMatchObject({ status: 400, param: "metadata" });
  });

  it("deployment: a schedule replaces the old one whole and upcomingRunsAt is recomputed", async () => {
    const deployment = await create({ schedule: DAILY });
    const weekdays = { type: "cron" as const, expression: "30 9 * * 1-5", timezone: "Europe/Berlin" };
    const updated = await t.client.deployments.update(deployment.id, { schedule: weekdays });
    expect(updated.schedule).toEqual({ ...weekdays, upcomingRunsAt: upcomingRuns(weekdays.expression, weekdays.timezone) });
  });

  it("deployment: a partial schedule object is a 400", async () => {
    const deployment = await create({ schedule: DAILY });
    await expect(errorOf(t.client.deployments.update(deployment.id, { schedule: { expression: "0 8 * * *" } } as never))).resolves.toMatchObject({
      status: 400,
      param: "schedule.type",
    });
  });

  it("deployment: schedule null makes it manual-only", async () => {
    const deployment = await create({ schedule: DAILY });
    await expect(t.client.deployments.update(deployment.id, { schedule: null })).resolves.toMatchObject({ schedule: null });
  });

  it.each(["name", "agent", "environmentId"])("deployment: null on %s is a 400", async (field) => {
    const deployment = await create();
    const err = await errorOf(t.client.deployments.update(deployment.id, { [field]: null } as never));
    expect([err.status, err.param]).toEqual([400, field === "environmentId" ? "environment_id" : field]);
  });

  it("deployment: a string agent re-pins the latest version; an archived agent is a 400", async () => {
    const deployment = await create();
    await t.client.agents.update(agentId, { version: 1, system: "v2" });
    const repinned = await t.client.deployments.update(deployment.id, { agent: agentId });
    const other = await t.client.agents.create({ name: "old", model: "ultimate" });
    await t.client.agents.archive(other.id);
    expect(repinned.agent.version).toBe(2);
    await expect(errorOf(t.client.deployments.update(deployment.id, { agent: other.id }))).resolves.toMatchObject({ status: 400, param: "agent" });
  });

  it("deployment: a new environment must exist and be live", async () => {
    const deployment = await create();
    const other = await t.client.environments.create({ name: "other" });
    await t.client.environments.archive(other.id);
    await expect(errorOf(t.client.deployments.update(deployment.id, { environmentId: MISSING("env") }))).resolves.toMatchObject({ status: 404 });
    await expect(errorOf(t.client.deployments.update(deployment.id, { environmentId: other.id }))).resolves.toMatchObject({
      status: 400,
      param: "environment_id",
    });
  });

  it("deployment: updating an archived deployment is a 409", async () => {
    const deployment = await create();
    await t.client.deployments.archive(deployment.id);
    await expect(errorOf(t.client.deployments.update(deployment.id, { description: "x" }))).resolves.toMatchObject({
      status: 409,
      type: "conflict_error",
    });
  });

  it("deployment: a paused deployment can be updated and stays paused", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.deployments.pause(deployment.id);
    await expect(t.client.deployments.update(deployment.id, { description: "x" })).resolves.toMatchObject({ status: "paused", description: "x" });
  });

  it("deployment: update of an unknown id is a 404", async () => {
    await expect(t.client.deployments.update(MISSING("dep"), { description: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("pause and unpause (§11.9)", () => {
  it("deployment: pause makes it paused with a manual reason; again is a 409", async () => {
    const deployment = await create({ schedule: DAILY });
    const paused = await t.client.deployments.pause(deployment.id);
    expect([paused.status, paused.pausedReason]).toEqual(["paused", { type: "manual" }]);
    await expect(errorOf(t.client.deployments.pause(deployment.id))).resolves.toMatchObject({
      status: 409,
      type: "conflict_error",
      message: "Deployment is already paused",
    });
  });

  it("deployment: unpause makes it active again and recomputes the fire times; again is a 409", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.deployments.pause(deployment.id);
    const active = await t.client.deployments.unpause(deployment.id);
    expect([active.status, active.pausedReason, active.schedule?.upcomingRunsAt]).toEqual([
      "active",
      null,
      upcomingRuns(DAILY.expression, DAILY.timezone),
    ]);
    await expect(errorOf(t.client.deployments.unpause(deployment.id))).resolves.toMatchObject({ status: 409, message: "Deployment is not paused" });
  });

  it("deployment: pause and unpause of an archived deployment are 409s", async () => {
    const deployment = await create();
    await t.client.deployments.archive(deployment.id);
    await expect(t.client.deployments.pause(deployment.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(t.client.deployments.unpause(deployment.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it("deployment: pause of an unknown id is a 404", async () => {
    await expect(t.client.deployments.pause(MISSING("dep"))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("archive (§11.10)", () => {
  it("deployment: archive sets archivedAt and updatedAt and leaves status and pausedReason", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.deployments.pause(deployment.id);
    const archived = await t.client.deployments.archive(deployment.id);
    expect([archived.archivedAt, archived.updatedAt === archived.archivedAt, archived.status, archived.pausedReason]).toEqual([
      expect.stringMatching(WHOLE_SECOND),
      true,
      "paused",
      { type: "manual" },
    ]);
  });

  it("deployment: archiving again is a 409", async () => {
    const deployment = await create();
    await t.client.deployments.archive(deployment.id);
    await expect(errorOf(t.client.deployments.archive(deployment.id))).resolves.toMatchObject({
      status: 409,
      message: "Deployment is already archived",
    });
  });

  it("deployment: an archived deployment stays readable by id and is listed only with includeArchived", async () => {
    const deployment = await create();
    await t.client.deployments.archive(deployment.id);
    const counts = [
      (await t.client.deployments.list().toArray()).length,
      (await t.client.deployments.list({ includeArchived: true }).toArray()).length,
    ];
    await expect(t.client.deployments.retrieve(deployment.id)).resolves.toMatchObject({ id: deployment.id, archivedAt: expect.any(String) });
    expect(counts).toEqual([0, 1]);
  });
});

describe("run now (§11.11)", () => {
  it("deployment: a run starts a session marked with the deployment", async () => {
    const deployment = await create({ environmentVariables: "LOG_LEVEL=info" });
    const run = await t.client.deployments.run(deployment.id);
    const session = await t.client.sessions.retrieve(run.sessionId ?? "");
    expect([run.error, run.triggerContext, run.agent, session.deploymentId, session.environmentVariables]).toEqual([
      null,
      { type: "manual" },
      { id: agentId, type: "agent", version: 1 },
      deployment.id,
      { LOG_LEVEL: "info" },
    ]);
  });

  it("deployment: sessions list filters by deployment id", async () => {
    const deployment = await create();
    const run = await t.client.deployments.run(deployment.id);
    await t.client.sessions.create({ agent: agentId, environmentId });
    const listed = await t.client.sessions.list({ deploymentId: deployment.id }).toArray();
    expect(listed.map((session) => session.id)).toEqual([run.sessionId]);
  });

  it("deployment: the run's session binds the pinned agent version, not a later one", async () => {
    const deployment = await create();
    await t.client.agents.update(agentId, { version: 1, system: "v2" });
    const run = await t.client.deployments.run(deployment.id);
    await expect(t.client.sessions.retrieve(run.sessionId ?? "")).resolves.toMatchObject({ agent: { version: 1 } });
  });

  it("deployment: a manual-only deployment runs", async () => {
    const deployment = await create({ schedule: null });
    await expect(t.client.deployments.run(deployment.id)).resolves.toMatchObject({ sessionId: expect.stringMatching(/^sess_/), error: null });
  });

  it.each([
    ["paused", (id: string) => t.client.deployments.pause(id)],
    ["archived", (id: string) => t.client.deployments.archive(id)],
  ])("deployment: running a %s deployment is a 409", async (_label, change) => {
    const deployment = await create();
    await change(deployment.id);
    await expect(errorOf(t.client.deployments.run(deployment.id))).resolves.toMatchObject({
      status: 409,
      type: "conflict_error",
      message: "Deployment is archived or not in active status",
    });
  });

  it("deployment: run of an unknown id is a 404", async () => {
    await expect(t.client.deployments.run(MISSING("dep"))).rejects.toBeInstanceOf(NotFoundError);
  });

  describe("references gone since create: 200 with the run's error, no session", () => {
    const failed = async (deployment: Deployment): Promise<DeploymentRun> => {
      const run = await t.client.deployments.run(deployment.id);
      expect(run.sessionId).toBeNull();
      return run;
    };

    it("deployment: an archived agent is agent_archived_error", async () => {
      const deployment = await create();
      await t.client.agents.archive(agentId);
      await expect(failed(deployment)).resolves.toMatchObject({ error: { type: "agent_archived_error", message: expect.stringContaining(agentId) } });
    });

    it("deployment: an agent removed out of band is agent_not_found_error", async () => {
      const deployment = await create();
      t.emulator.admin.remove("agents", agentId);
      await expect(failed(deployment)).resolves.toMatchObject({ error: { type: "agent_not_found_error" } });
    });

    it("deployment: an archived environment is environment_archived_error", async () => {
      const deployment = await create();
      await t.client.environments.archive(environmentId);
      await expect(failed(deployment)).resolves.toMatchObject({ error: { type: "environment_archived_error" } });
    });

    it("deployment: a deleted environment is environment_not_found_error", async () => {
      const deployment = await create();
      await t.client.environments.delete(environmentId);
      await expect(failed(deployment)).resolves.toMatchObject({ error: { type: "environment_not_found_error" } });
    });

    it("deployment: an archived vault is vault_archived_error, a deleted one vault_not_found_error", async () => {
      const [archived, deleted] = [await t.client.vaults.create({ displayName: "a" }), await t.client.vaults.create({ displayName: "d" })];
      const first = await create({ vaultIds: [archived.id] });
      const second = await create({ name: "second", vaultIds: [deleted.id] });
      await t.client.vaults.archive(archived.id);
      await t.client.vaults.delete(deleted.id);
      const errors = [(await failed(first)).error?.type, (await failed(second)).error?.type];
      expect(errors).toEqual(["vault_archived_error", "vault_not_found_error"]);
    });

    it("deployment: a deleted file is file_not_found_error", async () => {
      const file = await t.client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" });
      const deployment = await create({ resources: [{ type: "file", fileId: file.id }] });
      await t.client.files.delete(file.id);
      await expect(failed(deployment)).resolves.toMatchObject({ error: { type: "file_not_found_error" } });
    });

    it("deployment: an archived memory store is memory_store_archived_error, a deleted one session_resource_not_found_error", async () => {
      const [archived, deleted] = [await t.client.memoryStores.create({ name: "a" }), await t.client.memoryStores.create({ name: "d" })];
      const first = await create({ resources: [{ type: "memory_store", memoryStoreId: archived.id }] });
      const second = await create({ name: "second", resources: [{ type: "memory_store", memoryStoreId: deleted.id }] });
      await t.client.memoryStores.archive(archived.id);
      await t.client.memoryStores.delete(deleted.id);
      const errors = [(await failed(first)).error?.type, (await failed(second)).error?.type];
      expect(errors).toEqual(["memory_store_archived_error", "session_resource_not_found_error"]);
    });

    it("deployment: a self-hosted environment with a file resource fails with self_hosted_resources_unsupported_error", async () => {
      const selfHosted = await t.client.environments.create({ name: "own", config: { type: "self_hosted" } });
      const file = await t.client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" });
      const deployment = await create({ environmentId: selfHosted.id, resources: [{ type: "file", fileId: file.id }] });
      await expect(failed(deployment)).resolves.toMatchObject({ error: { type: "self_hosted_resources_unsupported_error" } });
    });

    it("deployment: a self-hosted environment with only a memory store runs", async () => {
      const selfHosted = await t.client.environments.create({ name: "own", config: { type: "self_hosted" } });
      const store = await t.client.memoryStores.create({ name: "notes" });
      const deployment = await create({ environmentId: selfHosted.id, resources: [{ type: "memory_store", memoryStoreId: store.id }] });
      await expect(t.client.deployments.run(deployment.id)).resolves.toMatchObject({ error: null, sessionId: expect.any(String) });
    });

    it("deployment: a failed run still moves lastRunAt and is in the history", async () => {
      const deployment = await create({ schedule: DAILY });
      await t.client.agents.archive(agentId);
      const run = await failed(deployment);
      const after = await t.client.deployments.retrieve(deployment.id);
      expect([after.schedule?.lastRunAt, (await t.client.deployments.runs.list(deployment.id).toArray()).map((r) => r.id)]).toEqual([
        run.createdAt,
        [run.id],
      ]);
    });
  });
});

describe("scheduled runs (test hook, §11.11, §2.5)", () => {
  it("deployment: a scheduled fire records a schedule-triggered run with its session", async () => {
    const deployment = await create({ schedule: DAILY });
    const fired = fire(deployment.id, { scheduledAt: "2026-06-15T01:00:00Z" });
    const run = await t.client.deployments.runs.retrieveAny(fired.id);
    expect([run.triggerContext, run.sessionId, run.error]).toEqual([
      { type: "schedule", scheduledAt: "2026-06-15T01:00:00Z" },
      expect.stringMatching(/^sess_/),
      null,
    ]);
  });

  it("deployment: scheduledAt defaults to the current whole second", async () => {
    const deployment = await create({ schedule: DAILY });
    const run = await t.client.deployments.runs.retrieveAny(fire(deployment.id).id);
    expect(run.triggerContext.scheduledAt).toMatch(WHOLE_SECOND);
  });

  it.each([
    "environment_archived_error",
    "agent_archived_error",
    "vault_not_found_error",
    "skill_not_found_error",
    "unknown_error",
    "mcp_egress_blocked_error",
  ])("deployment: a scheduled run failing with %s pauses the deployment", async (type) => {
    const deployment = await create({ schedule: DAILY });
    const fired = fire(deployment.id, { failWith: type });
    const after = await t.client.deployments.retrieve(deployment.id);
    expect([fired.session_id, fired.error?.type, after.status, after.pausedReason]).toEqual([
      null,
      type,
      "paused",
      { type: "error", error: { type } },
    ]);
  });

  it.each(["session_rate_limited_error", "session_creation_rejected_error"])(
    "deployment: a scheduled run failing with %s does not pause",
    async (type) => {
      const deployment = await create({ schedule: DAILY });
      fire(deployment.id, { failWith: type });
      await expect(t.client.deployments.retrieve(deployment.id)).resolves.toMatchObject({ status: "active", pausedReason: null });
    },
  );

  it("deployment: a scheduled run that finds its environment archived pauses the deployment", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.environments.archive(environmentId);
    fire(deployment.id);
    await expect(t.client.deployments.retrieve(deployment.id)).resolves.toMatchObject({
      status: "paused",
      pausedReason: { type: "error", error: { type: "environment_archived_error" } },
    });
  });

  it("deployment: a manual run that fails does not pause", async () => {
    const deployment = await create({ schedule: DAILY });
    await t.client.environments.archive(environmentId);
    await t.client.deployments.run(deployment.id);
    await expect(t.client.deployments.retrieve(deployment.id)).resolves.toMatchObject({ status: "active" });
  });

  it("deployment: unpause clears an error pause", async () => {
    const deployment = await create({ schedule: DAILY });
    fire(deployment.id, { failWith: "unknown_error" });
    await expect(t.client.deployments.unpause(deployment.id)).resolves.toMatchObject({ status: "active", pausedReason: null });
  });

  it("deployment: paused, archived and manual-only deployments do not fire", async () => {
    const paused = await create({ schedule: DAILY });
    await t.client.deployments.pause(paused.id);
    const archived = await create({ name: "archived", schedule: DAILY });
    await t.client.deployments.archive(archived.id);
    const manual = await create({ name: "manual" });
    const statuses = [paused.id, archived.id, manual.id].map((id) => {
      try {
        fire(id);
        return 200;
      } catch (error) {
        return (error as { status?: number }).status;
      }
    });
    expect(statuses).toEqual([409, 409, 409]);
  });

  it("deployment: the hook over the admin HTTP API fires a run and auto-pauses", async () => {
    const deployment = await create({ schedule: DAILY });
    const response = await fetch(`${t.emulator.url}/_emulator/deployments/${deployment.id}/scheduled_runs`, {
      method: "POST",
      body: JSON.stringify({ failWith: "vault_archived_error" }),
    });
    const run = (await response.json()) as { trigger_context: { type: string }; error: { type: string } };
    expect([response.status, run.trigger_context.type, run.error.type, (await t.client.deployments.retrieve(deployment.id)).status]).toEqual([
      201,
      "schedule",
      "vault_archived_error",
      "paused",
    ]);
  });

  it("deployment: the admin HTTP API refuses an unknown failWith type with a 400", async () => {
    const deployment = await create({ schedule: DAILY });
    const response = await fetch(`${t.emulator.url}/_emulator/deployments/${deployment.id}/scheduled_runs`, {
      method: "POST",
      body: JSON.stringify({ failWith: "made_up_error" }),
    });
    expect([response.status, ((await response.json()) as { error: { param: string } }).error.param]).toEqual([400, "failWith"]);
  });
});

describe("lists (§11.12)", () => {
  /** Deployments named d0, d1, … oldest first. */
  const many = async (count: number) => {
    const out: Deployment[] = [];
    for (let i = 0; i < count; i++) out.push(await create({ name: `d${i}` }));
    return out;
  };

  it("deployment: list walks every page newest first", async () => {
    const created = await many(5);
    const page = await t.client.deployments.list({ limit: 2 }).firstPage();
    const all = await t.client.deployments.list({ limit: 2 }).toArray();
    expect([page.data.map((d) => d.name), page.hasMore, all.map((d) => d.name)]).toEqual([["d4", "d3"], true, created.map((d) => d.name).reverse()]);
  });

  it("deployment: cursors are exclusive: afterId gives older items, beforeId newer ones", async () => {
    const [d0, d1, d2, d3] = (await many(4)) as [Deployment, Deployment, Deployment, Deployment];
    const older = await t.client.deployments.list({ afterId: d2.id }).toArray();
    const newer = await t.client.deployments.list({ beforeId: d1.id }).firstPage();
    expect([older.map((d) => d.id), newer.data.map((d) => d.id)]).toEqual([
      [d1.id, d0.id],
      [d3.id, d2.id],
    ]);
  });

  it.each([
    ["a limit over 100", { limit: 101 }, "limit"],
    ["a limit of 0", { limit: 0 }, "limit"],
    ["two cursors", { afterId: "dep_a", beforeId: "dep_b" }, "before_id"],
    ["an unknown status", { status: "running" }, "status"],
    ["a created_at bound that is no time", { "createdAt[gte]": "yesterday" }, "created_at[gte]"],
  ])("deployment: %s is a 400", async (_label, query, param) => {
    await expect(errorOf(t.client.deployments.list(query as never).firstPage())).resolves.toMatchObject({ status: 400, param });
  });

  it("deployment: list filters by status, also together with includeArchived", async () => {
    const [d0, d1, d2] = (await many(3)) as [Deployment, Deployment, Deployment];
    await t.client.deployments.pause(d0.id);
    await t.client.deployments.archive(d1.id);
    await t.client.deployments.pause(d2.id);
    await t.client.deployments.archive(d2.id);
    const ids = async (query: object) => (await t.client.deployments.list(query as never).toArray()).map((d) => d.id);
    expect([await ids({ status: "paused" }), await ids({ status: "active" }), await ids({ status: "paused", includeArchived: true })]).toEqual([
      [d0.id],
      [],
      [d2.id, d0.id],
    ]);
  });

  it("deployment: list filters by agent id", async () => {
    const other = await t.client.agents.create({ name: "other", model: "ultimate" });
    const mine = await create();
    await create({ name: "theirs", agent: other.id });
    const listed = await t.client.deployments.list({ agentId }).toArray();
    expect(listed.map((d) => d.id)).toEqual([mine.id]);
  });

  it("deployment: list filters by created_at bounds", async () => {
    const deployment = await create();
    const ids = async (query: object) => (await t.client.deployments.list(query as never).toArray()).map((d) => d.id);
    expect([
      await ids({ "createdAt[gte]": deployment.createdAt, "createdAt[lte]": deployment.createdAt }),
      await ids({ "createdAt[gte]": "2999-01-01T00:00:00Z" }),
      await ids({ "createdAt[lte]": "2000-01-01T00:00:00Z" }),
    ]).toEqual([[deployment.id], [], []]);
  });

  it("deployment: run lists are newest first and page with cursors", async () => {
    const deployment = await create();
    const runs: DeploymentRun[] = [];
    for (let i = 0; i < 3; i++) runs.push(await t.client.deployments.run(deployment.id));
    const page = await t.client.deployments.runs.list(deployment.id, { limit: 2 }).firstPage();
    const rest = await t.client.deployments.runs.list(deployment.id, { page: page.nextPage ?? "" }).firstPage();
    expect([page.data.map((r) => r.id), rest.data.map((r) => r.id)]).toEqual([[runs[2]!.id, runs[1]!.id], [runs[0]!.id]]);
  });

  it("deployment: global run filters: deployment id (unknown → empty), trigger type, has error", async () => {
    const first = await create({ schedule: DAILY });
    const second = await create({ name: "second" });
    const manual = await t.client.deployments.run(first.id);
    const scheduled = fire(first.id, { failWith: "session_rate_limited_error" });
    const other = await t.client.deployments.run(second.id);
    const ids = async (query: object) => (await t.client.deployments.runs.listAll(query as never).toArray()).map((r) => r.id);
    expect([
      await ids({ deploymentId: first.id }),
      await ids({ deploymentId: MISSING("dep") }),
      await ids({ triggerType: "schedule" }),
      await ids({ triggerType: "manual" }),
      await ids({ hasError: true }),
      await ids({ hasError: false }),
    ]).toEqual([[scheduled.id, manual.id], [], [scheduled.id], [other.id, manual.id], [scheduled.id], [other.id, manual.id]]);
  });

  it("deployment: global run filters on created_at bounds", async () => {
    const deployment = await create();
    const run = await t.client.deployments.run(deployment.id);
    const ids = async (query: object) => (await t.client.deployments.runs.listAll(query as never).toArray()).map((r) => r.id);
    expect([
      await ids({ "createdAt[gte]": run.createdAt, "createdAt[lte]": run.createdAt }),
      await ids({ "createdAt[gt]": run.createdAt }),
      await ids({ "createdAt[lt]": run.createdAt }),
    ]).toEqual([[run.id], [], []]);
  });

  it("deployment: a bad global run filter is a 400 on it", async () => {
    await expect(errorOf(t.client.deployments.runs.listAll({ triggerType: "retry" } as never).firstPage())).resolves.toMatchObject({
      status: 400,
      param: "trigger_type",
    });
  });

  it("deployment: scoped run filters triggeredAfter and triggeredBefore include their bound", async () => {
    const deployment = await create();
    const run = await t.client.deployments.run(deployment.id);
    const ids = async (query: object) => (await t.client.deployments.runs.list(deployment.id, query).toArray()).map((r) => r.id);
    expect([
      await ids({ triggeredAfter: run.createdAt, triggeredBefore: run.createdAt }),
      await ids({ triggeredAfter: "2999-01-01T00:00:00Z" }),
      await ids({ triggeredBefore: "2000-01-01T00:00:00Z" }),
    ]).toEqual([[run.id], [], []]);
  });
});

describe("references are not blocked by deployments (§11.13)", () => {
  it("deployment: the agent, environment, vault and memory store it uses can still be archived", async () => {
    const vault = await t.client.vaults.create({ displayName: "v" });
    const store = await t.client.memoryStores.create({ name: "notes" });
    await create({ vaultIds: [vault.id], resources: [{ type: "memory_store", memoryStoreId: store.id }] });
    const archived = [
      await t.client.agents.archive(agentId),
      await t.client.environments.archive(environmentId),
      await t.client.vaults.archive(vault.id),
      await t.client.memoryStores.archive(store.id),
    ];
    expect(archived.map((item) => item.archivedAt)).toEqual(Array(4).fill(expect.any(String)));
  });

  it("deployment: the environment, vault, file and memory store it uses can still be deleted", async () => {
    const vault = await t.client.vaults.create({ displayName: "v" });
    const store = await t.client.memoryStores.create({ name: "notes" });
    const file = await t.client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" });
    const resources = [
      { type: "memory_store", memoryStoreId: store.id },
      { type: "file", fileId: file.id },
    ];
    await create({ vaultIds: [vault.id], resources });
    const deleted = [
      await t.client.environments.delete(environmentId),
      await t.client.vaults.delete(vault.id),
      await t.client.files.delete(file.id),
      await t.client.memoryStores.delete(store.id),
    ];
    expect(deleted.map((item) => item.type)).toEqual(["environment_deleted", "vault_deleted", "file_deleted", "memory_store_deleted"]);
  });

  it("deployment: a session a run started still blocks its environment's delete (that rule is about sessions)", async () => {
    const deployment = await create();
    await t.client.deployments.run(deployment.id);
    await expect(t.client.environments.delete(environmentId)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("idempotency", () => {
  it("deployment: the same key and body replays the first deployment instead of a name conflict", async () => {
    const first = await t.client.deployments.create(params(), { idempotencyKey: "stack/dev/Deployment/nightly/create" });
    const again = await t.clientWith({}).deployments.create(params(), { idempotencyKey: "stack/dev/Deployment/nightly/create" });
    expect([again.id, t.emulator.admin.list("deployments").length]).toEqual([first.id, 1]);
  });

  it("deployment: the same key with a different body is a 409", async () => {
    await t.client.deployments.create(params(), { idempotencyKey: "k-dep" });
    await expect(t.client.deployments.create(params({ name: "other" }), { idempotencyKey: "k-dep" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("deployment: a create committed before the connection dropped is replayed, leaving exactly one", async () => {
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/deployments", count: 1 });
    const created = await create();
    expect([t.emulator.admin.list("deployments").map((stored) => stored.id), replays()]).toEqual([[created.id], 1]);
  });

  it("deployment: a run committed before the connection dropped is replayed, leaving one run and one session", async () => {
    const deployment = await create();
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/deployments/*/run", count: 1 });
    const run = await t.client.deployments.run(deployment.id);
    expect([t.emulator.admin.list("deployment_runs").map((stored) => stored.id), t.emulator.admin.list("sessions").length, replays()]).toEqual([
      [run.id],
      1,
      1,
    ]);
  });

  it("deployment: an archive committed before the drop answers the archived deployment, not a 409", async () => {
    const deployment = await create();
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/deployments/*/archive", count: 1 });
    await expect(t.client.deployments.archive(deployment.id)).resolves.toMatchObject({ archivedAt: expect.any(String) });
  });

  it("deployment: a create refused with 400 is not sent again", async () => {
    await expect(create({ name: "" })).rejects.toBeInstanceOf(BadRequestError);
    expect(t.emulator.admin.count("POST", "/deployments")).toBe(1);
  });
});
