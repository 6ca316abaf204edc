// The MemoryStore kind (CONTRACT.md "Memory stores"): name, description and metadata update in place;
// destroy archives it by default, since agents write their own data into a store.
import type { z } from "zod";
import type { MemoryStoreCreateParams } from "../api/memory-store";
import type { CamelCased } from "../api/casing";
import { defineKind, deletionPolicy, type DeletionPolicy } from "./descriptor";

export type MemoryStoreView = CamelCased<z.input<typeof MemoryStoreCreateParams>> & {
  /** `"archive"` (default: keeps what agents wrote) or `"delete"` (the store and every memory in it). */
  deletionPolicy?: DeletionPolicy;
};

export interface MemoryStoreOutputs {
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const memoryStoreKind = defineKind<MemoryStoreView, MemoryStoreOutputs>({
  type: "MemoryStore",
  idPrefix: "memstore_",
  idNoun: "a memory store id",
  get wire() {
    return (require("../api/memory-store") as typeof import("../api/memory-store")).MemoryStoreCreateParams;
  },
  fields: {
    name: {},
    // The API answers `""` (older servers `null`) for a store created without a description.
    description: { default: "", cleared: "" },
    metadata: { default: {} },
    deletionPolicy: deletionPolicy("archive"),
  },
  outputs: {
    archivedAt: "When the store was archived, or null.",
    createdAt: "When the store was created.",
    updatedAt: "When the store last changed.",
  },
});
