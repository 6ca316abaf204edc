// Emulator Sessions at provider depth: agent snapshot binding, references, archive, delete, list filters.
import { describe, expect, it } from "vitest";
import { agentBody, environmentBody, inProcess } from "./emulator-harness";

async function world() {
  const emulator = inProcess();
  const agent = (await emulator.call("POST", "/agents", agentBody({ system: "v1" }))).body;
  const environment = (await emulator.call("POST", "/environments", environmentBody())).body;
  return { ...emulator, agent, environment };
}

describe("emulator sessions", () => {
  it("session: create answers 201 idle with the agent's latest version as snapshot", async () => {
    const { call, agent, environment } = await world();
    await call("POST", `/agents/${agent.id}`, { version: 1, system: "v2" });
    const reply = await call("POST", "/sessions", { agent: agent.id, environment_id: environment.id });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ status: "idle", agent: { id: agent.id, version: 2, system: "v2" } });
  });

  it("session: an agent object may pin an older version", async () => {
    const { call, agent, environment } = await world();
    await call("POST", `/agents/${agent.id}`, { version: 1, system: "v2" });
    const reply = await call("POST", "/sessions", { agent: { type: "agent", id: agent.id, version: 1 }, environment_id: environment.id });
    expect(reply.body.agent).toMatchObject({ version: 1, system: "v1" });
  });

  it("session: later agent updates do not change an existing session's snapshot", async () => {
    const { call, agent, environment } = await world();
    const session = (await call("POST", "/sessions", { agent: agent.id, environment_id: environment.id })).body;
    await call("POST", `/agents/${agent.id}`, { version: 1, system: "v2" });
    expect((await call("GET", `/sessions/${session.id}`)).body.agent.system).toBe("v1");
  });

  it("session: an unknown environment is 404", async () => {
    const { call, agent } = await world();
    const reply = await call("POST", "/sessions", { agent: agent.id, environment_id: "env_00000000000000000000000000000000" });
    expect(reply.status).toBe(404);
  });

  it("session: an unknown agent is 404", async () => {
    const { call, environment } = await world();
    const reply = await call("POST", "/sessions", { agent: "agent_00000000000000000000000000000000", environment_id: environment.id });
    expect(reply.status).toBe(404);
  });

  it("session: a memory_store resource defaults to read_write access", async () => {
    const { call, agent, environment } = await world();
    const store = (await call("POST", "/memory_stores", { name: "notes" })).body;
    const reply = await call("POST", "/sessions", {
      agent: agent.id,
      environment_id: environment.id,
      resources: [{ type: "memory_store", memory_store_id: store.id }],
    });
    expect(reply.body.resources).toEqual([{ type: "memory_store", memory_store_id: store.id, access: "read_write" }]);
  });

  it("session: archive keeps status and hides the session from the default list", async () => {
    const { call, agent, environment } = await world();
    const session = (await call("POST", "/sessions", { agent: agent.id, environment_id: environment.id })).body;
    const archived = await call("POST", `/sessions/${session.id}/archive`);
    expect(archived.body).toMatchObject({ status: "idle" });
    expect((await call("GET", "/sessions")).body.data).toHaveLength(0);
  });

  it("session: delete answers session_deleted", async () => {
    const { call, agent, environment } = await world();
    const session = (await call("POST", "/sessions", { agent: agent.id, environment_id: environment.id })).body;
    expect((await call("DELETE", `/sessions/${session.id}`)).body).toEqual({ id: session.id, type: "session_deleted" });
  });

  it("session: the list filters by environment_id", async () => {
    const { call, agent, environment } = await world();
    const other = (await call("POST", "/environments", environmentBody())).body;
    await call("POST", "/sessions", { agent: agent.id, environment_id: environment.id });
    await call("POST", "/sessions", { agent: agent.id, environment_id: other.id });
    expect((await call("GET", `/sessions?environment_id=${other.id}`)).body.data).toHaveLength(1);
  });
});
