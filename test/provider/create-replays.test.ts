// Creates under the API's 24-hour idempotency replay: keys are per stack, a failure replayed from an earlier
// run does not stick once its cause is gone, and a crash re-run still gets its own object back.
import { describe, expect, it } from "vitest";
import { memoryLifecycle as memory } from "../../provider/lifecycle/memory";
import { memoryStoreLifecycle as store } from "../../provider/lifecycle/memory-store";
import { environmentLifecycle as environment } from "../../provider/lifecycle/environment";
import { checkAndCreate, useProvider } from "../support/provider";

const h = useProvider();
const identity = (stack: string, name: string) => `stack_${stack}/Memory/${name}`;

describe("create replays", () => {
  it("a create that failed with a 4xx succeeds on the next run once the cause is gone", async () => {
    const { id: memoryStoreId } = await checkAndCreate(store, { name: "notes" });
    const taken = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "theirs" });
    const ours = { memoryStoreId, path: "a.md", content: "ours", __identity: identity("s1", "a") };
    await expect(checkAndCreate(memory, ours)).rejects.toThrow(/already has a memory at this path/);

    h.emulator.admin.remove("memories", taken.id);
    const created = await checkAndCreate(memory, ours);
    expect(h.emulator.admin.get("memories", created.id)).toMatchObject({ path: "a.md", content: "ours" });
    // The first key replayed the old 409 (no second POST ran there); the next key of the chain created it.
    const posts = h.emulator.admin.requests().filter((r) => r.method === "POST" && r.path.endsWith("/memories"));
    expect(posts.map((r) => Boolean(r.replayed))).toEqual([false, false, true, false]);
  });

  it("a failure that still holds fails again, and the run after it walks one key further", async () => {
    const { id: memoryStoreId } = await checkAndCreate(store, { name: "notes" });
    await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "theirs" });
    const ours = { memoryStoreId, path: "a.md", content: "ours", __identity: identity("s1", "a") };
    for (let run = 0; run < 3; run++) await expect(checkAndCreate(memory, ours)).rejects.toThrow(/already has a memory/);
    const replayed = h.emulator.admin.requests().filter((r) => r.method === "POST" && r.path.endsWith("/memories") && r.replayed);
    // Run 2 replays key 0, run 3 replays keys 0 and 1: each run asks the API afresh exactly once.
    expect(replayed).toHaveLength(3);
  });

  it("a create re-run after a crash walks the same chain and gets its own object back", async () => {
    const { id: memoryStoreId } = await checkAndCreate(store, { name: "notes" });
    const taken = await checkAndCreate(memory, { memoryStoreId, path: "a.md", content: "theirs" });
    const ours = { memoryStoreId, path: "a.md", content: "ours", __identity: identity("s1", "a") };
    await expect(checkAndCreate(memory, ours)).rejects.toThrow(/already has a memory/);
    h.emulator.admin.remove("memories", taken.id);
    const first = await checkAndCreate(memory, ours);
    // The state write was lost: the same create runs again and must not make a second memory.
    const again = await checkAndCreate(memory, ours);
    expect(again.id).toBe(first.id);
    expect(h.emulator.admin.list("memories").filter((m) => m.path === "a.md")).toHaveLength(1);
  });

  it("two stacks with the same project, stack and resource names create two objects", async () => {
    const env = (stack: string) => ({ name: "sandbox", config: { type: "cloud" }, __identity: `stack_${stack}/Environment/sandbox` });
    const mine = await checkAndCreate(environment, env("one"));
    const theirs = await checkAndCreate(environment, env("two"));
    expect(theirs.id).not.toBe(mine.id);
    expect(h.emulator.admin.list("environments")).toHaveLength(2);
  });
});
