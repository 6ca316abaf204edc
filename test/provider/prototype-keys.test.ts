// Metadata keys that are names every object inherits (`toString`, `constructor`, `__proto__`, …) round-trip
// through the lifecycle, the client and the emulator: created, read back, refreshed without a diff, removed.
import { describe, expect, it } from "vitest";
import { apiClient } from "../../provider/lifecycle/connection";
import { environmentLifecycle as environment } from "../../provider/lifecycle/environment";
import { memoryLifecycle as memory } from "../../provider/lifecycle/memory";
import { memoryStoreLifecycle as store } from "../../provider/lifecycle/memory-store";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();

/** As a JSON body or a YAML file holds it: `__proto__` is an own key like any other. */
const hostile = (): Record<string, string> =>
  JSON.parse('{"toString":"t","constructor":"c","__proto__":"p","hasOwnProperty":"h","valueOf":"v"}') as Record<string, string>;
const KEYS = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"];

/** The user's keys of a metadata bag (the provider may add its own reserved key). */
const userKeys = (bag: unknown): string[] => Object.keys(bag as object).filter((key) => !key.startsWith("pulumi-qoder"));
const own = (bag: unknown, key: string): unknown => (Object.hasOwn(bag as object, key) ? (bag as Record<string, unknown>)[key] : undefined);

describe("prototype keys", () => {
  it("prototype keys: a memory store created with metadata { toString, constructor, __proto__ } round-trips", async () => {
    const { id, outs } = await checkAndCreate(store, { name: "notes", metadata: hostile() });
    const stored = h.emulator.admin.get("memory_stores", id)?.metadata;
    expect(userKeys(stored)).toEqual(KEYS);
    expect(own(stored, "__proto__")).toBe("p");
    const remote = await (await apiClient()).memoryStores.retrieve(id);
    expect(userKeys(remote.metadata)).toEqual(KEYS);
    expect(own(remote.metadata, "__proto__")).toBe("p");
    // Refresh reads the same keys back, and the next preview shows no change.
    const read = await store.read(id, outs);
    expect(userKeys(read.inputs?.metadata)).toEqual(KEYS);
    expect((await checkAndDiff(store, id, read.props ?? {}, { name: "notes", metadata: hostile() })).diff.changes).toBe(false);
  });

  it("prototype keys: a memory created with them round-trips, and an update removes them", async () => {
    const { id: memoryStoreId } = await checkAndCreate(store, { name: "notes" });
    const { id, outs } = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "one", metadata: hostile() });
    expect(userKeys(h.emulator.admin.get("memories", id)?.metadata)).toEqual(KEYS);
    await memory.update(id, outs, { memoryStoreId, path: "a.md", content: "one", metadata: { kept: "yes" } });
    expect(userKeys(h.emulator.admin.get("memories", id)?.metadata)).toEqual(["kept"]);
  });

  it("prototype keys: an environment drops a toString key on update, and notices one changed out of band", async () => {
    const { id, outs } = await checkAndCreate(environment, { name: "sandbox", metadata: hostile() });
    expect(userKeys(h.emulator.admin.get("environments", id)?.metadata)).toEqual(KEYS);
    const news = { name: "sandbox", metadata: { a: "b" } };
    expect((await checkAndDiff(environment, id, outs, news)).diff.changes).toBe(true);
    const updated = await environment.update(id, outs, news);
    expect(userKeys(h.emulator.admin.get("environments", id)?.metadata)).toEqual(["a"]);
    h.emulator.admin.patch("environments", id, { metadata: JSON.parse('{"a":"b","__proto__":"x"}') as Record<string, string> });
    const read = await environment.read(id, updated.outs ?? {});
    expect((await checkAndDiff(environment, id, read.props ?? {}, news)).diff.changes).toBe(true);
  });
});
