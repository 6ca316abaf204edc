// Shared shapes, client ↔ emulator (CONTRACT.md "Shared shapes"): metadata limits and defaults, timestamps,
// delete answers (200 with a body, and an older server's empty 204), and updates sent as an older server's PUT.
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const agent = { name: "reviewer", model: "ultimate" };
const keys = (count: number, prefix = "k") => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, "v"]));
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

describe("metadata", () => {
  it("metadata: defaults to an empty object", async () => {
    await expect(t.client.agents.create(agent)).resolves.toMatchObject({ metadata: {} });
  });

  it("metadata: 16 keys of 64 characters with 512-character values are accepted", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`${i}`.padEnd(64, "k"), "v".repeat(512)]));
    await expect(t.client.agents.create({ ...agent, metadata })).resolves.toMatchObject({ metadata });
  });

  it("metadata: 17 keys are a 400 on metadata", async () => {
    const err = await rejectionOf(t.client.agents.create({ ...agent, metadata: keys(17) }));
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "metadata"]);
  });

  it("metadata: a key over 64 characters is a 400", async () => {
    await expect(t.client.environments.create({ name: "ci", metadata: { ["k".repeat(65)]: "v" } })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("metadata: a value over 512 characters is a 400", async () => {
    await expect(t.client.memoryStores.create({ name: "notes", metadata: { k: "v".repeat(513) } })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("metadata: a patch that would leave more than 16 keys is a 400", async () => {
    const created = await t.client.agents.create({ ...agent, metadata: keys(10, "a") });
    const err = await rejectionOf(t.client.agents.update(created.id, { version: 1, metadata: keys(7, "b") }));
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "metadata"]);
  });

  it("metadata: a patch may delete and add in one call to stay within 16 keys", async () => {
    const created = await t.client.agents.create({ ...agent, metadata: keys(16) });
    const updated = await t.client.agents.update(created.id, { version: 1, metadata: { k0: null, extra: "x" } });
    expect([Object.keys(updated.metadata).length, updated.metadata.extra, "k0" in updated.metadata]).toEqual([16, "x", false]);
  });

  it("metadata: keys keep their spelling (no camelCase conversion)", async () => {
    const metadata = { cost_center: "42", teamName: "platform" };
    await expect(t.client.agents.create({ ...agent, metadata })).resolves.toMatchObject({ metadata });
  });
});

describe("timestamps", () => {
  it("timestamps: createdAt and updatedAt are RFC 3339 UTC", async () => {
    const created = await t.client.environments.create({ name: "ci" });
    expect([created.createdAt, created.updatedAt]).toEqual([expect.stringMatching(RFC3339_UTC), expect.stringMatching(RFC3339_UTC)]);
  });

  it("timestamps: archivedAt is null until archived, then RFC 3339 UTC", async () => {
    const created = await t.client.environments.create({ name: "ci" });
    const archived = await t.client.environments.archive(created.id);
    expect([created.archivedAt, archived.archivedAt]).toEqual([null, expect.stringMatching(RFC3339_UTC)]);
  });
});

describe("deletes", () => {
  it.each([
    ["environment_deleted", async () => (await t.client.environments.create({ name: "ci" })).id, (id: string) => t.client.environments.delete(id)],
    ["vault_deleted", async () => (await t.client.vaults.create({ displayName: "v" })).id, (id: string) => t.client.vaults.delete(id)],
    ["memory_store_deleted", async () => (await t.client.memoryStores.create({ name: "n" })).id, (id: string) => t.client.memoryStores.delete(id)],
  ])("deletes: an older server's empty 204 reads as %s", async (type, create, remove) => {
    const id = await create();
    t.emulator.admin.addFault({ kind: "no-content", method: "DELETE", count: 1 });
    await expect(remove(id)).resolves.toEqual({ id, type });
  });

  it("deletes: an empty 204 for a nested object reads as its own id", async () => {
    const store = await t.client.memoryStores.create({ name: "n" });
    const memory = await t.client.memoryStores.memories.create(store.id, { path: "a.md", content: "x" });
    t.emulator.admin.addFault({ kind: "no-content", method: "DELETE", count: 1 });
    await expect(t.client.memoryStores.memories.delete(store.id, memory.id)).resolves.toEqual({ id: memory.id, type: "memory_deleted" });
  });
});

describe("updates", () => {
  // The client speaks POST (current API); older servers took PUT, which the emulator still accepts.
  const asPut = () => t.clientThrough((request) => ({ ...request, method: request.method === "POST" ? "PUT" : request.method }));

  it("updates: an agent update sent as PUT is applied like POST", async () => {
    const created = await t.client.agents.create(agent);
    await expect(asPut().agents.update(created.id, { version: 1, name: "renamed" })).resolves.toMatchObject({ version: 2, name: "renamed" });
  });

  it("updates: an environment update sent as PUT is applied like POST", async () => {
    const created = await t.client.environments.create({ name: "ci" });
    await expect(asPut().environments.update(created.id, { description: "d" })).resolves.toMatchObject({ description: "d" });
  });

  it("updates: omitted fields are kept", async () => {
    const created = await t.client.agents.create({ ...agent, description: "d", system: "s" });
    const updated = await t.client.agents.update(created.id, { version: 1, name: "renamed" });
    expect([updated.description, updated.system, updated.model]).toEqual(["d", "s", "ultimate"]);
  });

  it("updates: arrays are replaced whole", async () => {
    const created = await t.client.agents.create({ ...agent, tools: [{ type: "agent_toolset_20260401", enabledTools: ["Bash", "Read"] }] });
    const updated = await t.client.agents.update(created.id, { version: 1, tools: [{ type: "agent_toolset_20260401", enabledTools: ["Grep"] }] });
    expect(updated.tools).toEqual([{ type: "agent_toolset_20260401", enabledTools: ["Grep"] }]);
  });
});

describe("answers", () => {
  it("answers: a field the client does not know is kept, camelCased", async () => {
    const created = await t.client.environments.create({ name: "ci" });
    t.emulator.admin.patch("environments", created.id, { future_field: { nested_value: 1 } });
    await expect(t.client.environments.retrieve(created.id)).resolves.toMatchObject({ futureField: { nestedValue: 1 } });
  });
});
