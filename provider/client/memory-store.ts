// Client for Memory stores and their memories (CONTRACT.md "Memory stores"): stores are archived or deleted,
// memories are written with an optional `contentSha256` precondition. Must not import resources, fleet or Pulumi.
import * as wire from "../api/memory-store";
import { encodePath, type RequestOptions } from "./http";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type Deleted, type ListOptions, type ReadOptions } from "./resource";

export type MemoryStore = CamelCased<wire.MemoryStore>;
export type MemoryStoreCreateParams = CamelCased<wire.MemoryStoreCreateParams>;
export type MemoryStoreUpdateParams = CamelCased<wire.MemoryStoreUpdateParams>;
export type Memory = CamelCased<wire.Memory>;
export type MemoryCreateParams = CamelCased<wire.MemoryCreateParams>;
export type MemoryUpdateParams = CamelCased<wire.MemoryUpdateParams>;
export interface MemoryStoreListParams extends ListOptions {
  includeArchived?: boolean;
}
export interface MemoryListParams extends ListOptions {
  pathPrefix?: string;
}

export class MemoryStores extends ApiResource {
  readonly memories = new Memories(this.http);

  /** Issues POST /memory_stores. */
  async create(params: MemoryStoreCreateParams, options?: RequestOptions): Promise<MemoryStore> {
    return this.send(wire.MemoryStore, { method: "POST", path: "/memory_stores", body: this.json(params), options });
  }

  /** Issues GET /memory_stores/{id} (archived stores too). */
  async retrieve(id: string, options?: ReadOptions): Promise<MemoryStore> {
    return this.send(wire.MemoryStore, { method: "GET", path: encodePath`/memory_stores/${id}`, options });
  }

  /** Issues POST /memory_stores/{id}: name, description and a metadata patch. */
  async update(id: string, params: MemoryStoreUpdateParams, options?: RequestOptions): Promise<MemoryStore> {
    const path = encodePath`/memory_stores/${id}`;
    return this.send(wire.MemoryStore, { method: "POST", path, body: this.json(params), options });
  }

  /** Issues GET /memory_stores, newest first. */
  list(params?: MemoryStoreListParams, options?: ReadOptions): PageIterator<MemoryStore> {
    return this.paginate(wire.MemoryStoreList, "/memory_stores", params, options);
  }

  /** Issues POST /memory_stores/{id}/archive: one-way; memories can no longer be written. */
  async archive(id: string, options?: RequestOptions): Promise<MemoryStore> {
    return this.send(wire.MemoryStore, { method: "POST", path: encodePath`/memory_stores/${id}/archive`, options });
  }

  /** Issues DELETE /memory_stores/{id}; its memories and their versions go with it. */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/memory_stores/${id}`, id, "memory_store_deleted", options);
  }
}

export class Memories extends ApiResource {
  /** Issues POST /memory_stores/{id}/memories; a path already used by a live memory is a 409. */
  async create(storeId: string, params: MemoryCreateParams, options?: RequestOptions): Promise<Memory> {
    const path = encodePath`/memory_stores/${storeId}/memories`;
    return this.send(wire.Memory, { method: "POST", path, body: this.json(params), options });
  }

  /** Issues GET /memory_stores/{id}/memories/{mid}, with `content`. */
  async retrieve(storeId: string, memoryId: string, options?: ReadOptions): Promise<Memory> {
    const path = encodePath`/memory_stores/${storeId}/memories/${memoryId}`;
    return this.send(wire.Memory, { method: "GET", path, options });
  }

  /** Issues GET /memory_stores/{id}/memories (items without `content`). */
  list(storeId: string, params?: MemoryListParams, options?: ReadOptions): PageIterator<Memory> {
    return this.paginate(wire.MemoryList, encodePath`/memory_stores/${storeId}/memories`, params, options);
  }

  /** Issues POST /memory_stores/{id}/memories/{mid}; a stale `contentSha256` precondition is a 409. */
  async update(storeId: string, memoryId: string, params: MemoryUpdateParams, options?: RequestOptions): Promise<Memory> {
    const path = encodePath`/memory_stores/${storeId}/memories/${memoryId}`;
    return this.send(wire.Memory, { method: "POST", path, body: this.json(params), options });
  }

  /** Issues DELETE /memory_stores/{id}/memories/{mid}. */
  async delete(storeId: string, memoryId: string, options?: RequestOptions): Promise<Deleted> {
    const path = encodePath`/memory_stores/${storeId}/memories/${memoryId}`;
    return this.sendDelete(path, memoryId, "memory_deleted", options);
  }
}
