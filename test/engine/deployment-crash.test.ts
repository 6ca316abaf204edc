// `pulumi up` of a deployment and the file it mounts while the API commits each create (and the pause a
// `paused: true` deployment gets right after it) and then drops the connection: the client's retry carries the
// same Idempotency-Key, so exactly one deployment and one file exist, paused once, and the next preview is clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetStack, type FleetStack } from "../support/fleet-engine";

const program = `
const qoder = require("pulumi-qoder");
const agent = new qoder.Agent("auditor", { name: "auditor", model: "auto", system: "Follow the runbook." });
const env = new qoder.Environment("sandbox", { name: "sandbox" });
const runbook = new qoder.File("runbook", { path: "runbook.md" });
new qoder.Deployment("nightly", {
  name: "nightly-audit",
  agent: { id: agent.id, version: agent.version },
  environmentId: env.id,
  schedule: { cron: "0 2 * * *", timezone: "UTC" },
  initialEvents: [{ type: "user.message", content: "Work through the runbook." }],
  resources: [{ type: "file", fileId: runbook.id }],
  paused: true,
});
`;

/** Each write route that drops its answer once, its emulator collection, and the route its POSTs are counted under. */
const DROPS = [
  { path: "/files", collection: "files", route: "/files" },
  { path: "/deployments", collection: "deployments", route: "/deployments" },
  { path: "/deployments/*/pause", collection: "deployments", route: "/deployments/:deployment_id/pause" },
];

describe("Deployment and File: creates whose answers are dropped", () => {
  let stack: FleetStack;

  beforeAll(async () => {
    stack = await fleetStack("deployment-crash-engine", program);
    stack.project.writeFile("runbook.md", "# Runbook\n\n1. Check the backups.\n");
    for (const drop of DROPS) stack.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: drop.path, count: 1 });
    await stack.project.up();
  });
  afterAll(() => stack?.dispose());

  it("Deployment and File: every dropped write was retried (each POST reached the API twice)", () => {
    expect(DROPS.map((drop) => [drop.route, stack.emulator.admin.count("POST", drop.route)])).toEqual(DROPS.map((drop) => [drop.route, 2]));
    expect(stack.emulator.admin.faults()).toEqual([]);
  });

  it("Deployment and File: exactly one deployment and one file exist, the deployment paused and mounting the file", () => {
    const files = stack.emulator.admin.list("files");
    const deployments = stack.emulator.admin.list("deployments");
    expect([files.length, deployments.length]).toEqual([1, 1]);
    expect(deployments[0]).toMatchObject({
      status: "paused",
      paused_reason: { type: "manual" },
      resources: [{ type: "file", file_id: files[0]!.id }],
    });
  });

  it("Deployment and File: a second preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });
});
