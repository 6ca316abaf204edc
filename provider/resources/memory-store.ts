// The MemoryStore resource as a program declares it (provider/kinds/memory-store.ts says what each field does).
import type { DeletionPolicy } from "../kinds/descriptor";
import { memoryStoreKind, type MemoryStoreOutputs, type MemoryStoreView } from "../kinds/memory-store";
import memoryStoreEntry = require("./entry/memory-store");
import { type ArgsOf, kindResource } from "./resource";

export type { MemoryStoreOutputs, MemoryStoreView } from "../kinds/memory-store";
export type MemoryStoreArgs = ArgsOf<MemoryStoreView>;
export type MemoryStoreDeletionPolicy = DeletionPolicy;

/**
 * A Qoder memory store: documents sessions read and write. Destroying it archives it unless
 * `deletionPolicy: "delete"`, since agents keep their own memories in it.
 */
export const MemoryStore = kindResource<MemoryStoreView, MemoryStoreOutputs>(memoryStoreKind, memoryStoreEntry);
export type MemoryStore = InstanceType<typeof MemoryStore>;
