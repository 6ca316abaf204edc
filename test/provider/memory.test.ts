// Memory and MemoryStore lifecycles against the emulator: seed documents update in place under the sha256
// precondition, another path replaces, a taken path names the memory to adopt, archiving is the store default.
import { describe, expect, it } from "vitest";
import { memoryLifecycle as memory } from "../../provider/lifecycle/memory";
import { memoryStoreLifecycle as store } from "../../provider/lifecycle/memory-store";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();
const newStore = async (extra: Record<string, unknown> = {}) => checkAndCreate(store, { name: "notes", ...extra });

describe("memory", () => {
  it("memory: create writes the document and outputs its sha256", async () => {
    const { id: memoryStoreId } = await newStore();
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "guides/style.md", content: "Be brief." });
    expect(h.emulator.admin.get("memories", id)).toMatchObject({ path: "guides/style.md", content: "Be brief." });
    expect(outs.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("memory: check names a path with a leading slash", async () => {
    const checked = await memory.check({}, { memoryStoreId: "memstore_x", path: "/abs.md", content: "x" });
    expect(checked.failures).toEqual([{ property: "path", reason: "Field 'path' must be a relative path (cannot start with '/')." }]);
  });

  it("memory: new content updates in place, and refresh then shows no diff", async () => {
    const { id: memoryStoreId } = await newStore();
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one" });
    const news = { memoryStoreId, path: "a.md", content: "two" };
    expect((await checkAndDiff(memory, id, outs, news)).diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await memory.update(id, outs, news);
    const read = await memory.read(id, updated.outs ?? {});
    expect((await checkAndDiff(memory, id, read.props ?? {}, news)).diff.changes).toBe(false);
  });

  it("memory: another path replaces", async () => {
    const { id: memoryStoreId } = await newStore();
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one" });
    expect((await checkAndDiff(memory, id, outs, { memoryStoreId, path: "b.md", content: "one" })).diff.replaces).toEqual(["path"]);
  });

  it("memory: content rewritten outside Pulumi makes the update fail with the refresh advice", async () => {
    const { id: memoryStoreId } = await newStore();
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one" });
    h.emulator.admin.patch("memories", id, { content: "written by an agent" });
    await expect(memory.update(id, outs, { memoryStoreId, path: "a.md", content: "two" })).rejects.toThrow(
      /was rewritten outside Pulumi .* Run `pulumi refresh`/,
    );
    expect(h.emulator.admin.get("memories", id)?.content).toBe("written by an agent");
  });

  it("memory: a path taken by another memory names it for adoption", async () => {
    const { id: memoryStoreId } = await newStore();
    const first = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one" });
    await expect(checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "two" })).rejects.toThrow(
      `already has a memory at this path (${first.id}); it was not created by pulumi-qoder. Set adoptId: "${first.id}" to manage it`,
    );
  });

  it("memory: destroy inside an archived store leaves the memory with the store", async () => {
    const { id: memoryStoreId } = await newStore();
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one" });
    h.emulator.admin.archive("memory_stores", memoryStoreId);
    await memory.delete(id, outs);
    expect(h.emulator.admin.get("memories", id)).toBeDefined();
  });

  it("memory: a replaced store gets its memories created anew, under a key of their own", async () => {
    const doc = { path: "a.md", content: "one", __identity: "p/s/Memory/notes/a.md" };
    const first = await newStore();
    const old = await checkAndCreate(memory, { memoryStoreId: first.id, ...doc });
    h.emulator.admin.archive("memory_stores", first.id);
    const second = await newStore();
    const replacement = await checkAndCreate(memory, { memoryStoreId: second.id, ...doc });
    expect(replacement.id).not.toBe(old.id);
    expect(h.emulator.admin.get("memories", replacement.id)?.memory_store_id).toBe(second.id);
  });

  it("memory: destroy deletes the memory", async () => {
    const { id: memoryStoreId } = await newStore();
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one" });
    await memory.delete(id, outs);
    expect(h.emulator.admin.get("memories", id)).toBeUndefined();
  });
});

describe("memory store", () => {
  it("memory-store: destroy archives by default", async () => {
    const { id, outs } = await newStore();
    await store.delete(id, outs);
    expect(h.emulator.admin.get("memory_stores", id)?.archived_at).toEqual(expect.any(String));
  });

  it("memory-store: deletionPolicy delete deletes it with its memories", async () => {
    const { id, outs } = await newStore({ deletionPolicy: "delete" });
    await checkAndCreate(memory, { memoryStoreId: id, path: "a.md", content: "one" });
    await store.delete(id, outs);
    expect([h.emulator.admin.get("memory_stores", id), h.emulator.admin.list("memories")]).toEqual([undefined, []]);
  });

  it("memory-store: a store archived outside Pulumi is replaced once refresh recorded it", async () => {
    const { id, outs } = await newStore();
    h.emulator.admin.archive("memory_stores", id);
    const read = await store.read(id, outs);
    expect((await checkAndDiff(store, id, read.props ?? {}, { name: "notes" })).diff.replaces).toEqual(["archivedAt"]);
  });

  it("memory-store: changing deletionPolicy touches state only", async () => {
    const { id, outs } = await newStore();
    h.emulator.admin.clearLog();
    const updated = await store.update(id, outs, { name: "notes", deletionPolicy: "delete" });
    expect([h.emulator.admin.stats().total, updated.outs?.deletionPolicy, updated.outs?.createdAt]).toEqual([0, "delete", outs.createdAt]);
  });

  it("memory-store: check refuses an unknown deletionPolicy", async () => {
    const checked = await store.check({}, { name: "notes", deletionPolicy: "retain" });
    expect(checked.failures).toEqual([{ property: "deletionPolicy", reason: 'must be "archive" or "delete"' }]);
  });
});
