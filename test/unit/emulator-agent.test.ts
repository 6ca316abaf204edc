// Emulator Agents (CONTRACT.md "Agents"): create, versions and OCC, archive, list, field rules.
import { describe, expect, it } from "vitest";
import { agentBody, inProcess } from "./emulator-harness";

const toolset = { type: "agent_toolset_20260401" };

async function withAgent(overrides: Record<string, unknown> = {}) {
  const emulator = inProcess();
  const created = await emulator.call("POST", "/agents", agentBody(overrides));
  return { ...emulator, agent: created.body, id: created.body.id as string };
}

describe("emulator agents", () => {
  it("agent: create answers 201 with version 1 and documented defaults", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody());
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      type: "agent",
      version: 1,
      description: "",
      system: "",
      tools: [],
      mcp_servers: [],
      skills: [],
      metadata: {},
      multiagent: null,
      archived_at: null,
    });
  });

  it("agent: update with the current version answers version + 1", async () => {
    const { call, id } = await withAgent();
    const reply = await call("POST", `/agents/${id}`, { version: 1, name: "renamed" });
    expect(reply.body).toMatchObject({ version: 2, name: "renamed" });
  });

  it("agent: update with a stale version is 409 conflict_error", async () => {
    const { call, id } = await withAgent();
    await call("POST", `/agents/${id}`, { version: 1, name: "first" });
    const reply = await call("POST", `/agents/${id}`, { version: 1, name: "second" });
    expect(reply.status).toBe(409);
    expect(reply.body.error.param).toBe("version");
  });

  it("agent: update without version is 400", async () => {
    const { call, id } = await withAgent();
    const reply = await call("POST", `/agents/${id}`, { name: "x" });
    expect(reply.body.error).toMatchObject({ message: "Missing required field: version", param: "version" });
  });

  it("agent: PUT is accepted as the older update method", async () => {
    const { call, id } = await withAgent();
    expect((await call("PUT", `/agents/${id}`, { version: 1, name: "x" })).body.version).toBe(2);
  });

  it("agent: get with ?version=N returns that snapshot", async () => {
    const { call, id } = await withAgent();
    await call("POST", `/agents/${id}`, { version: 1, name: "renamed" });
    const reply = await call("GET", `/agents/${id}?version=1`);
    expect(reply.body).toMatchObject({ version: 1, name: "reviewer" });
  });

  it("agent: get with an unknown version is 404", async () => {
    const { call, id } = await withAgent();
    expect((await call("GET", `/agents/${id}?version=7`)).status).toBe(404);
  });

  it("agent: versions are listed newest first with version-number cursors", async () => {
    const { call, id } = await withAgent();
    await call("POST", `/agents/${id}`, { version: 1, name: "two" });
    const reply = await call("GET", `/agents/${id}/versions`);
    expect(reply.body.data.map((item: { version: number }) => item.version)).toEqual([2, 1]);
    expect(reply.body).toMatchObject({ first_id: "2", last_id: "1" });
  });

  it("agent: archive sets archived_at without bumping the version and repeats without error", async () => {
    const { call, id } = await withAgent();
    const first = await call("POST", `/agents/${id}/archive`);
    const second = await call("POST", `/agents/${id}/archive`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ version: 1, archived_at: first.body.archived_at });
  });

  it("agent: archived agents stay retrievable by id", async () => {
    const { call, id } = await withAgent();
    await call("POST", `/agents/${id}/archive`);
    expect((await call("GET", `/agents/${id}`)).status).toBe(200);
  });

  it("agent: the list hides archived agents unless include_archived=true", async () => {
    const { call, id } = await withAgent();
    await call("POST", `/agents/${id}/archive`);
    expect((await call("GET", "/agents")).body.data).toHaveLength(0);
    expect((await call("GET", "/agents?include_archived=true")).body.data).toHaveLength(1);
  });

  it("agent: metadata on update is a patch (string upserts, null deletes, absent kept)", async () => {
    const { call, id } = await withAgent({ metadata: { team: "a", keep: "yes", drop: "x" } });
    const reply = await call("POST", `/agents/${id}`, { version: 1, metadata: { team: "b", drop: null, added: "1" } });
    expect(reply.body.metadata).toEqual({ team: "b", keep: "yes", added: "1" });
  });

  it("agent: a metadata patch that leaves more than 16 keys is 400", async () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`k${index}`, "v"]));
    const { call, id } = await withAgent({ metadata: sixteen });
    const reply = await call("POST", `/agents/${id}`, { version: 1, metadata: { extra: "v" } });
    expect(reply.body.error.param).toBe("metadata");
  });

  it("agent: omitted fields are kept and arrays are replaced whole", async () => {
    const { call, id } = await withAgent({ system: "be brief", tools: [toolset, { type: "custom", name: "a", description: "", input_schema: {} }] });
    const reply = await call("POST", `/agents/${id}`, { version: 1, tools: [toolset] });
    expect(reply.body).toMatchObject({ system: "be brief", tools: [toolset] });
  });

  it("agent: null clears an array field", async () => {
    const { call, id } = await withAgent({ tools: [toolset] });
    expect((await call("POST", `/agents/${id}`, { version: 1, tools: null })).body.tools).toEqual([]);
  });

  it("agent: a name over 256 characters is 400 on name", async () => {
    const { call } = inProcess();
    expect((await call("POST", "/agents", agentBody({ name: "n".repeat(257) }))).body.error.param).toBe("name");
  });

  it("agent: a system prompt over 100000 characters is 400", async () => {
    const { call } = inProcess();
    expect((await call("POST", "/agents", agentBody({ system: "s".repeat(100_001) }))).status).toBe(400);
  });

  it("agent: the model may be an object with id, effort and context_window", async () => {
    const { call } = inProcess();
    const model = { id: "ultimate", effort: "high", context_window: 200000 };
    expect((await call("POST", "/agents", agentBody({ model }))).body.model).toEqual(model);
  });

  it("agent: an MCP server not referenced by an mcp_toolset is 400", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody({ mcp_servers: [{ type: "url", name: "docs", url: "https://x" }] }));
    expect(reply.body.error.param).toBe("mcp_servers.0");
  });

  it("agent: an unknown built-in tool name is 400", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody({ tools: [{ ...toolset, enabled_tools: ["Teleport"] }] }));
    expect(reply.body.error.message).toBe("unknown tool name 'Teleport'");
  });

  it("agent: the browser toolset without the beta header is 400", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody({ tools: [{ type: "browser_toolset_20260714" }] }));
    expect(reply.body.error.param).toBe("tools.0.type");
  });

  it("agent: the browser toolset with x-qoder-beta: browser-use-2026-07-14 is accepted", async () => {
    const { call } = inProcess();
    const body = agentBody({ tools: [{ type: "browser_toolset_20260714" }] });
    expect((await call("POST", "/agents", body, { "x-qoder-beta": "browser-use-2026-07-14" })).status).toBe(201);
  });

  it("agent: multiagent without an agent toolset is 400", async () => {
    const { call, id } = await withAgent();
    const reply = await call("POST", "/agents", agentBody({ multiagent: { type: "coordinator", agents: [id] } }));
    expect(reply.body.error.param).toBe("multiagent");
  });

  it("agent: an archived multiagent member is 400", async () => {
    const { call, id } = await withAgent();
    await call("POST", `/agents/${id}/archive`);
    const body = agentBody({ tools: [toolset], multiagent: { type: "coordinator", agents: [id] } });
    expect((await call("POST", "/agents", body)).body.error.param).toBe("multiagent.agents.0");
  });

  it("agent: a coordinator cannot be a multiagent member", async () => {
    const { call, id } = await withAgent();
    const coordinator = await call("POST", "/agents", agentBody({ tools: [toolset], multiagent: { type: "coordinator", agents: [id] } }));
    const body = agentBody({ tools: [toolset], multiagent: { type: "coordinator", agents: [coordinator.body.id] } });
    expect((await call("POST", "/agents", body)).body.error.message).toContain("is a coordinator");
  });

  it("agent: an out-of-band patch bumps the version like a real update", async () => {
    const { admin, call, id } = await withAgent();
    admin.patch("agents", id, { name: "changed elsewhere" });
    expect((await call("GET", `/agents/${id}`)).body).toMatchObject({ version: 2, name: "changed elsewhere" });
  });

  it("agent: an unknown custom skill is 400 when the Skills kind is mounted", async () => {
    const { call } = inProcess();
    const body = agentBody({ skills: [{ type: "custom", skill_id: "skill_00000000000000000000000000000000" }] });
    expect((await call("POST", "/agents", body)).body.error.param).toBe("skills.0.skill_id");
  });
});
