// The Memory kind (CONTRACT.md "Memory stores"): a seed document of a store. Content and metadata update in
// place under the `contentSha256` precondition; another store or path replaces it; destroy deletes it.
import type { z } from "zod";
import type { MemoryCreateParams } from "../api/memory-store";
import type { CamelCased } from "../api/casing";
import { defineKind } from "./descriptor";

export type MemoryView = {
  /** The store that holds it (`store.id`); another store replaces the memory. */
  memoryStoreId: string;
} & CamelCased<z.input<typeof MemoryCreateParams>>;

export interface MemoryOutputs {
  contentSha256: string;
  contentSizeBytes: number;
  memoryVersionId: string;
  createdAt: string;
  updatedAt: string;
}

export const memoryKind = defineKind<MemoryView, MemoryOutputs>({
  type: "Memory",
  idPrefix: "mem_",
  idNoun: "a memory id",
  get wire() {
    return (require("../api/memory-store") as typeof import("../api/memory-store")).MemoryCreateParams;
  },
  parent: { field: "memoryStoreId", type: "MemoryStore", idPrefix: "memstore_", idNoun: "a memory store id" },
  fields: {
    memoryStoreId: { replace: true },
    path: { replace: true },
    content: {},
    metadata: { default: {} },
  },
  outputs: {
    contentSha256: "SHA-256 of the content the API holds; updates send it as their precondition.",
    contentSizeBytes: "The content's size in bytes.",
    memoryVersionId: "The version the last write made.",
    createdAt: "When the memory was created.",
    updatedAt: "When the memory last changed.",
  },
});
