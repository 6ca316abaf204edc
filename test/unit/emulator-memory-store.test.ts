// Emulator Memory stores and memories routes against CONTRACT.md "Memory stores": store lifecycle and limits,
// memory path and content rules, the sha256 precondition, archive freezing writes. In-process harness.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inProcess } from "./emulator-harness";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

async function setup() {
  const emulator = inProcess();
  const created = { name: "alpha", description: "Project Alpha", metadata: { team: "a" } };
  const store = (await emulator.call("POST", "/memory_stores", created)).body;
  const base = `/memory_stores/${store.id}/memories`;
  const addMemory = async (path = "notes/a.md", content = "Hello world") => (await emulator.call("POST", base, { path, content })).body;
  return { ...emulator, store, base, addMemory };
}

describe("emulator memory stores", () => {
  it("memory store: create answers 201 with the store object", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/memory_stores", { name: "alpha" });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ type: "memory_store", name: "alpha", description: "", metadata: {}, archived_at: null });
  });

  it("memory store: an empty name is a 400", async () => {
    const { call } = inProcess();
    expect((await call("POST", "/memory_stores", { name: "" })).status).toBe(400);
  });

  it("memory store: a name over 255 characters is a 400", async () => {
    const { call } = inProcess();
    expect((await call("POST", "/memory_stores", { name: "n".repeat(256) })).status).toBe(400);
  });

  it("memory store: a name with a control character is a 400", async () => {
    const { call } = inProcess();
    expect((await call("POST", "/memory_stores", { name: "al\u0007pha" })).body.error.param).toBe("name");
  });

  it("memory store: a description over 1024 characters is a 400", async () => {
    const { call } = inProcess();
    expect((await call("POST", "/memory_stores", { name: "a", description: "d".repeat(1025) })).status).toBe(400);
  });

  it("memory store: duplicate names are allowed", async () => {
    const { call } = await setup();
    expect((await call("POST", "/memory_stores", { name: "alpha" })).status).toBe(201);
  });

  it("memory store: update changes name and description", async () => {
    const { call, store } = await setup();
    const reply = await call("POST", `/memory_stores/${store.id}`, { name: "beta", description: "" });
    expect([reply.body.name, reply.body.description]).toEqual(["beta", ""]);
  });

  it("memory store: update keeps omitted fields", async () => {
    const { call, store } = await setup();
    const reply = await call("POST", `/memory_stores/${store.id}`, { name: "beta" });
    expect(reply.body.description).toBe("Project Alpha");
  });

  it("memory store: metadata on update is a patch", async () => {
    const { call, store } = await setup();
    const reply = await call("POST", `/memory_stores/${store.id}`, { metadata: { team: null, tier: "gold" } });
    expect(reply.body.metadata).toEqual({ tier: "gold" });
  });

  it("memory store: archive sets archived_at", async () => {
    const { call, store } = await setup();
    expect((await call("POST", `/memory_stores/${store.id}/archive`)).body.archived_at).toEqual(expect.any(String));
  });

  it("memory store: archiving twice is a 409", async () => {
    const { call, store } = await setup();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("POST", `/memory_stores/${store.id}/archive`)).status).toBe(409);
  });

  it("memory store: an archived store is still readable by id", async () => {
    const { call, store } = await setup();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("GET", `/memory_stores/${store.id}`)).status).toBe(200);
  });

  it("memory store: list hides archived stores by default", async () => {
    const { call, store } = await setup();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("GET", "/memory_stores")).body.data).toEqual([]);
  });

  it("memory store: list shows archived stores with include_archived=true", async () => {
    const { call, store } = await setup();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("GET", "/memory_stores?include_archived=true")).body.data).toHaveLength(1);
  });

  it("memory store: updating an archived store is a 409", async () => {
    const { call, store } = await setup();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("POST", `/memory_stores/${store.id}`, { name: "beta" })).status).toBe(409);
  });

  it("memory store: delete answers memory_store_deleted", async () => {
    const { call, store } = await setup();
    expect((await call("DELETE", `/memory_stores/${store.id}`)).body).toEqual({ id: store.id, type: "memory_store_deleted" });
  });

  it("memory store: delete removes its memories", async () => {
    const { call, store, addMemory, admin } = await setup();
    await addMemory();
    await call("DELETE", `/memory_stores/${store.id}`);
    expect(admin.list("memories")).toEqual([]);
  });

  it("memory store: get of an unknown id is a 404", async () => {
    const { call } = inProcess();
    expect((await call("GET", `/memory_stores/memstore_${"0".repeat(32)}`)).status).toBe(404);
  });
});

describe("emulator memories", () => {
  it("memory: create answers 201 with size, hash and version id", async () => {
    const { call, base, store } = await setup();
    const reply = await call("POST", base, { path: "notes/a.md", content: "Hello world" });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      type: "memory",
      memory_store_id: store.id,
      path: "notes/a.md",
      content: "Hello world",
      content_size_bytes: 11,
      content_sha256: "64ec88ca00b268e5ba1a35678a1b5316d212f4f366b2477232534a8aeca37f3c",
      memory_version_id: expect.stringMatching(/^memver_[0-9a-f]{32}$/),
    });
  });

  it("memory: content size counts UTF-8 bytes", async () => {
    const { addMemory } = await setup();
    expect((await addMemory("a.md", "héllo")).content_size_bytes).toBe(6);
  });

  it("memory: a path with a leading slash is a 400", async () => {
    const { call, base } = await setup();
    expect((await call("POST", base, { path: "/notes/a.md", content: "x" })).body.error.param).toBe("path");
  });

  it("memory: a path with a .. segment is a 400", async () => {
    const { call, base } = await setup();
    expect((await call("POST", base, { path: "notes/../a.md", content: "x" })).status).toBe(400);
  });

  it("memory: a path over 1024 bytes is a 400", async () => {
    const { call, base } = await setup();
    expect((await call("POST", base, { path: "é".repeat(513), content: "x" })).status).toBe(400);
  });

  it("memory: empty content is a 400", async () => {
    const { call, base } = await setup();
    expect((await call("POST", base, { path: "a.md", content: "  " })).body.error.param).toBe("content");
  });

  it("memory: content over 100 KB is a 400", async () => {
    const { call, base } = await setup();
    expect((await call("POST", base, { path: "a.md", content: "x".repeat(100 * 1024 + 1) })).status).toBe(400);
  });

  it("memory: a duplicate path among live memories is a 409", async () => {
    const { call, base, addMemory } = await setup();
    await addMemory("a.md");
    expect((await call("POST", base, { path: "a.md", content: "again" })).status).toBe(409);
  });

  it("memory: a deleted memory's path can be reused", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory("a.md");
    await call("DELETE", `${base}/${memory.id}`);
    expect((await call("POST", base, { path: "a.md", content: "again" })).status).toBe(201);
  });

  it("memory: creating in an archived store is a 409", async () => {
    const { call, base, store } = await setup();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("POST", base, { path: "a.md", content: "x" })).status).toBe(409);
  });

  it("memory: creating in an unknown store is a 404", async () => {
    const { call } = inProcess();
    expect((await call("POST", `/memory_stores/memstore_${"0".repeat(32)}/memories`, { path: "a.md", content: "x" })).status).toBe(404);
  });

  it("memory: list leaves content out", async () => {
    const { call, base, addMemory } = await setup();
    await addMemory();
    const [item] = (await call("GET", base)).body.data;
    expect([item.content, item.content_sha256]).toEqual([undefined, sha256("Hello world")]);
  });

  it("memory: list filters by path_prefix as a plain string prefix", async () => {
    const { call, base, addMemory } = await setup();
    await addMemory("notes/a.md");
    await addMemory("notes-old/b.md");
    await addMemory("config.yaml");
    const paths = (await call("GET", `${base}?path_prefix=notes`)).body.data.map((m: { path: string }) => m.path).sort();
    expect(paths).toEqual(["notes-old/b.md", "notes/a.md"]);
  });

  it("memory: get returns the content", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory();
    expect((await call("GET", `${base}/${memory.id}`)).body.content).toBe("Hello world");
  });

  it("memory: get through another store is a 404", async () => {
    const { call, addMemory } = await setup();
    const memory = await addMemory();
    const other = (await call("POST", "/memory_stores", { name: "other" })).body;
    expect((await call("GET", `/memory_stores/${other.id}/memories/${memory.id}`)).status).toBe(404);
  });

  it("memory: update replaces content, hash and version id", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory();
    const reply = await call("POST", `${base}/${memory.id}`, { content: "Goodbye" });
    expect(reply.body).toMatchObject({ content: "Goodbye", content_size_bytes: 7, content_sha256: sha256("Goodbye") });
    expect(reply.body.memory_version_id).not.toBe(memory.memory_version_id);
  });

  it("memory: update with the current content_sha256 succeeds", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory();
    const reply = await call("POST", `${base}/${memory.id}`, { content: "v2", content_sha256: memory.content_sha256 });
    expect(reply.status).toBe(200);
  });

  it("memory: update with a stale content_sha256 is a 409", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory();
    const reply = await call("POST", `${base}/${memory.id}`, { content: "v2", content_sha256: sha256("something else") });
    expect(reply.status).toBe(409);
  });

  it("memory: metadata on update is a patch and content is kept", async () => {
    const { call, base } = await setup();
    const memory = (await call("POST", base, { path: "a.md", content: "keep", metadata: { a: "1", b: "2" } })).body;
    const reply = await call("POST", `${base}/${memory.id}`, { metadata: { a: null } });
    expect([reply.body.metadata, reply.body.content]).toEqual([{ b: "2" }, "keep"]);
  });

  it("memory: the path cannot be changed by an update", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory();
    expect((await call("POST", `${base}/${memory.id}`, { path: "b.md" })).status).toBe(400);
  });

  it("memory: updating in an archived store is a 409", async () => {
    const { call, base, store, addMemory } = await setup();
    const memory = await addMemory();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("POST", `${base}/${memory.id}`, { content: "v2" })).status).toBe(409);
  });

  it("memory: delete answers memory_deleted", async () => {
    const { call, base, addMemory } = await setup();
    const memory = await addMemory();
    expect((await call("DELETE", `${base}/${memory.id}`)).body).toEqual({ id: memory.id, type: "memory_deleted" });
  });

  it("memory: deleting in an archived store is a 409", async () => {
    const { call, base, store, addMemory } = await setup();
    const memory = await addMemory();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("DELETE", `${base}/${memory.id}`)).status).toBe(409);
  });

  it("memory: memories of an archived store are still readable", async () => {
    const { call, base, store, addMemory } = await setup();
    const memory = await addMemory();
    await call("POST", `/memory_stores/${store.id}/archive`);
    expect((await call("GET", `${base}/${memory.id}`)).status).toBe(200);
  });

  it("memory store: an out-of-band delete removes its memories too", async () => {
    const { store, addMemory, admin } = await setup();
    await addMemory();
    admin.remove("memory_stores", store.id);
    expect(admin.list("memories")).toEqual([]);
  });
});
