// The Memory resource as a program declares it (provider/kinds/memory.ts says what each field does).
import { memoryKind, type MemoryOutputs, type MemoryView } from "../kinds/memory";
import memoryEntry = require("./entry/memory");
import { type ArgsOf, kindResource } from "./resource";

export type { MemoryOutputs, MemoryView } from "../kinds/memory";
export type MemoryArgs = ArgsOf<MemoryView>;

/** A document in a memory store, declared as the store's seed content. */
export const Memory = kindResource<MemoryView, MemoryOutputs>(memoryKind, memoryEntry);
export type Memory = InstanceType<typeof Memory>;
