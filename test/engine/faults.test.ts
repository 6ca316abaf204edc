// `pulumi up` while the API commits writes and then drops the connection: the client's retry carries the same
// Idempotency-Key, so exactly one remote object exists per resource and the next preview is clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetStack, type FleetStack } from "../support/fleet-engine";

const program = `
const qoder = require("pulumi-qoder");
new qoder.Agent("reviewer", { name: "reviewer", model: "auto", system: "review" });
new qoder.Environment("sandbox", { name: "sandbox" });
`;

describe("faults during up", () => {
  let stack: FleetStack;

  beforeAll(async () => {
    stack = await fleetStack("faults-engine", program);
    stack.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/agents", count: 1 });
    stack.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/environments", count: 1 });
    await stack.project.up();
  });
  afterAll(() => stack?.dispose());

  it("faults: the dropped creates were retried (each create POST reached the API twice)", () => {
    expect(stack.emulator.admin.count("POST", "/agents")).toBe(2);
    expect(stack.emulator.admin.count("POST", "/environments")).toBe(2);
  });

  it("faults: exactly one remote agent and one environment exist", () => {
    expect(stack.emulator.admin.list("agents")).toHaveLength(1);
    expect(stack.emulator.admin.list("environments")).toHaveLength(1);
  });

  it("faults: a second preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });
});
