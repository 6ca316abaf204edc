// Emulator Deployments routes (api-deployments.md §11): what the client never sends by itself (run bodies,
// raw D1 shapes), the computed schedule fields read fresh, the out-of-band hooks, the scheduled-run action
// over the admin HTTP API, and what the state file keeps (never the GitHub tokens). In-process.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploymentSecrets } from "../../emulator/routes/deployment";
import { environmentVariableMap, sessionResource } from "../../emulator/routes/deployment-rules";
import { AUTO_PAUSE_ERROR_TYPES, RUN_ERROR_TYPES } from "../../provider/api/deployment";
import { upcomingRuns } from "../../provider/api/cron";
import { agentBody, environmentBody, inProcess } from "./emulator-harness";

const DAILY = { type: "cron", expression: "0 9 * * *", timezone: "Asia/Shanghai" };
const SECRET = "ghp_unit_secret_31337";

async function world(options: { stateFile?: string } = {}) {
  const emulator = inProcess(options);
  const agent = (await emulator.call("POST", "/agents", agentBody())).body;
  const environment = (await emulator.call("POST", "/environments", environmentBody())).body;
  const body = (overrides: Record<string, unknown> = {}) => ({
    name: "nightly",
    agent: agent.id,
    environment_id: environment.id,
    initial_events: [{ type: "user.message", content: "Report" }],
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => (await emulator.call("POST", "/deployments", body(overrides))).body;
  const admin = async (path: string, init: RequestInit = {}) => {
    const res = await emulator.app.request(`/_emulator${path}`, init);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { param?: string } } };
  };
  return { ...emulator, agent, environment, body, create, adminCall: admin };
}

describe("emulator deployments", () => {
  it("deployment: create answers 201; string content becomes one text block", async () => {
    const { call, body } = await world();
    const reply = await call("POST", "/deployments", body());
    expect([reply.status, reply.body.initial_events]).toEqual([201, [{ type: "user.message", content: [{ type: "text", text: "Report" }] }]]);
  });

  it("deployment: run takes no body, an empty object, but no fields", async () => {
    const { call, create } = await world();
    const deployment = await create();
    const statuses = [
      (await call("POST", `/deployments/${deployment.id}/run`)).status,
      (await call("POST", `/deployments/${deployment.id}/run`, {})).status,
      (await call("POST", `/deployments/${deployment.id}/run`, { dry_run: true })).status,
    ];
    expect(statuses).toEqual([200, 200, 400]);
  });

  it("deployment: fire times are computed when read, not kept from the write", async () => {
    const { admin, call, create } = await world();
    const deployment = await create({ schedule: DAILY });
    admin.patch("deployments", deployment.id, { schedule: { ...DAILY, upcoming_runs_at: ["2000-01-01T00:00:00Z"] } });
    const read = (await call("GET", `/deployments/${deployment.id}`)).body;
    expect(read.schedule.upcoming_runs_at).toEqual(upcomingRuns(DAILY.expression, DAILY.timezone));
  });

  it("deployment: an out-of-band archive follows the archive rules and repeats harmlessly", async () => {
    const { admin, create } = await world();
    const deployment = await create({ schedule: DAILY });
    const first = admin.archive("deployments", deployment.id);
    const second = admin.archive("deployments", deployment.id);
    expect([String(first.name).startsWith("nightly_archived_"), (first.schedule as { upcoming_runs_at: string[] }).upcoming_runs_at, second]).toEqual(
      [true, [], first],
    );
  });

  it("deployment: an out-of-band remove forgets the GitHub tokens", async () => {
    const { admin, create, ctx } = await world();
    const deployment = await create({ resources: [{ type: "github_repository", url: "https://github.com/a/b", authorization_token: SECRET }] });
    const before = deploymentSecrets(ctx.state, deployment.id);
    admin.remove("deployments", deployment.id);
    expect([before, deploymentSecrets(ctx.state, deployment.id)]).toEqual([[SECRET], undefined]);
  });

  it("deployment: the state file holds deployments and runs, never a GitHub token", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "qoder-deployments-")), "state.json");
    const first = await world({ stateFile });
    const deployment = await first.create({ resources: [{ type: "github_repository", url: "https://github.com/a/b", authorization_token: SECRET }] });
    const run = (await first.call("POST", `/deployments/${deployment.id}/run`)).body;
    const second = inProcess({ stateFile });
    expect([
      readFileSync(stateFile, "utf8").includes(SECRET),
      (await second.call("GET", `/deployment_runs/${run.id}`)).status,
      (await second.call("GET", `/deployments/${deployment.id}`)).body.resources,
    ]).toEqual([false, 200, [{ type: "github_repository", url: "https://github.com/a/b" }]]);
  });

  it("deployment: the run's session mounts GitHub repositories under /workspace/<name>, without the token", async () => {
    const { call, create } = await world();
    const deployment = await create({
      resources: [{ type: "github_repository", url: "https://github.com/acme/app.git", authorization_token: SECRET }],
    });
    const run = (await call("POST", `/deployments/${deployment.id}/run`)).body;
    const session = (await call("GET", `/sessions/${run.session_id}`)).body;
    expect([session.resources, JSON.stringify(session).includes(SECRET)]).toEqual([
      [{ type: "github_repository", url: "https://github.com/acme/app.git", mount_path: "/workspace/app" }],
      false,
    ]);
  });
});

describe("emulator scheduled-run action", () => {
  it("hook: POST /_emulator/deployments/<id>/scheduled_runs without a body fires a successful run (201)", async () => {
    const { adminCall, create } = await world();
    const deployment = await create({ schedule: DAILY });
    const reply = await adminCall(`/deployments/${deployment.id}/scheduled_runs`, { method: "POST" });
    expect([reply.status, reply.body.trigger_context, reply.body.error]).toEqual([201, { type: "schedule", scheduled_at: expect.any(String) }, null]);
  });

  it("hook: scheduledAt is echoed as a whole-second UTC time", async () => {
    const { adminCall, create } = await world();
    const deployment = await create({ schedule: DAILY });
    const reply = await adminCall(`/deployments/${deployment.id}/scheduled_runs`, {
      method: "POST",
      body: JSON.stringify({ scheduledAt: "2026-06-15T09:00:00.250+08:00" }),
    });
    expect(reply.body.trigger_context).toEqual({ type: "schedule", scheduled_at: "2026-06-15T01:00:00Z" });
  });

  it("hook: an unknown deployment is a 404, an unknown option a 400", async () => {
    const { adminCall, create } = await world();
    const deployment = await create({ schedule: DAILY });
    const missing = await adminCall("/deployments/dep_00000000000000000000000000000000/scheduled_runs", { method: "POST" });
    const unknown = await adminCall(`/deployments/${deployment.id}/scheduled_runs`, { method: "POST", body: JSON.stringify({ fail: "x" }) });
    expect([missing.status, unknown.status, unknown.body.error?.param]).toEqual([404, 400, "fail"]);
  });

  it("hook: the admin token guards the action like every admin call", async () => {
    const emulator = inProcess({ adminToken: "admin-secret" });
    const res = await emulator.app.request("/_emulator/deployments/dep_x/scheduled_runs", { method: "POST" });
    expect(res.status).toBe(401);
  });

  it("hook: the auto-pause types are the run error types but the rate limit and a rejected creation", () => {
    expect(RUN_ERROR_TYPES.filter((type) => !AUTO_PAUSE_ERROR_TYPES.has(type))).toEqual([
      "session_rate_limited_error",
      "session_creation_rejected_error",
    ]);
  });
});

describe("deployment helpers", () => {
  it("environmentVariableMap reads KEY=VALUE lines and skips the rest", () => {
    expect(environmentVariableMap("A=1\n\nB=x=y\r\nnot a pair\n=empty")).toEqual({ A: "1", B: "x=y" });
  });

  it.each([
    [
      { type: "memory_store", memory_store_id: "m" },
      { type: "memory_store", memory_store_id: "m", access: "read_write" },
    ],
    [
      { type: "file", file_id: "f" },
      { type: "file", file_id: "f", mount_path: "/mnt/session/uploads/f" },
    ],
    [
      { type: "github_repository", url: "https://github.com/a/repo/" },
      { type: "github_repository", url: "https://github.com/a/repo/", mount_path: "/workspace/repo" },
    ],
    [
      { type: "file", file_id: "f", mount_path: "/data/f" },
      { type: "file", file_id: "f", mount_path: "/data/f" },
    ],
  ])("sessionResource(%j) fills the §2.4 defaults", (resource, expected) => {
    expect(sessionResource(resource)).toEqual(expected);
  });
});
