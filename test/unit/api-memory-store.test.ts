// Wire schemas of Memory stores and memories (provider/api/memory-store.ts): path and content rules, and
// tolerant responses (legacy `store_id` and `size`).
import { describe, expect, it } from "vitest";
import { Memory, MemoryContent, MemoryPath, MemoryStore } from "../../provider/api";

const times = { created_at: "2026-05-18T15:34:26.494349Z", updated_at: "2026-05-18T15:34:26.494349Z" };

describe("api memory store", () => {
  it("memory store: a legacy response keeps status and entry_count", () => {
    const store = MemoryStore.parse({ id: "memstore_1", type: "memory_store", name: "n", status: "active", entry_count: 0, ...times });
    expect([store.status, store.entry_count, store.description, store.archived_at]).toEqual(["active", 0, "", null]);
  });

  it("memory: legacy store_id and size are read as memory_store_id and content_size_bytes", () => {
    const legacy = { id: "mem_1", type: "memory", store_id: "memstore_1", path: "a.md", size: 11, content_sha256: "h", version: 1 };
    const memory = Memory.parse({ ...legacy, ...times });
    expect([memory.memory_store_id, memory.content_size_bytes, memory.memory_version_id]).toEqual(["memstore_1", 11, null]);
  });

  it("memory: a path may not start with a slash", () => {
    expect(MemoryPath.safeParse("/notes/a.md").success).toBe(false);
  });

  it("memory: a path may hold dots that are not a .. segment", () => {
    expect(MemoryPath.safeParse("notes/..hidden/a..md").success).toBe(true);
  });

  it("memory: content limit is counted in UTF-8 bytes", () => {
    expect(MemoryContent.safeParse("é".repeat(51_201)).success).toBe(false);
  });
});
