// In-memory store of the emulator: one named collection per kind (wire-shaped JSON objects keyed by id),
// optionally persisted to a JSON state file so a demo survives restarts. Depends on node:fs only.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";

const FORMAT = "qoder-emulator-state/1";

/** Objects stored in a collection: JSON-serialisable (bytes as base64) with a string `id`. */
export interface Stored {
  id: string;
}

/** One kind's objects, keyed by id. Iteration order is insertion order; lists sort by id themselves. */
export class Collection<T extends Stored> {
  private readonly items = new Map<string, T>();

  constructor(readonly name: string) {}

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  has(id: string): boolean {
    return this.items.has(id);
  }

  /** Inserts or replaces the object with the same id. */
  set(item: T): T {
    this.items.set(item.id, item);
    return item;
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }

  values(): T[] {
    return [...this.items.values()];
  }

  get size(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }
}

interface StateFileContent {
  format: string;
  collections: Record<string, Stored[]>;
}

export interface EmulatorStateOptions {
  /** JSON file to load at start and write after every change; omitted = memory only. */
  stateFile?: string | undefined;
}

/**
 * All collections. Route modules create theirs with `collection(name)` when they are built (names are the
 * URL segment of the kind: `agents`, `environments`, `sessions`, `skills`, `vaults`, `memory_stores`, …) and
 * look other kinds up with `peek(name)`, which is undefined when that kind is not mounted.
 */
export class EmulatorState {
  private readonly collections = new Map<string, Collection<Stored>>();
  readonly stateFile: string | undefined;

  constructor(options: EmulatorStateOptions = {}) {
    this.stateFile = options.stateFile;
    if (this.stateFile && existsSync(this.stateFile)) this.load(this.stateFile);
  }

  /** The collection called `name`, created empty on first use. */
  collection<T extends Stored>(name: string): Collection<T> {
    let found = this.collections.get(name);
    if (!found) {
      found = new Collection<Stored>(name);
      this.collections.set(name, found);
    }
    return found as unknown as Collection<T>;
  }

  /** The collection called `name` if some route module (or a loaded state file) created it. */
  peek<T extends Stored>(name: string): Collection<T> | undefined {
    return this.collections.get(name) as unknown as Collection<T> | undefined;
  }

  names(): string[] {
    return [...this.collections.keys()];
  }

  /** Empties every collection (they stay registered) and persists the empty state. */
  reset(): void {
    for (const collection of this.collections.values()) collection.clear();
    this.save();
  }

  /** A deep copy of everything, for the admin API and the state file. */
  snapshot(): Record<string, Stored[]> {
    const out: Record<string, Stored[]> = {};
    for (const [name, collection] of this.collections) out[name] = structuredClone(collection.values());
    return out;
  }

  /** Writes the state file (atomically: temp file + rename) when one is configured. */
  save(): void {
    if (!this.stateFile) return;
    const content: StateFileContent = { format: FORMAT, collections: this.snapshot() };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const temp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(content));
    renameSync(temp, this.stateFile);
  }

  private load(file: string): void {
    const content = JSON.parse(readFileSync(file, "utf8")) as Partial<StateFileContent>;
    if (content.format !== FORMAT || typeof content.collections !== "object" || content.collections === null) {
      throw new Error(`${file} is not an emulator state file (expected format ${FORMAT}).`);
    }
    for (const [name, items] of Object.entries(content.collections)) {
      const collection = this.collection(name);
      for (const item of items) collection.set(item);
    }
  }
}
