// A `__proto__` key in the fleet document: JSON and YAML hold it as an ordinary key, but Pulumi's SDK turns
// every input map into a plain object by assignment, which takes `__proto__` as the prototype and drops the
// key. So it is refused where it is written rather than lost on the way (zod's records drop it silently too).
// Other names objects inherit (`toString`, `constructor`, `valueOf`) are ordinary keys and work everywhere.
import { normalizeMemoryPath } from "../api/memory-store";
import { isRecord } from "../api/records";
import type { FleetProblem, Path } from "./problems";

export const PROTO_KEY = "__proto__";

const KEY_MESSAGE = `"${PROTO_KEY}" cannot be a key: Pulumi drops it on its way to the provider, so it would silently vanish; choose another key`;
const PATH_MESSAGE = `"${PROTO_KEY}" cannot be a memory path: it keys the memoryStores stack output, where Pulumi drops it; choose another path`;

/** Every own `__proto__` key of the document (found without recursion), and memory paths that spell it. */
export function prototypeKeyProblems(data: unknown): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const pending: { value: unknown; path: Path }[] = [{ value: data, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (Array.isArray(value)) value.forEach((item, index) => pending.push({ value: item, path: [...path, index] }));
    if (!isRecord(value)) continue;
    for (const [key, inner] of Object.entries(value)) {
      if (key === PROTO_KEY) problems.push({ path: [...path, key], at: "key", message: KEY_MESSAGE });
      else pending.push({ value: inner, path: [...path, key] });
    }
  }
  const stores = isRecord(data) && isRecord(data.memoryStores) ? Object.entries(data.memoryStores) : [];
  for (const [key, store] of stores) {
    const memories = isRecord(store) && Array.isArray(store.memories) ? store.memories : [];
    memories.forEach((memory: unknown, index) => {
      const path = isRecord(memory) ? memory.path : undefined;
      if (typeof path === "string" && normalizeMemoryPath(path) === PROTO_KEY) {
        problems.push({ path: ["memoryStores", key, "memories", index, "path"], message: PATH_MESSAGE });
      }
    });
  }
  return problems;
}

/** A problem zod reported about a `__proto__` key (or inside its value): the one above says it better. */
export function throughPrototypeKey(problem: FleetProblem): boolean {
  return problem.path.includes(PROTO_KEY);
}
