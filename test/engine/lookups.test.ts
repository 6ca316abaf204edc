// Lookups on the real engine: an agent made outside Pulumi is adopted with adoptId, and a lookup of it feeds
// other resources' inputs: a Deployment pinned at `{ id, version }` and a coordinator whose roster member is
// `{ type: "agent", id, version }`. The Output form waits for the adopted resource's id (so the preview of
// the new stack makes no call for it); the Promise form of a known id calls the API in that preview. A
// version the stack gives the agent later reaches both in the same `up`; the token is nowhere in state. (A
// missing id is the provider tier's: a program that fails keeps this engine's preview waiting about two
// minutes, whatever the failure.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../provider/client";
import { ENGINE_TOKEN, type FleetStack, fleetStack, stored } from "../support/fleet-engine";

const PROGRAM = (system: string) => `
const pulumi = require("@pulumi/pulumi");
const qoder = require("pulumi-qoder");
const config = new pulumi.Config();

// Taken over as it is, so the adoption changes nothing (the agent stays at its version).
const reviewer = new qoder.Agent("reviewer", {
  name: "reviewer",
  model: "auto",
  system: ${JSON.stringify(system)},
  adoptId: config.require("reviewerId"),
});

// The Output form: waits for the adopted resource's id.
const found = qoder.getAgentOutput({ id: reviewer.id });

const sandbox = new qoder.Environment("sandbox", { name: "sandbox" });
const nightly = new qoder.Deployment("nightly", {
  name: "nightly-review",
  agent: { id: found.id, version: found.version },
  environmentId: sandbox.id,
  initialEvents: [{ type: "user.message", content: "Review yesterday's pull requests." }],
});
const lead = new qoder.Agent("lead", {
  name: pulumi.interpolate\`\${found.name}-lead\`,
  model: "auto",
  tools: [{ type: "agent_toolset_20260401" }],
  multiagent: { type: "coordinator", agents: [{ type: "agent", id: found.id, version: found.version }] },
});

// The Promise form, of an id the program knows from its config.
const byConfig = qoder.getAgent({ id: config.require("reviewerId") });

exports.found = { id: found.id, name: found.name, version: found.version, managedBy: found.managedBy };
exports.byConfig = byConfig.then((agent) => ({ name: agent.name, version: agent.version }));
exports.deploymentId = nightly.id;
exports.leadId = lead.id;
`;

interface StateResource {
  type: string;
  urn: string;
  id?: string;
  inputs?: Record<string, unknown>;
}

describe("lookups on the engine", () => {
  let stack: FleetStack;
  let reviewerId: string;
  let deploymentId: string;
  let leadId: string;

  const requests = () => stack.emulator.admin.requests().map((entry) => `${entry.method} ${entry.route}`);
  const resources = async () =>
    (JSON.parse(await stack.project.exportState()) as { deployment: { resources: StateResource[] } }).deployment.resources;

  beforeAll(async () => {
    stack = await fleetStack("lookups-engine", PROGRAM("Review pull requests."));
    // The agent exists before the stack: made through the client, as a script or the console would.
    const client = createClient({ baseUrl: stack.emulator.baseUrl, token: ENGINE_TOKEN });
    reviewerId = (await client.agents.create({ name: "reviewer", model: "auto", system: "Review pull requests." })).id;
    await client.close();
    await stack.project.setConfig("reviewerId", reviewerId);
    stack.emulator.admin.clearLog();
  });
  afterAll(() => stack?.dispose());

  it("lookups: the preview of the new stack calls the API for the Promise form only, and writes nothing", async () => {
    await stack.project.run(["preview"]);
    // The adopted resource's id is unknown in this preview, so the Output form makes no call.
    expect(requests()).toEqual([`GET /agents/:agent_id`]);
  });

  it("lookups: up adopts the agent, and the lookup of it pins the deployment and the roster at its version", async () => {
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/\+ 6 created/);
    const outputs = await stack.project.outputs();
    deploymentId = String(outputs.deploymentId);
    leadId = String(outputs.leadId);
    expect(outputs.found).toEqual({ id: reviewerId, name: "reviewer", version: 1, managedBy: null });
    expect(outputs.byConfig).toEqual({ name: "reviewer", version: 1 });

    // The API: the agent was adopted, not copied; the deployment and the coordinator use it at version 1.
    expect(
      stack.emulator.admin
        .list("agents")
        .map((agent) => agent.name)
        .sort(),
    ).toEqual(["reviewer", "reviewer-lead"]);
    expect(stored(stack, "agents", reviewerId).version).toBe(1);
    expect(stored(stack, "deployments", deploymentId).agent).toEqual({ type: "agent", id: reviewerId, version: 1 });
    expect(stored(stack, "agents", leadId).multiagent).toEqual({ type: "coordinator", agents: [{ type: "agent", id: reviewerId, version: 1 }] });

    // The state: the adopted id, and the looked-up values as the other resources' inputs; never the token.
    const state = await resources();
    const ofType = (kind: string) => state.filter((resource) => resource.type === `pulumi-nodejs:dynamic/qoder:${kind}`);
    expect(
      ofType("Agent")
        .map((resource) => resource.id)
        .sort(),
    ).toEqual([reviewerId, leadId].sort());
    expect(ofType("Agent").find((resource) => resource.id === reviewerId)?.inputs?.adoptId).toBe(reviewerId);
    expect(ofType("Deployment")[0]?.inputs?.agent).toEqual({ id: reviewerId, version: 1 });
    expect(ofType("Agent").find((resource) => resource.id === leadId)?.inputs?.name).toBe("reviewer-lead");
    expect(JSON.stringify(state)).not.toContain(ENGINE_TOKEN);
  });

  it("lookups: a second preview has no changes, and reads the agent through both forms", async () => {
    stack.emulator.admin.clearLog();
    await stack.project.previewNoChanges();
    expect(requests().filter((request) => request === "GET /agents/:agent_id")).toHaveLength(2);
    expect(requests().filter((request) => !request.startsWith("GET "))).toEqual([]);
  });

  it("lookups: a new version of the adopted agent reaches the deployment and the roster in the same up", async () => {
    stack.project.writeProgram(PROGRAM("Review pull requests, kindly."));
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/3 updated/);
    expect(stored(stack, "agents", reviewerId).version).toBe(2);
    expect(stored(stack, "deployments", deploymentId).agent).toEqual({ type: "agent", id: reviewerId, version: 2 });
    expect(stored(stack, "agents", leadId).multiagent).toEqual({ type: "coordinator", agents: [{ type: "agent", id: reviewerId, version: 2 }] });
    expect((await stack.project.outputs()).found).toMatchObject({ version: 2 });
    await stack.project.previewNoChanges();
  });
});
