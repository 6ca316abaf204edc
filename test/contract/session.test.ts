// Sessions, client ↔ emulator: the runtime calls the provider needs (CONTRACT.md "Sessions, Events, Files").
import { beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, NotFoundError } from "../../provider/client/index";
import { useContract } from "../support/contract";

const t = useContract();
let agentId: string;
let environmentId: string;

beforeEach(async () => {
  agentId = (await t.client.agents.create({ name: "a", model: "ultimate" })).id;
  environmentId = (await t.client.environments.create({ name: "ci" })).id;
});

describe("sessions", () => {
  it("session: create binds the agent snapshot and the environment", async () => {
    const session = await t.client.sessions.create({ agent: agentId, environmentId, title: "t", metadata: { k: "v" } });
    expect([session.agent.id, session.agent.version, session.environmentId, session.metadata]).toEqual([agentId, 1, environmentId, { k: "v" }]);
  });

  it("session: create with an unknown environment is a 404", async () => {
    const create = t.client.sessions.create({ agent: agentId, environmentId: "env_00000000000000000000000000000000" });
    await expect(create).rejects.toBeInstanceOf(NotFoundError);
  });

  it("session: create in an archived environment is refused", async () => {
    await t.client.environments.archive(environmentId);
    await expect(t.client.sessions.create({ agent: agentId, environmentId })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("session: retrieve returns the stored session", async () => {
    const session = await t.client.sessions.create({ agent: agentId, environmentId });
    await expect(t.client.sessions.retrieve(session.id)).resolves.toEqual(session);
  });

  it("session: list filters by environment", async () => {
    const other = (await t.client.environments.create({ name: "other" })).id;
    const mine = await t.client.sessions.create({ agent: agentId, environmentId });
    await t.client.sessions.create({ agent: agentId, environmentId: other });
    const listed = await t.client.sessions.list({ environmentId }).toArray();
    expect(listed.map((s) => s.id)).toEqual([mine.id]);
  });

  it("session: archive sets archivedAt", async () => {
    const session = await t.client.sessions.create({ agent: agentId, environmentId });
    await expect(t.client.sessions.archive(session.id)).resolves.toMatchObject({ id: session.id, archivedAt: expect.any(String) });
  });

  it("session: delete answers session_deleted", async () => {
    const session = await t.client.sessions.create({ agent: agentId, environmentId });
    await expect(t.client.sessions.delete(session.id)).resolves.toEqual({ id: session.id, type: "session_deleted" });
  });
});

describe("session bindings", () => {
  it("session: a later agent update leaves the session's snapshot at the version it bound", async () => {
    const session = await t.client.sessions.create({ agent: agentId, environmentId });
    await t.client.agents.update(agentId, { version: 1, system: "changed" });
    await expect(t.client.sessions.retrieve(session.id)).resolves.toMatchObject({ agent: { version: 1, system: "" } });
  });

  it("session: vault ids and a memory store resource are bound, access read_write by default", async () => {
    const vault = await t.client.vaults.create({ displayName: "v" });
    const store = await t.client.memoryStores.create({ name: "notes" });
    const session = await t.client.sessions.create({
      agent: agentId,
      environmentId,
      vaultIds: [vault.id],
      resources: [{ type: "memory_store", memoryStoreId: store.id }],
    });
    expect([session.vaultIds, session.resources]).toEqual([[vault.id], [{ type: "memory_store", memoryStoreId: store.id, access: "read_write" }]]);
  });

  it("session: list hides archived sessions unless asked", async () => {
    const session = await t.client.sessions.create({ agent: agentId, environmentId });
    await t.client.sessions.archive(session.id);
    const counts = [(await t.client.sessions.list().toArray()).length, (await t.client.sessions.list({ includeArchived: true }).toArray()).length];
    expect(counts).toEqual([0, 1]);
  });

  it("session: an unknown vault id is a 404", async () => {
    const create = t.client.sessions.create({ agent: agentId, environmentId, vaultIds: ["vault_00000000000000000000000000000000"] });
    await expect(create).rejects.toBeInstanceOf(NotFoundError);
  });
});
