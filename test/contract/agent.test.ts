// Agents, client ↔ emulator: every endpoint of CONTRACT.md "Agents" and its documented errors.
import { describe, expect, it } from "vitest";
import { AuthenticationError, BadRequestError, ConflictError, NotFoundError, createClient } from "../../provider/client/index";
import { MANIFEST, rejectionOf, useContract } from "../support/contract";

const t = useContract();
const base = { name: "reviewer", model: "ultimate" };
const toolset = { type: "agent_toolset_20260401" as const };
const paramOf = async (promise: Promise<unknown>) => (await rejectionOf(promise)).param;
const skill = async (name = "code-review") => t.client.skills.create({ files: [{ path: "SKILL.md", content: Buffer.from(MANIFEST(name)) }] });

describe("agents", () => {
  it("agent: create answers version 1 with server defaults, in camelCase", async () => {
    const agent = await t.client.agents.create({ ...base, metadata: { team: "platform" } });
    expect(agent).toMatchObject({ type: "agent", name: "reviewer", version: 1, system: "", archivedAt: null, metadata: { team: "platform" } });
  });

  it("agent: create sends nested fields in snake_case and reads them back", async () => {
    const agent = await t.client.agents.create({
      ...base,
      mcpServers: [{ type: "url", name: "docs", url: "https://mcp.example.test/mcp" }],
      tools: [
        { type: "mcp_toolset", mcpServerName: "docs" },
        { type: "agent_toolset_20260401", enabledTools: ["Bash"] },
      ],
    });
    expect([agent.mcpServers[0]?.name, agent.tools[0]?.mcpServerName]).toEqual(["docs", "docs"]);
  });

  it("agent: create without a name is a 400 naming the field", async () => {
    const err = await rejectionOf(t.client.agents.create({ model: "ultimate" } as never));
    expect(err).toMatchObject({ status: 400, type: "invalid_request_error", param: "name" });
  });

  it("agent: an MCP server no toolset references is a 400", async () => {
    const create = t.client.agents.create({ ...base, mcpServers: [{ type: "url", name: "docs", url: "https://mcp.example.test" }] });
    await expect(create).rejects.toBeInstanceOf(BadRequestError);
  });

  it("agent: the browser toolset passes because the client sends its beta header", async () => {
    const agent = await t.client.agents.create({ ...base, tools: [{ type: "browser_toolset_20260714" }] });
    expect(agent.tools).toEqual([{ type: "browser_toolset_20260714" }]);
  });

  it("agent: retrieve returns the stored agent", async () => {
    const created = await t.client.agents.create(base);
    await expect(t.client.agents.retrieve(created.id)).resolves.toEqual(created);
  });

  it("agent: retrieve of an unknown id is a 404 with the API's wording", async () => {
    const err = await rejectionOf(t.client.agents.retrieve("agent_00000000000000000000000000000000"));
    expect([err instanceof NotFoundError, err.apiMessage]).toEqual([true, "Agent 'agent_00000000000000000000000000000000' was not found."]);
  });

  it("agent: update with the current version bumps it", async () => {
    const created = await t.client.agents.create(base);
    const updated = await t.client.agents.update(created.id, { version: 1, system: "Be brief." });
    expect([updated.version, updated.system, updated.name]).toEqual([2, "Be brief.", "reviewer"]);
  });

  it("agent: update with a stale version is a 409, sent once", async () => {
    const created = await t.client.agents.create(base);
    await t.client.agents.update(created.id, { version: 1, name: "v2" });
    const err = await rejectionOf(t.client.agents.update(created.id, { version: 1, name: "v3" }));
    expect([err instanceof ConflictError, t.emulator.admin.count("POST", "/agents/:agent_id")]).toEqual([true, 2]);
  });

  it("agent: a metadata update is a patch (string upserts, null deletes, absent kept)", async () => {
    const created = await t.client.agents.create({ ...base, metadata: { a: "1", b: "2", c: "3" } });
    const updated = await t.client.agents.update(created.id, { version: 1, metadata: { a: "10", b: null } });
    expect(updated.metadata).toEqual({ a: "10", c: "3" });
  });

  it("agent: retrieve with a version returns that snapshot", async () => {
    const created = await t.client.agents.create(base);
    await t.client.agents.update(created.id, { version: 1, name: "renamed" });
    await expect(t.client.agents.retrieve(created.id, { version: 1 })).resolves.toMatchObject({ version: 1, name: "reviewer" });
  });

  it("agent: versions lists snapshots newest first", async () => {
    const created = await t.client.agents.create(base);
    await t.client.agents.update(created.id, { version: 1, name: "two" });
    const versions = await t.client.agents.versions(created.id).toArray();
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it("agent: archive sets archivedAt and keeps the version", async () => {
    const created = await t.client.agents.create(base);
    const archived = await t.client.agents.archive(created.id);
    expect([archived.archivedAt !== null, archived.version]).toEqual([true, 1]);
  });

  it("agent: archiving twice is not an error", async () => {
    const created = await t.client.agents.create(base);
    await t.client.agents.archive(created.id);
    await expect(t.client.agents.archive(created.id)).resolves.toMatchObject({ id: created.id, version: 1 });
  });

  it("agent: list hides archived agents unless asked", async () => {
    const kept = await t.client.agents.create(base);
    const gone = await t.client.agents.create({ ...base, name: "old" });
    await t.client.agents.archive(gone.id);
    const visible = (await t.client.agents.list().toArray()).map((a) => a.id);
    const all = (await t.client.agents.list({ includeArchived: true }).toArray()).map((a) => a.id);
    expect([visible, all]).toEqual([[kept.id], [gone.id, kept.id]]);
  });

  it("agent: list walks every page, newest first", async () => {
    const ids: string[] = [];
    for (const name of ["a", "b", "c", "d", "e"]) ids.push((await t.client.agents.create({ ...base, name })).id);
    const listed = await t.client.agents.list({ limit: 2 }).toArray();
    expect([listed.map((a) => a.id), t.emulator.admin.count("GET", "/agents")]).toEqual([ids.reverse(), 3]);
  });

  it("agent: a page size over 100 is a 400", async () => {
    await expect(t.client.agents.list({ limit: 101 }).toArray()).rejects.toBeInstanceOf(BadRequestError);
  });

  it("agent: a wrong token is a 401, never retried", async () => {
    const client = createClient({ baseUrl: t.emulator.baseUrl, token: "pt-wrong", env: {} });
    const err = await rejectionOf(client.agents.list().toArray());
    await client.close();
    expect([err instanceof AuthenticationError, t.emulator.admin.count("GET", "/agents")]).toEqual([true, 1]);
  });

  it("agent: the server's request id reaches the error", async () => {
    const err = await rejectionOf(t.client.agents.retrieve("agent_00000000000000000000000000000000"));
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("agent fields", () => {
  it("agent: a name over 256 characters is a 400 on name", async () => {
    await expect(paramOf(t.client.agents.create({ ...base, name: "n".repeat(257) }))).resolves.toBe("name");
  });

  it("agent: create without a model is a 400 naming the field", async () => {
    const err = await rejectionOf(t.client.agents.create({ name: "reviewer" } as never));
    expect([err instanceof BadRequestError, err.param, err.apiMessage]).toEqual([true, "model", "Missing required field: model"]);
  });

  it("agent: the model may be an object with id, effort and contextWindow", async () => {
    const model = { id: "ultimate", effort: "high", contextWindow: 200000 };
    await expect(t.client.agents.create({ ...base, model })).resolves.toMatchObject({ model });
  });

  it("agent: an object model is replaced whole on update", async () => {
    const created = await t.client.agents.create({ ...base, model: { id: "ultimate", effort: "high" } });
    const updated = await t.client.agents.update(created.id, { version: 1, model: { id: "auto" } });
    expect(updated.model).toEqual({ id: "auto" });
  });

  it("agent: a system prompt over 100000 characters is a 400 on system", async () => {
    await expect(paramOf(t.client.agents.create({ ...base, system: "s".repeat(100_001) }))).resolves.toBe("system");
  });

  it("agent: a description over 2048 characters is a 400 on description", async () => {
    await expect(paramOf(t.client.agents.create({ ...base, description: "d".repeat(2049) }))).resolves.toBe("description");
  });

  it("agent: more than 128 tools are a 400 on tools", async () => {
    const tools = Array.from({ length: 129 }, (_, i) => ({ type: "custom" as const, name: `t${i}`, description: "d", inputSchema: {} }));
    await expect(paramOf(t.client.agents.create({ ...base, tools }))).resolves.toBe("tools");
  });

  it("agent: an unknown built-in tool name is a 400 on that name", async () => {
    const tools = [{ ...toolset, enabledTools: ["Bash", "Teleport"] }];
    await expect(paramOf(t.client.agents.create({ ...base, tools }))).resolves.toBe("tools.0.enabled_tools.1");
  });

  it("agent: tool configs and permission policies round-trip", async () => {
    const tool = { ...toolset, configs: [{ name: "Bash", permissionPolicy: { type: "always_ask" as const } }], defaultConfig: { enabled: true } };
    await expect(t.client.agents.create({ ...base, tools: [tool] })).resolves.toMatchObject({ tools: [tool] });
  });

  it("agent: a custom tool keeps its input schema's property names verbatim", async () => {
    const inputSchema = { type: "object", properties: { filePath: { type: "string" }, line_number: { type: "integer" } } };
    const created = await t.client.agents.create({ ...base, tools: [{ type: "custom", name: "lookup", description: "Looks up", inputSchema }] });
    expect(created.tools[0]).toEqual({ type: "custom", name: "lookup", description: "Looks up", inputSchema });
  });

  it("agent: two MCP servers with one name are a 400", async () => {
    const server = { type: "url" as const, name: "docs", url: "https://mcp.example.test" };
    const create = t.client.agents.create({ ...base, mcpServers: [server, server], tools: [{ type: "mcp_toolset", mcpServerName: "docs" }] });
    await expect(paramOf(create)).resolves.toBe("mcp_servers.1.name");
  });

  it("agent: more than 20 MCP servers are a 400 on mcp_servers", async () => {
    const mcpServers = Array.from({ length: 21 }, (_, i) => ({ type: "url" as const, name: `s${i}`, url: "https://mcp.example.test" }));
    const tools = mcpServers.map((server) => ({ type: "mcp_toolset" as const, mcpServerName: server.name }));
    await expect(paramOf(t.client.agents.create({ ...base, mcpServers, tools }))).resolves.toBe("mcp_servers");
  });

  it("agent: more than 20 skills are a 400 on skills", async () => {
    const skills = Array.from({ length: 21 }, (_, i) => ({ type: "qoder" as const, skillId: `managed-${i}` }));
    await expect(paramOf(t.client.agents.create({ ...base, skills }))).resolves.toBe("skills");
  });

  it("agent: a custom skill binding to an existing skill is kept", async () => {
    const { id } = await skill();
    await expect(t.client.agents.create({ ...base, skills: [{ type: "custom", skillId: id }] })).resolves.toMatchObject({
      skills: [{ type: "custom", skillId: id }],
    });
  });

  it("agent: a custom skill that does not exist is a 400 on the binding", async () => {
    const create = t.client.agents.create({ ...base, skills: [{ type: "custom", skillId: "skill_00000000000000000000000000000000" }] });
    await expect(paramOf(create)).resolves.toBe("skills.0.skill_id");
  });

  it("agent: a pinned skill version that does not exist is a 400", async () => {
    const { id } = await skill();
    await expect(paramOf(t.client.agents.create({ ...base, skills: [{ type: "custom", skillId: id, version: "1" }] }))).resolves.toBe(
      "skills.0.version",
    );
  });

  it("agent: a qoder skill is accepted by name", async () => {
    await expect(t.client.agents.create({ ...base, skills: [{ type: "qoder", skillId: "pdf" }] })).resolves.toMatchObject({
      skills: [{ type: "qoder", skillId: "pdf" }],
    });
  });

  it("agent: a read-only field on create is a 400", async () => {
    await expect(paramOf(t.client.agents.create({ ...base, version: 3 } as never))).resolves.toBe("version");
  });

  it("agent: update without a version is a 400 on version", async () => {
    const created = await t.client.agents.create(base);
    await expect(paramOf(t.client.agents.update(created.id, { name: "x" } as never))).resolves.toBe("version");
  });

  it("agent: update of an unknown id is a 404", async () => {
    await expect(t.client.agents.update("agent_00000000000000000000000000000000", { version: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("agent: an archived agent is still retrievable by id", async () => {
    const created = await t.client.agents.create(base);
    await t.client.agents.archive(created.id);
    await expect(t.client.agents.retrieve(created.id)).resolves.toMatchObject({ id: created.id, archivedAt: expect.any(String) });
  });

  it("agent: retrieve of a version that does not exist is a 404", async () => {
    const created = await t.client.agents.create(base);
    await expect(t.client.agents.retrieve(created.id, { version: 2 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("agent: an answer from an older server with instructions instead of system reads as system", async () => {
    const created = await t.client.agents.create(base);
    t.emulator.admin.patch("agents", created.id, { system: null, instructions: "Legacy prompt." });
    await expect(t.client.agents.retrieve(created.id)).resolves.toMatchObject({ system: "Legacy prompt." });
  });
});

describe("agent multiagent", () => {
  it("agent: a coordinator lists its members by id, pinned version and self", async () => {
    const first = await t.client.agents.create({ ...base, name: "first" });
    const second = await t.client.agents.create({ ...base, name: "second" });
    const multiagent = {
      type: "coordinator" as const,
      agents: [first.id, { type: "agent" as const, id: second.id, version: 1 }, { type: "self" as const }],
    };
    await expect(t.client.agents.create({ ...base, tools: [toolset], multiagent })).resolves.toMatchObject({ multiagent });
  });

  it("agent: a coordinator without an agent toolset is a 400 on multiagent", async () => {
    const member = await t.client.agents.create({ ...base, name: "member" });
    await expect(paramOf(t.client.agents.create({ ...base, multiagent: { type: "coordinator", agents: [member.id] } }))).resolves.toBe("multiagent");
  });

  it("agent: a member that does not exist is a 400 on the member", async () => {
    const create = t.client.agents.create({
      ...base,
      tools: [toolset],
      multiagent: { type: "coordinator", agents: ["agent_00000000000000000000000000000000"] },
    });
    await expect(paramOf(create)).resolves.toBe("multiagent.agents.0");
  });

  it("agent: an archived member is a 400 on the member", async () => {
    const member = await t.client.agents.create({ ...base, name: "member" });
    await t.client.agents.archive(member.id);
    await expect(
      paramOf(t.client.agents.create({ ...base, tools: [toolset], multiagent: { type: "coordinator", agents: [member.id] } })),
    ).resolves.toBe("multiagent.agents.0");
  });

  it("agent: a coordinator cannot be a member", async () => {
    const member = await t.client.agents.create({ ...base, name: "member" });
    const coordinator = await t.client.agents.create({ ...base, tools: [toolset], multiagent: { type: "coordinator", agents: [member.id] } });
    const create = t.client.agents.create({ ...base, tools: [toolset], multiagent: { type: "coordinator", agents: [coordinator.id] } });
    await expect(paramOf(create)).resolves.toBe("multiagent.agents.0");
  });

  it("agent: more than 20 members are a 400", async () => {
    const agents = Array.from({ length: 21 }, (_, i) => `agent_${String(i).padStart(32, "0")}`);
    await expect(paramOf(t.client.agents.create({ ...base, tools: [toolset], multiagent: { type: "coordinator", agents } }))).resolves.toBe(
      "multiagent.agents",
    );
  });
});
