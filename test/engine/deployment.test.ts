// Deployment on the real engine (api-deployments.md §12, docs/typescript-api.md "Deployment"): a new stack's
// preview calls no API; create; a clean re-preview and refresh; a pause in place; archived outside Pulumi while
// paused, dropped by refresh and created again under the freed name; a schedule change with an unpause in place;
// pinned to `agent.version`, it follows a changed agent in one up; a pause and an edit outside Pulumi found by
// refresh and undone by up; a pause the service made after a failed scheduled run, recorded by refresh, refused
// by up while its cause stands and undone once the program fixes it, or once refresh and up recreate the stack's
// own archived environment; a pause or unpause made in the console that the program then declares; destroy
// archives and renames it; the GitHub token never shows in plain text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSchedule } from "../../provider/api/cron";
import { createClient, type Deployment, type QoderClient } from "../../provider/client/index";
import { ENGINE_TOKEN, fleetStack, stored, type FleetStack } from "../support/fleet-engine";

/** Not shaped like any real token (nor like `pt-…`), so a hit in the output can only be this value. */
const GITHUB_TOKEN = "gh-deploy-engine-token-do-not-leak";
/** The key Pulumi marks an encrypted value with in state. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const DEPLOYMENT = "pulumi-nodejs:dynamic/qoder:Deployment";
const NIGHTLY = "0 2 * * *";
const WEEKDAYS = "30 6 * * 1-5";
const TIMEZONE = "Europe/Berlin";
const CAREFUL = "Audit carefully, and say what you skipped.";
const SERVICE_PAUSE = { type: "error", error: { type: "environment_archived_error" } };

interface Declared {
  system?: string;
  cron?: string;
  paused?: boolean;
  /** The stack declares an environment of its own; otherwise the deployment runs in another team's (by id). */
  ownEnvironment?: boolean;
}

function program(
  sharedEnvironmentId: string,
  { system = "Audit carefully.", cron = NIGHTLY, paused = false, ownEnvironment = false }: Declared,
): string {
  const environment = ownEnvironment ? `new qoder.Environment("sandbox", { name: "audit-sandbox" }).id` : JSON.stringify(sharedEnvironmentId);
  return `
const qoder = require("pulumi-qoder");
const agent = new qoder.Agent("auditor", { name: "auditor", model: "auto", system: ${JSON.stringify(system)} });
const runbook = new qoder.File("runbook", { path: "runbook.md" });
new qoder.Deployment("nightly", {
  name: "nightly-audit",
  description: "Audits the repository every night.",
  agent: { id: agent.id, version: agent.version },
  environmentId: ${environment},
  schedule: { cron: ${JSON.stringify(cron)}, timezone: ${JSON.stringify(TIMEZONE)} },
  initialEvents: [{ type: "user.message", content: "Audit the repository; the runbook says how." }],
  resources: [
    { type: "file", fileId: runbook.id, mountPath: "/workspace/runbook.md" },
    { type: "github_repository", url: "https://github.com/example/app", authorizationToken: ${JSON.stringify(GITHUB_TOKEN)} },
  ],
  environmentVariables: { REGION: "eu", LOG_LEVEL: "info" },
  metadata: { team: "platform" },
  paused: ${paused},
});
`;
}

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Weekday and wall-clock time of a UTC timestamp in the deployment's timezone: "Mon 06:30". */
const wallClock = (timestamp: string): string => {
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: TIMEZONE, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const parts = Object.fromEntries(format.formatToParts(new Date(timestamp)).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.hour}:${parts.minute}`;
};

describe("Deployment on the engine", () => {
  let stack: FleetStack;
  let client: QoderClient;
  let sharedEnvironmentId: string;
  let id = "";
  /** stdout and stderr of every pulumi command this file ran, for the token check at the end. */
  const captured: string[] = [];

  const api = (): Promise<Deployment> => client.deployments.retrieve(id);
  const declare = (declared: Declared = {}) => stack.project.writeProgram(program(sharedEnvironmentId, declared));
  /** The id of the one live deployment (archived ones stay in the emulator). */
  const liveId = (): string => {
    const live = stack.emulator.admin.list("deployments").filter((deployment) => !deployment.archived_at);
    expect(live).toHaveLength(1);
    return live[0]!.id;
  };
  /** The live environment the stack declares (the shared one is made outside it). */
  const ownEnvironmentId = (): string => {
    const own = stack.emulator.admin.list("environments").filter((environment) => environment.name === "audit-sandbox" && !environment.archived_at);
    expect(own).toHaveLength(1);
    return own[0]!.id;
  };
  /** The deployment as state records it (`pulumi stack export`). */
  const inState = async (): Promise<StateResource | undefined> => {
    const state = JSON.parse(await stack.project.exportState()) as { deployment: { resources?: StateResource[] } };
    return state.deployment.resources?.find((resource) => resource.type === DEPLOYMENT);
  };
  /** The emulator's test hook: the schedule fires now, and the run fails with a cause that pauses the deployment. */
  const fireFailingRun = async (): Promise<void> => {
    const fired = await fetch(`${stack.emulator.url}/_emulator/deployments/${id}/scheduled_runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ failWith: "environment_archived_error" }),
    });
    expect(fired.status).toBe(201);
  };

  beforeAll(async () => {
    stack = await fleetStack("deployment-engine", program("env_placeholder", {}));
    const run = stack.project.run.bind(stack.project);
    stack.project.run = async (...args) => {
      const result = await run(...args);
      captured.push(result.stdout, result.stderr);
      return result;
    };
    client = createClient({ baseUrl: stack.emulator.baseUrl, token: ENGINE_TOKEN });
    // Another team's environment, which this stack only refers to by id.
    sharedEnvironmentId = (await client.environments.create({ name: "shared-sandbox" })).id;
    stack.project.writeFile("runbook.md", "# Runbook\n\n1. Run the tests.\n2. Read the dependency report.\n");
    declare();
  });
  afterAll(async () => {
    await client?.close();
    await stack?.dispose();
  });

  it("Deployment: a new stack's preview of a deployment and a file makes 0 API requests and says the schedule in words", async () => {
    stack.emulator.admin.clearLog();
    const preview = await stack.project.run(["preview", "--diff"]);
    expect(stack.emulator.admin.stats().total).toBe(0);
    expect(preview.stdout).toMatch(/\+ pulumi-nodejs:dynamic\/qoder:Deployment: \(create\)/);
    expect(preview.stdout).toMatch(/\+ pulumi-nodejs:dynamic\/qoder:File: \(create\)/);
    expect(preview.stdout).toContain(describeSchedule(NIGHTLY, TIMEZONE));
  });

  it("Deployment: up creates it, pinned to the agent's version, scheduled and active", async () => {
    await stack.project.up();
    id = liveId();
    const remote = await api();
    expect(remote).toMatchObject({
      name: "nightly-audit",
      status: "active",
      pausedReason: null,
      agent: { version: 1 },
      environmentId: sharedEnvironmentId,
      schedule: { type: "cron", expression: NIGHTLY, timezone: TIMEZONE },
      environmentVariables: "LOG_LEVEL=info\nREGION=eu",
      resources: [
        { type: "file", fileId: stack.emulator.admin.list("files")[0]?.id, mountPath: "/workspace/runbook.md" },
        { type: "github_repository", url: "https://github.com/example/app" },
      ],
    });
    expect(remote.schedule?.upcomingRunsAt.map(wallClock)).toEqual(Array(5).fill(expect.stringMatching(/ 02:00$/)));
  });

  it("Deployment: a second preview shows no changes, nor does a refresh", async () => {
    await stack.project.previewNoChanges();
    await stack.project.refresh("--expect-no-changes");
  });

  it("Deployment: paused: true pauses it in place", async () => {
    declare({ paused: true });
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(liveId()).toBe(id);
    expect(await api()).toMatchObject({ status: "paused", pausedReason: { type: "manual" }, schedule: { expression: NIGHTLY } });
  });

  it("Deployment: archived outside Pulumi while paused, refresh drops it and up creates it again, paused, under the freed name", async () => {
    const archived = stack.emulator.admin.archive("deployments", id);
    expect(archived.name).toMatch(/^nightly-audit_archived_\d+$/);
    await stack.project.refresh();
    expect(await inState()).toBeUndefined();
    // The create body is the first one's (`paused` is no part of it), so the API replays the first create's
    // answer, the deployment archived since: up must not try to pause that one, but create another.
    stack.emulator.admin.clearLog();
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 created/);
    const creates = stack.emulator.admin.requests().filter((request) => request.method === "POST" && request.route === "/deployments");
    expect(creates.map((request) => request.replayed === true)).toEqual([true, false]);
    const recreated = liveId();
    expect(recreated).not.toBe(id);
    id = recreated;
    expect(await api()).toMatchObject({ name: "nightly-audit", status: "paused", pausedReason: { type: "manual" } });
    await stack.project.previewNoChanges();
  });

  it("Deployment: a new schedule and paused: false update it in place: the API holds the schedule and its next runs, active", async () => {
    declare({ cron: WEEKDAYS });
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 updated/);
    expect(liveId()).toBe(id);
    const remote = await api();
    expect(remote).toMatchObject({ status: "active", pausedReason: null, schedule: { expression: WEEKDAYS, timezone: TIMEZONE } });
    expect(remote.schedule?.upcomingRunsAt.map(wallClock)).toEqual(Array(5).fill(expect.stringMatching(/^(Mon|Tue|Wed|Thu|Fri) 06:30$/)));
    expect(await inState()).toMatchObject({
      outputs: { scheduleDescription: "At 06:30, Monday through Friday (Europe/Berlin)", upcomingRunsAt: remote.schedule?.upcomingRunsAt },
    });
    await stack.project.previewNoChanges();
  });

  it("Deployment: pinned to agent.version, it follows a changed agent to its new version in one up", async () => {
    declare({ cron: WEEKDAYS, system: CAREFUL });
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/2 updated/);
    expect((await api()).agent).toMatchObject({ version: 2 });
    expect(stack.emulator.admin.list("agents")[0]?.version).toBe(2);
    await stack.project.previewNoChanges();
  });

  it("Deployment: paused and edited outside Pulumi, refresh finds both and up converges", async () => {
    await client.deployments.pause(id);
    await client.deployments.update(id, {
      description: "Edited in the console.",
      schedule: { type: "cron", expression: "0 12 * * *", timezone: "UTC" },
    });
    const refresh = await stack.project.refresh("--diff");
    for (const field of ["paused", "description", "schedule"]) expect(refresh.stdout).toContain(field);
    const preview = await stack.project.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/paused\s*:\s*true\s*=>\s*false/);
    expect(preview.stdout).toContain("Edited in the console.");
    await stack.project.up();
    expect(await api()).toMatchObject({
      status: "active",
      pausedReason: null,
      description: "Audits the repository every night.",
      schedule: { expression: WEEKDAYS, timezone: TIMEZONE },
    });
    await stack.project.previewNoChanges();
  });

  it("Deployment: paused by the service after a scheduled run failed, refresh records paused: true with the reason", async () => {
    // The other team archives its environment; the next scheduled run fails, and the service pauses the deployment.
    stack.emulator.admin.archive("environments", sharedEnvironmentId);
    await fireFailingRun();
    expect(await api()).toMatchObject({ status: "paused", pausedReason: SERVICE_PAUSE });
    const refresh = await stack.project.refresh("--diff");
    expect(refresh.stdout).toContain("paused");
    expect((await inState())?.outputs).toMatchObject({ paused: true, status: "paused", pausedReason: SERVICE_PAUSE });
  });

  it("Deployment: the preview shows paused going back to false", async () => {
    const preview = await stack.project.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/paused\s*:\s*true\s*=>\s*false/);
    expect(preview.stdout).toMatch(/1 to update/);
  });

  it("Deployment: while the cause stands, up fails and names it", async () => {
    const result = await stack.project.run(["up", "--yes", "--skip-preview"], 1);
    const text = result.stdout + result.stderr;
    expect(text).toContain(
      `paused by the service after a scheduled run failed with environment_archived_error: environment ${sharedEnvironmentId} is archived`,
    );
    expect(text).toContain("set `paused: true` to keep it paused");
    expect(await api()).toMatchObject({ status: "paused", environmentId: sharedEnvironmentId });
  });

  it("Deployment: once the program points it at an environment of its own, up moves it there and unpauses it", async () => {
    declare({ cron: WEEKDAYS, system: CAREFUL, ownEnvironment: true });
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 created/);
    expect(result.stdout).toMatch(/1 updated/);
    const environmentId = ownEnvironmentId();
    expect(await api()).toMatchObject({ status: "active", pausedReason: null, environmentId });
    await stack.project.previewNoChanges();
  });

  it("Deployment: when the stack's own environment is archived and the service pauses it, refresh and up (as the message says) recreate the environment and unpause it", async () => {
    const archivedEnvironment = ownEnvironmentId();
    stack.emulator.admin.archive("environments", archivedEnvironment);
    await fireFailingRun();
    await stack.project.refresh();
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 replaced/);
    expect(result.stdout).toMatch(/1 updated/);
    const environmentId = ownEnvironmentId();
    expect(environmentId).not.toBe(archivedEnvironment);
    expect(await api()).toMatchObject({ status: "active", pausedReason: null, environmentId });
    await stack.project.previewNoChanges();
  });

  it("Deployment: paused or unpaused in the console, then declared so, up agrees without a refresh", async () => {
    await client.deployments.pause(id);
    declare({ cron: WEEKDAYS, system: CAREFUL, ownEnvironment: true, paused: true });
    await stack.project.up();
    expect(await api()).toMatchObject({ status: "paused", pausedReason: { type: "manual" } });
    await client.deployments.unpause(id);
    declare({ cron: WEEKDAYS, system: CAREFUL, ownEnvironment: true });
    await stack.project.up();
    expect(await api()).toMatchObject({ status: "active", pausedReason: null });
    await stack.project.previewNoChanges();
  });

  it("Deployment: state holds the GitHub token as a secret", async () => {
    const resources = (await inState())?.inputs?.resources;
    expect(JSON.stringify(resources)).toContain(SECRET_SIGNATURE);
  });

  it("Deployment: destroy archives it, renamed <name>_archived_<seconds>", async () => {
    await stack.project.destroy();
    const left = stored(stack, "deployments", id);
    expect(left.archived_at).toEqual(expect.any(String));
    const seconds = Number(String(left.name).match(/^nightly-audit_archived_(\d+)$/)?.[1]);
    expect(Math.abs(seconds - Date.parse(String(left.archived_at)) / 1000)).toBeLessThanOrEqual(1);
    expect(stack.emulator.admin.list("files")).toEqual([]);
  });

  it("Deployment: the GitHub token appears in no pulumi output and no exported state in plain text", () => {
    expect(captured.length).toBeGreaterThan(40);
    for (const text of captured) expect(text).not.toContain(GITHUB_TOKEN);
  });
});
