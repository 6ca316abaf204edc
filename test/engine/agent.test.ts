// Agent on the real engine: create, no-change preview, in-place update, refresh with and without drift,
// out-of-band archive and deletion, the 409 conflict message, and destroy archiving the agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetStack, stored, type FleetStack } from "../support/fleet-engine";

function program(system: string, extra = ""): string {
  return `
const qoder = require("pulumi-qoder");
const helper = new qoder.Agent("helper", { name: "helper", model: "auto", system: "help" });
const agent = new qoder.Agent("reviewer", {
  name: "reviewer",
  model: { id: "ultimate", effort: "high" },
  system: ${JSON.stringify(system)},
  tools: [{ type: "agent_toolset_20260401" }, { type: "mcp_toolset", mcpServerName: "github" }],
  mcpServers: [{ type: "url", name: "github", url: "https://mcp.example.com/github" }],
  metadata: { owner: "platform" },
  multiagent: { type: "coordinator", agents: [helper.id] },
  ${extra}
});
exports.id = agent.id;
exports.version = agent.version;
`;
}

describe("agent on the engine", () => {
  let stack: FleetStack;
  let id: string;

  beforeAll(async () => {
    stack = await fleetStack("agent-engine", program("review carefully"));
  });
  afterAll(() => stack?.dispose());

  it("agent: up creates the agent at version 1", async () => {
    await stack.project.up();
    const outputs = await stack.project.outputs();
    id = String(outputs.id);
    expect(outputs.version).toBe(1);
    expect(stored(stack, "agents", id).system).toBe("review carefully");
  });

  it("agent: state says where the program declared each agent, its own line, as for any provider's resource", async () => {
    type Resource = { urn: string; sourcePosition?: string; stackTrace?: { sourcePosition?: string }[] };
    const resources = (JSON.parse(await stack.project.exportState()) as { deployment: { resources: Resource[] } }).deployment.resources;
    const position = (name: string) => resources.find((r) => r.urn.endsWith(`qoder:Agent::${name}`));
    // program(): line 3 declares the helper (`new` at column 16), line 4 the reviewer (column 15).
    expect(position("helper")?.sourcePosition).toBe("project:///index.js#3,16");
    expect(position("reviewer")?.sourcePosition).toBe("project:///index.js#4,15");
    expect(position("reviewer")?.stackTrace?.[0]?.sourcePosition).toBe("project:///index.js#4,15");
  });

  it("agent: a second preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });

  it("agent: a refresh without drift leaves no diff behind", async () => {
    await stack.project.refresh();
    await stack.project.previewNoChanges();
  });

  it("agent: a changed system prompt updates in place and bumps the version", async () => {
    stack.project.writeProgram(program("review kindly"));
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 updated/);
    expect((await stack.project.outputs()).version).toBe(2);
    expect(stored(stack, "agents", id).system).toBe("review kindly");
  });

  it("agent: an edit outside Pulumi makes up fail with the refresh advice", async () => {
    stack.emulator.admin.patch("agents", id, { description: "edited in the console" });
    stack.project.writeProgram(program("review strictly"));
    const result = await stack.project.run(["up", "--yes", "--skip-preview"], 1);
    expect(result.stdout + result.stderr).toMatch(/changed outside Pulumi.*pulumi refresh/s);
  });

  it("agent: refresh then up converges on the declared agent", async () => {
    const refresh = await stack.project.refresh("--diff");
    expect(refresh.stdout).toMatch(/description/);
    await stack.project.up();
    expect(stored(stack, "agents", id).description).toBe("");
    expect(stored(stack, "agents", id).system).toBe("review strictly");
    await stack.project.previewNoChanges();
  });

  it("agent: archived outside Pulumi, it is replaced by the next up after refresh", async () => {
    stack.emulator.admin.archive("agents", id);
    await stack.project.refresh();
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 replaced/);
    const replacement = String((await stack.project.outputs()).id);
    expect(replacement).not.toBe(id);
    id = replacement;
  });

  it("agent: deleted outside Pulumi, refresh forgets it and up recreates it", async () => {
    stack.emulator.admin.remove("agents", id);
    await stack.project.refresh();
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 created/);
    id = String((await stack.project.outputs()).id);
    await stack.project.previewNoChanges();
  });

  it("agent: destroy archives the agent, since the API has no delete", async () => {
    await stack.project.destroy();
    expect(stored(stack, "agents", id).archived_at).not.toBeNull();
  });
});
