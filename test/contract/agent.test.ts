// Agents, client ↔ emulator: every endpoint of CONTRACT.md "Agents" and its documented errors.
import { describe, expect, it } from "vitest";
import { AuthenticationError, BadRequestError, ConflictError, NotFoundError, createClient } from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const base = { name: "reviewer", model: "ultimate" };

describe("agents", () => {
  it("agent: create answers version 1 with server defaults, in camelCase", async () => {
    const agent = await t.client.agents.create({ ...base, metadata: { team: "platform" } });
    expect(agent).toMatchObject({ type: "agent", name: "reviewer", version: 1, system: "", archivedAt: null, metadata: { team: "platform" } });
  });

  it("agent: create sends nested fields in snake_case and reads them back", async () => {
    const agent = await t.client.agents.create({
      ...base,
      mcpServers: [{ type: "url", name: "docs", url: "https://mcp.example.test/mcp" }],
      tools: [{ type: "mcp_toolset", mcpServerName: "docs" }, { type: "agent_toolset_20260401", enabledTools: ["Bash"] }],
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
