// Memory stores and memories, client ↔ emulator (CONTRACT.md "Memory stores").
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError } from "../../provider/client/index";
import { useContract } from "../support/contract";

const t = useContract();
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
let storeId: string;

beforeEach(async () => {
  storeId = (await t.client.memoryStores.create({ name: "notes" })).id;
});

describe("memory stores", () => {
  it("memory-store: create answers the store", async () => {
    const store = await t.client.memoryStores.create({ name: "kb", description: "facts", metadata: { a: "1" } });
    expect([store.type, store.name, store.description, store.metadata]).toEqual(["memory_store", "kb", "facts", { a: "1" }]);
  });

  it("memory-store: a name with a control character is a 400", async () => {
    await expect(t.client.memoryStores.create({ name: "bad\u0007name" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("memory-store: retrieve and list return the store", async () => {
    const listed = await t.client.memoryStores.list().toArray();
    await expect(t.client.memoryStores.retrieve(storeId)).resolves.toMatchObject({ id: storeId });
    expect(listed.map((s) => s.id)).toEqual([storeId]);
  });

  it("memory-store: update changes the name and patches metadata", async () => {
    await t.client.memoryStores.update(storeId, { metadata: { a: "1", b: "2" } });
    const updated = await t.client.memoryStores.update(storeId, { name: "renamed", metadata: { a: null } });
    expect([updated.name, updated.metadata]).toEqual(["renamed", { b: "2" }]);
  });

  it("memory-store: archive is one-way and blocks writes", async () => {
    await t.client.memoryStores.archive(storeId);
    await expect(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("memory-store: delete answers memory_store_deleted, then the id is gone", async () => {
    await expect(t.client.memoryStores.delete(storeId)).resolves.toEqual({ id: storeId, type: "memory_store_deleted" });
    await expect(t.client.memoryStores.retrieve(storeId)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("memories", () => {
  it("memory: create answers the memory with its hash and size", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "docs/a.md", content: "hello" });
    expect(memory).toMatchObject({ type: "memory", memoryStoreId: storeId, path: "docs/a.md", content: "hello", contentSizeBytes: 5, contentSha256: sha256("hello") });
  });

  it("memory: a path a live memory already uses is a 409", async () => {
    await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    await expect(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "y" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("memory: an absolute path is a 400", async () => {
    await expect(t.client.memoryStores.memories.create(storeId, { path: "/a.md", content: "x" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("memory: list omits content and filters by path prefix", async () => {
    await t.client.memoryStores.memories.create(storeId, { path: "docs/a.md", content: "x" });
    await t.client.memoryStores.memories.create(storeId, { path: "notes/b.md", content: "y" });
    const listed = await t.client.memoryStores.memories.list(storeId, { pathPrefix: "docs/" }).toArray();
    expect(listed.map((m) => [m.path, m.content])).toEqual([["docs/a.md", undefined]]);
  });

  it("memory: retrieve includes the content", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    await expect(t.client.memoryStores.memories.retrieve(storeId, memory.id)).resolves.toMatchObject({ content: "x" });
  });

  it("memory: update with the current hash succeeds", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    const updated = await t.client.memoryStores.memories.update(storeId, memory.id, { content: "y", contentSha256: sha256("x") });
    expect(updated.contentSha256).toBe(sha256("y"));
  });

  it("memory: update with a stale hash is a 409", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    const update = t.client.memoryStores.memories.update(storeId, memory.id, { content: "y", contentSha256: sha256("stale") });
    await expect(update).rejects.toBeInstanceOf(ConflictError);
  });

  it("memory: delete answers memory_deleted", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    await expect(t.client.memoryStores.memories.delete(storeId, memory.id)).resolves.toEqual({ id: memory.id, type: "memory_deleted" });
  });
});
