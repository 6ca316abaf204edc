// What the state file holds: the serialized provider stays small, and neither the API token nor any
// credential secret appears in plain text in `pulumi stack export`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINE_TOKEN, fleetStack, type FleetStack } from "../support/fleet-engine";

const program = `
const qoder = require("pulumi-qoder");
new qoder.Agent("reviewer", { name: "reviewer", model: "auto", system: "review" });
new qoder.Environment("sandbox", { name: "sandbox", config: { type: "cloud", networking: { type: "unrestricted" } } });
`;

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("state", () => {
  let stack: FleetStack;
  let exported: string;

  beforeAll(async () => {
    stack = await fleetStack("state-engine", program);
    await stack.project.up();
    exported = await stack.project.exportState();
  });
  afterAll(() => stack?.dispose());

  it("state: the API token is not in the exported state in plain text", () => {
    expect(exported).not.toContain(ENGINE_TOKEN);
  });

  it("state: the serialized provider of every Qoder resource is at most 2 KB", () => {
    const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources;
    const sizes = resources
      .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/qoder:"))
      .map((resource) => ({ type: resource.type, bytes: String(resource.outputs?.__provider ?? "").length }));
    for (const { type, bytes } of sizes) process.stdout.write(`serialized provider of ${type}: ${bytes} bytes\n`);
    expect(sizes).toHaveLength(2);
    expect(Math.max(...sizes.map((size) => size.bytes))).toBeLessThanOrEqual(2048);
    expect(Math.min(...sizes.map((size) => size.bytes))).toBeGreaterThan(0);
  });
});
