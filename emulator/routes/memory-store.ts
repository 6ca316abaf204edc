// Routes of Memory stores and their memories (CONTRACT.md "Memory stores"): store create/get/list/update/
// archive (one-way)/delete; memory create/list/get/update (sha256 precondition)/delete. Depends on
// provider/api and emulator core only.
import { createHash } from "node:crypto";
import { Hono, type Context } from "hono";
import { z } from "zod";
import {
  ID_PREFIX,
  MemoryCreateParams,
  MemoryStoreCreateParams,
  MemoryStoreUpdateParams,
  MemoryUpdateParams,
  type Memory,
  type MemoryStore,
} from "../../provider/api";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { conflict, notFound } from "../errors";
import { paginate, parseListQuery, visible } from "../pagination";
import { applyMetadataPatch, keep } from "../patch";
import { parseBody, parseQuery } from "../validation";

export const MEMORY_STORES = "memory_stores";
export const MEMORIES = "memories";

export type StoredMemoryStore = MemoryStore;
/** Stored with its content; lists leave the content out. */
export type StoredMemory = Memory & { content: string };

const PathPrefixQuery = z.looseObject({ path_prefix: z.string().optional() });

/** Size and hash are of the UTF-8 bytes (reference §2.9: lowercase hex, "Hello world" is 11 bytes). */
function contentFacts(content: string): Pick<StoredMemory, "content" | "content_size_bytes" | "content_sha256"> {
  return {
    content,
    content_size_bytes: Buffer.byteLength(content, "utf8"),
    content_sha256: createHash("sha256").update(content, "utf8").digest("hex"),
  };
}

function withoutContent(memory: StoredMemory): Memory {
  const { content: _content, ...rest } = memory;
  return rest;
}

export function memoryStoreRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const stores = ctx.state.collection<StoredMemoryStore>(MEMORY_STORES);
  const memories = ctx.state.collection<StoredMemory>(MEMORIES);
  const app = new Hono<EmulatorEnv>();

  const findStore = (c: Context<EmulatorEnv>): StoredMemoryStore => {
    const id = c.req.param("memory_store_id") ?? "";
    const store = stores.get(id);
    if (!store) throw notFound("MemoryStore", id);
    return store;
  };
  /** Archived stores stay readable, but nothing in them can be written (reference §2.7, §2.10, §2.14: 409). */
  const findWritableStore = (c: Context<EmulatorEnv>): StoredMemoryStore => {
    const store = findStore(c);
    if (store.archived_at) throw conflict(`MemoryStore '${store.id}' is archived and can no longer be written.`);
    return store;
  };
  const memoriesOf = (storeId: string): StoredMemory[] => memories.values().filter((memory) => memory.memory_store_id === storeId);
  const findMemory = (store: StoredMemoryStore, c: Context<EmulatorEnv>): StoredMemory => {
    const id = c.req.param("memory_id") ?? "";
    const memory = memories.get(id);
    if (!memory || memory.memory_store_id !== store.id) throw notFound("Memory", id);
    return memory;
  };

  // Out-of-band deletes (admin API) follow the API's cascade: the store's memories go too.
  ctx.hooks.register(MEMORY_STORES, {
    remove: (id) => {
      if (!stores.delete(id)) throw notFound("MemoryStore", id);
      memoriesOf(id).forEach((memory) => memories.delete(memory.id));
    },
  });
  // An out-of-band memory edit is a real write by someone else (an agent, the console): a new content gets
  // its own hash, size and version, so the sha256 precondition sees the change as the API would.
  ctx.hooks.register(MEMORIES, {
    patch: (id, fields) => {
      const memory = memories.get(id);
      if (!memory) throw notFound("Memory", id);
      const next = { ...memory, ...(fields as Partial<StoredMemory>), id, updated_at: ctx.now() };
      const content = typeof fields.content === "string" ? contentFacts(fields.content) : {};
      const version = "content" in fields ? { memory_version_id: ctx.newId(ID_PREFIX.memoryVersion) } : {};
      return memories.set({ ...next, ...content, ...version });
    },
  });

  app.post("/", async (c) => {
    const body = await parseBody(c, MemoryStoreCreateParams);
    const now = ctx.now();
    const store: StoredMemoryStore = {
      id: ctx.newId(ID_PREFIX.memoryStore),
      type: "memory_store",
      name: body.name,
      description: body.description ?? "",
      metadata: body.metadata ?? {},
      archived_at: null,
      created_at: now,
      updated_at: now,
    };
    return c.json(stores.set(store), 201);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    return c.json(paginate(visible(stores.values(), query.include_archived), query));
  });

  app.get("/:memory_store_id", (c) => c.json(findStore(c)));

  app.post("/:memory_store_id", async (c) => {
    const store = findWritableStore(c);
    const body = await parseBody(c, MemoryStoreUpdateParams);
    const next: StoredMemoryStore = {
      ...store,
      name: keep(body.name, store.name),
      description: keep(body.description, store.description),
      metadata: applyMetadataPatch(store.metadata, body.metadata),
      updated_at: ctx.now(),
    };
    return c.json(stores.set(next));
  });

  // One-way; a second archive is a 409 (reference §2.7, the only generation that documents it).
  app.post("/:memory_store_id/archive", (c) => {
    const store = findStore(c);
    if (store.archived_at) throw conflict(`MemoryStore '${store.id}' is already archived.`);
    const now = ctx.now();
    return c.json(stores.set({ ...store, archived_at: now, updated_at: now }));
  });

  app.delete("/:memory_store_id", (c) => {
    const store = findStore(c);
    memoriesOf(store.id).forEach((memory) => memories.delete(memory.id));
    stores.delete(store.id);
    return c.json({ id: store.id, type: "memory_store_deleted" });
  });

  app.post("/:memory_store_id/memories", async (c) => {
    const store = findWritableStore(c);
    const body = await parseBody(c, MemoryCreateParams);
    // A path is unique among the store's live memories; a deleted memory's path may be reused.
    const clash = memoriesOf(store.id).find((memory) => memory.path === body.path);
    if (clash) throw conflict(`Memory '${clash.id}' already uses the path '${body.path}'.`, "path");
    const now = ctx.now();
    const memory: StoredMemory = {
      id: ctx.newId(ID_PREFIX.memory),
      type: "memory",
      memory_store_id: store.id,
      path: body.path,
      ...contentFacts(body.content),
      memory_version_id: ctx.newId(ID_PREFIX.memoryVersion),
      metadata: body.metadata ?? {},
      created_at: now,
      updated_at: now,
    };
    return c.json(memories.set(memory), 201);
  });

  app.get("/:memory_store_id/memories", (c) => {
    const store = findStore(c);
    const query = parseListQuery(c);
    // `path_prefix` is a plain string prefix, not directory-aware (reference §2.11).
    const prefix = parseQuery(c, PathPrefixQuery).path_prefix ?? "";
    const matching = memoriesOf(store.id).filter((memory) => memory.path.startsWith(prefix));
    const page = paginate(matching, query);
    return c.json({ ...page, data: page.data.map(withoutContent) });
  });

  app.get("/:memory_store_id/memories/:memory_id", (c) => c.json(findMemory(findStore(c), c)));

  app.post("/:memory_store_id/memories/:memory_id", async (c) => {
    const store = findWritableStore(c);
    const memory = findMemory(store, c);
    const body = await parseBody(c, MemoryUpdateParams);
    // Optimistic concurrency on content: the caller's last-read hash must still be current (CONTRACT.md).
    if (body.content_sha256 !== undefined && body.content_sha256 !== memory.content_sha256) {
      throw conflict("content_sha256 does not match the memory's current content.", "content_sha256");
    }
    const next: StoredMemory = {
      ...memory,
      ...contentFacts(keep(body.content, memory.content)),
      // Every write makes a new immutable version; the memory points at its newest one.
      memory_version_id: ctx.newId(ID_PREFIX.memoryVersion),
      metadata: applyMetadataPatch(memory.metadata, body.metadata),
      updated_at: ctx.now(),
    };
    return c.json(memories.set(next));
  });

  app.delete("/:memory_store_id/memories/:memory_id", (c) => {
    const store = findWritableStore(c);
    const memory = findMemory(store, c);
    memories.delete(memory.id);
    return c.json({ id: memory.id, type: "memory_deleted" });
  });

  return app;
}
