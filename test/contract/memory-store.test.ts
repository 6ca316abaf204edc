// Memory stores and memories, client ↔ emulator (CONTRACT.md "Memory stores").
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError } from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const paramOf = async (promise: Promise<unknown>) => (await rejectionOf(promise)).param;
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
    expect(memory).toMatchObject({
      type: "memory",
      memoryStoreId: storeId,
      path: "docs/a.md",
      content: "hello",
      contentSizeBytes: 5,
      contentSha256: sha256("hello"),
    });
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

describe("memory store rules", () => {
  it("memory-store: create answers HTTP 201", async () => {
    expect(t.emulator.admin.requests().map((entry) => entry.status)).toEqual([201]);
  });

  it("memory-store: an empty name is a 400 on name", async () => {
    await expect(paramOf(t.client.memoryStores.create({ name: "" }))).resolves.toBe("name");
  });

  it("memory-store: a name over 255 characters is a 400 on name", async () => {
    await expect(paramOf(t.client.memoryStores.create({ name: "n".repeat(256) }))).resolves.toBe("name");
  });

  it("memory-store: a description over 1024 characters is a 400 on description", async () => {
    await expect(paramOf(t.client.memoryStores.create({ name: "kb", description: "d".repeat(1025) }))).resolves.toBe("description");
  });

  it("memory-store: duplicate names are allowed", async () => {
    const twin = await t.client.memoryStores.create({ name: "notes" });
    expect([twin.id !== storeId, twin.name]).toEqual([true, "notes"]);
  });

  it("memory-store: update changes the description and keeps the name", async () => {
    await expect(t.client.memoryStores.update(storeId, { description: "facts" })).resolves.toMatchObject({ name: "notes", description: "facts" });
  });

  it("memory-store: an archived store stays readable by id", async () => {
    await t.client.memoryStores.archive(storeId);
    await expect(t.client.memoryStores.retrieve(storeId)).resolves.toMatchObject({ id: storeId, archivedAt: expect.any(String) });
  });

  it("memory-store: list hides archived stores unless asked", async () => {
    await t.client.memoryStores.archive(storeId);
    const counts = [
      (await t.client.memoryStores.list().toArray()).length,
      (await t.client.memoryStores.list({ includeArchived: true }).toArray()).length,
    ];
    expect(counts).toEqual([0, 1]);
  });

  it("memory-store: archiving twice is a 409", async () => {
    await t.client.memoryStores.archive(storeId);
    await expect(t.client.memoryStores.archive(storeId)).rejects.toBeInstanceOf(ConflictError);
  });

  it("memory-store: updating an archived store is a 409", async () => {
    await t.client.memoryStores.archive(storeId);
    await expect(t.client.memoryStores.update(storeId, { name: "x" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("memory-store: delete takes its memories along", async () => {
    await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    await t.client.memoryStores.delete(storeId);
    expect(t.emulator.admin.list("memories")).toEqual([]);
  });
});

describe("memory rules", () => {
  it("memory: create answers HTTP 201", async () => {
    await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    expect(t.emulator.admin.requests().at(-1)?.status).toBe(201);
  });

  it("memory: a path with a .. segment is a 400 on path", async () => {
    await expect(paramOf(t.client.memoryStores.memories.create(storeId, { path: "docs/../a.md", content: "x" }))).resolves.toBe("path");
  });

  it("memory: a path over 1024 bytes is a 400 on path", async () => {
    await expect(paramOf(t.client.memoryStores.memories.create(storeId, { path: "é".repeat(513), content: "x" }))).resolves.toBe("path");
  });

  it("memory: empty content is a 400 on content", async () => {
    await expect(paramOf(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "" }))).resolves.toBe("content");
  });

  it("memory: content over 100 KB is a 400 on content", async () => {
    await expect(paramOf(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x".repeat(100 * 1024 + 1) }))).resolves.toBe(
      "content",
    );
  });

  it("memory: content of exactly 100 KB is accepted", async () => {
    await expect(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x".repeat(100 * 1024) })).resolves.toMatchObject({
      contentSizeBytes: 102400,
    });
  });

  it("memory: the size counts UTF-8 bytes", async () => {
    await expect(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "héllo" })).resolves.toMatchObject({
      contentSizeBytes: 6,
      contentSha256: sha256("héllo"),
    });
  });

  it("memory: a deleted memory's path can be used again", async () => {
    const first = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    await t.client.memoryStores.memories.delete(storeId, first.id);
    await expect(t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "y" })).resolves.toMatchObject({ path: "a.md" });
  });

  it("memory: an update without a precondition replaces content and version id", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    const updated = await t.client.memoryStores.memories.update(storeId, memory.id, { content: "y" });
    expect([updated.content, updated.memoryVersionId === memory.memoryVersionId]).toEqual(["y", false]);
  });

  it("memory: metadata on update is a patch and the content is kept", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x", metadata: { a: "1", b: "2" } });
    const updated = await t.client.memoryStores.memories.update(storeId, memory.id, { metadata: { a: null } });
    expect([updated.metadata, updated.content]).toEqual([{ b: "2" }, "x"]);
  });

  it("memory: retrieve through another store is a 404", async () => {
    const memory = await t.client.memoryStores.memories.create(storeId, { path: "a.md", content: "x" });
    const other = await t.client.memoryStores.create({ name: "other" });
    await expect(t.client.memoryStores.memories.retrieve(other.id, memory.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
