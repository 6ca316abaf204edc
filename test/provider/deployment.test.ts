// Deployment lifecycle against the emulator (api-deployments.md §12.3): check shows the schedule in words
// with no API call; create pauses when asked; an update sends only what changed and pauses or unpauses;
// refresh keeps the declared agent form and records a pause; a pause the service made is unpaused only once
// its cause is gone; an archived deployment is gone; destroy archives.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentLifecycle as agent } from "../../provider/lifecycle/agent";
import { deploymentLifecycle as deployment } from "../../provider/lifecycle/deployment";
import { environmentLifecycle as environment } from "../../provider/lifecycle/environment";
import { fileLifecycle as file } from "../../provider/lifecycle/file";
import type { Props } from "../../provider/lifecycle/rules";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();

const GITHUB_TOKEN = "github-token-for-the-provider-tier";

let agentId: string;
let environmentId: string;

beforeEach(async () => {
  agentId = (await checkAndCreate(agent, { name: "auditor", model: "ultimate", tools: [{ type: "agent_toolset_20260401" }] })).id;
  environmentId = (await checkAndCreate(environment, { name: "sandbox" })).id;
});

function nightly(extra: Props = {}): Props {
  return {
    name: "nightly-audit",
    agent: agentId,
    environmentId,
    schedule: { cron: "0 3 * * *", timezone: "Europe/Berlin" },
    initialEvents: [{ type: "user.message", content: "Audit the dependencies." }],
    ...extra,
  };
}

const stored = (id: string) => h.emulator.admin.get("deployments", id) as Props;

describe("deployment: check", () => {
  it("deployment: check says the schedule in words and its next runs, with no API call", async () => {
    const before = h.emulator.admin.requests().length;
    const checked = await deployment.check({}, nightly());
    expect(checked.failures).toEqual([]);
    expect(checked.inputs?.scheduleDescription).toBe("At 03:00 (Europe/Berlin)");
    expect(checked.inputs?.upcomingRunsAt).toHaveLength(5);
    expect(h.emulator.admin.requests().length).toBe(before);
  });

  it("deployment: a bad cron expression and timezone are named as declared", async () => {
    const checked = await deployment.check({}, nightly({ schedule: { cron: "0 9 * *", timezone: "Mars/Olympus" } }));
    expect(checked.failures?.map((failure) => failure.property).sort()).toEqual(["schedule.cron", "schedule.timezone"]);
  });

  it("deployment: events without one that starts work, a bad variable name and a non-boolean paused fail", async () => {
    const checked = await deployment.check(
      {},
      nightly({ initialEvents: [{ type: "system.message", content: "x" }], environmentVariables: { "BAD NAME": "x" }, paused: "yes" }),
    );
    expect(checked.failures?.map((failure) => failure.property).sort()).toEqual(["environmentVariables.BAD NAME", "initialEvents", "paused"]);
  });
});

describe("deployment: lifecycle", () => {
  it("deployment: create with paused: true pauses it; an id agent is pinned to its latest version", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly({ paused: true }));
    expect(stored(id)).toMatchObject({ status: "paused", paused_reason: { type: "manual" }, agent: { id: agentId, version: 1 } });
    expect(outs).toMatchObject({ status: "paused", agentVersion: 1, scheduleDescription: "At 03:00 (Europe/Berlin)", agent: agentId });
  });

  it("deployment: environment variables travel as sorted KEY=VALUE lines and read back as a map", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly({ environmentVariables: { LOG_LEVEL: "info", A_FLAG: "on" } }));
    expect(stored(id).environment_variables).toBe("A_FLAG=on\nLOG_LEVEL=info");
    const read = await deployment.read(id, outs);
    expect(read.inputs?.environmentVariables).toEqual({ A_FLAG: "on", LOG_LEVEL: "info" });
  });

  it("deployment: refresh without drift leaves no diff (string content, vault order, memory-store access)", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    const read = await deployment.read(id, outs);
    expect((await checkAndDiff(deployment, id, read.props ?? {}, nightly())).diff.changes).toBe(false);
  });

  it("deployment: a schedule change updates in place and sends only the schedule", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    const wanted = nightly({ schedule: { cron: "30 9 * * 1-5", timezone: "Asia/Shanghai" } });
    const { inputs, diff } = await checkAndDiff(deployment, id, outs, wanted);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const mark = h.emulator.admin.requests().length;
    const updated = await deployment.update(id, outs, inputs);
    const sent = h.emulator.admin
      .requests()
      .slice(mark)
      .find((request) => request.method === "POST" && request.path.endsWith(`/deployments/${id}`));
    expect(sent?.body).toEqual({ schedule: { type: "cron", expression: "30 9 * * 1-5", timezone: "Asia/Shanghai" } });
    expect(updated.outs).toMatchObject({ scheduleDescription: "At 09:30, Monday through Friday (Asia/Shanghai)" });
  });

  it("deployment: removing the schedule makes it manual-only (schedule: null)", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    const { schedule: _schedule, ...manual } = nightly();
    const { inputs } = await checkAndDiff(deployment, id, outs, manual);
    await deployment.update(id, outs, inputs);
    expect(stored(id).schedule).toBeNull();
  });

  it("deployment: paused true pauses, false unpauses, with no update body", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    const paused = await deployment.update(id, outs, (await checkAndDiff(deployment, id, outs, nightly({ paused: true }))).inputs);
    expect(stored(id).status).toBe("paused");
    await deployment.update(id, paused.outs ?? {}, (await checkAndDiff(deployment, id, paused.outs ?? {}, nightly())).inputs);
    expect(stored(id)).toMatchObject({ status: "active", paused_reason: null });
    expect(h.emulator.admin.requests().some((request) => request.method === "POST" && request.path.endsWith(`/deployments/${id}`))).toBe(false);
  });

  it("deployment: a pause made outside Pulumi is drift that up undoes", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    h.emulator.admin.patch("deployments", id, { status: "paused", paused_reason: { type: "manual" } });
    const read = await deployment.read(id, outs);
    expect(read.inputs?.paused).toBe(true);
    const { diff } = await checkAndDiff(deployment, id, read.props ?? {}, nightly());
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("deployment: an id agent does not drift when the agent moves on; a pinned one does", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    h.emulator.admin.patch("deployments", id, { agent: { id: agentId, type: "agent", version: 7 } });
    const read = await deployment.read(id, outs);
    expect(read.inputs?.agent).toBe(agentId);
    const pinned = await checkAndCreate(deployment, nightly({ name: "pinned", agent: { id: agentId, version: 1 } }));
    h.emulator.admin.patch("deployments", pinned.id, { agent: { id: agentId, type: "agent", version: 7 } });
    const drifted = await deployment.read(pinned.id, pinned.outs);
    expect(drifted.inputs?.agent).toEqual({ id: agentId, version: 7 });
  });

  it("deployment: the GitHub token is sent, never read back, and kept across refresh", async () => {
    const repository = { type: "github_repository", url: "https://github.com/example/fleet", authorizationToken: GITHUB_TOKEN };
    const { id, outs } = await checkAndCreate(deployment, nightly({ resources: [repository] }));
    expect(JSON.stringify(stored(id))).not.toContain(GITHUB_TOKEN);
    const read = await deployment.read(id, outs);
    expect(read.inputs?.resources).toEqual([repository]);
    expect((await checkAndDiff(deployment, id, read.props ?? {}, nightly({ resources: [repository] }))).diff.changes).toBe(false);
  });

  it("deployment: an archived deployment is gone, and destroy of a gone one succeeds", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    await deployment.delete(id, outs);
    expect(stored(id).name).toMatch(/^nightly-audit_archived_\d+$/);
    expect(await deployment.read(id, outs)).toEqual({});
    await expect(deployment.delete(id, outs)).resolves.toBeUndefined();
  });

  it("deployment: a name a live deployment holds is refused with the adoptId to use", async () => {
    const { id } = await checkAndCreate(deployment, nightly({ __identity: "p/s/Deployment/one" }));
    await expect(checkAndCreate(deployment, nightly({ __identity: "p/s/Deployment/two" }))).rejects.toThrow(
      `a live deployment is already named "nightly-audit" (${id})`,
    );
  });
});

describe("deployment: a pause the service made", () => {
  it("deployment: up refuses to unpause while the environment stays archived, and unpauses once it moved", async () => {
    const { id, outs } = await checkAndCreate(deployment, nightly());
    h.emulator.admin.archive("environments", environmentId);
    h.emulator.admin.fireScheduledRun(id, { failWith: "environment_archived_error" });
    const read = await deployment.read(id, outs);
    expect(read.props).toMatchObject({ paused: true, pausedReason: { type: "error", error: { type: "environment_archived_error" } } });
    const { inputs } = await checkAndDiff(deployment, id, read.props ?? {}, nightly());
    await expect(deployment.update(id, read.props ?? {}, inputs)).rejects.toThrow(
      `paused by the service after a scheduled run failed with environment_archived_error: environment ${environmentId} is archived`,
    );
    const fresh = (await checkAndCreate(environment, { name: "sandbox-2" })).id;
    const moved = await checkAndDiff(deployment, id, read.props ?? {}, nightly({ environmentId: fresh }));
    await deployment.update(id, read.props ?? {}, moved.inputs);
    expect(stored(id)).toMatchObject({ status: "active", environment_id: fresh });
  });
});

describe("deployment: a mounted file", () => {
  let path: string;
  beforeEach(() => {
    path = join(h.projectDir, "runbook.md");
    writeFileSync(path, "# Runbook\n");
  });
  afterEach(() => writeFileSync(path, "# Runbook\n"));

  it("deployment: mounts a file by id", async () => {
    const uploaded = await checkAndCreate(file, { path: "runbook.md" });
    const { id } = await checkAndCreate(deployment, nightly({ resources: [{ type: "file", fileId: uploaded.id }] }));
    expect(stored(id).resources).toEqual([{ type: "file", file_id: uploaded.id }]);
  });
});
