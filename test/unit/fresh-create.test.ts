// When a create's answer is trusted without a read (fresh-create.ts): its created_at lies within the call's own
// duration before the response's Date, and the Date is not older than the call. Everything else is read back,
// and a stale replay moves the create on to the next key.
import { describe, expect, it } from "vitest";
import { type AnswerFacts, withAnswerFacts } from "../../provider/client/resource";
import { defineLifecycle } from "../../provider/lifecycle/engine";
import { isFreshCreate } from "../../provider/lifecycle/fresh-create";
import { vaultKind } from "../../provider/kinds/vault";

/** A wall-clock instant, as ms since the epoch. */
const at = (iso: string) => Date.parse(iso);
const DATE = at("2026-05-18T15:26:39Z");

/** An answer whose object was created at `createdAt`, sent at `sentAt` and answered `elapsedMs` later with `date`. */
function answer(createdAt: string | undefined, facts: Partial<AnswerFacts> & { elapsedMs?: number } = {}): object {
  const sentAt = facts.sentAt ?? DATE + 400;
  const full: AnswerFacts = { date: "date" in facts ? facts.date : DATE, sentAt, receivedAt: facts.receivedAt ?? sentAt + (facts.elapsedMs ?? 30) };
  return withAnswerFacts({ id: "vault_1", createdAt }, full);
}

describe("fresh create", () => {
  it("fresh: an object created during the call, before the Date's second ended, is fresh", () => {
    expect(isFreshCreate(answer("2026-05-18T15:26:39.41669Z"))).toBe(true);
  });

  it("fresh: a call that crossed a second boundary is fresh up to its own duration before the Date", () => {
    const straddling = { sentAt: at("2026-05-18T15:26:38.990Z"), elapsedMs: 30 };
    expect(isFreshCreate(answer("2026-05-18T15:26:38.995Z", straddling))).toBe(true);
    expect(isFreshCreate(answer("2026-05-18T15:26:38.960Z", straddling))).toBe(false);
  });

  it("fresh: a retry's replay of the call's own first attempt is fresh while it is younger than the whole call", () => {
    // The first attempt committed at .100 and its answer was lost; the retry answered 1.5 s later.
    const retried = { date: at("2026-05-18T15:26:40Z"), sentAt: at("2026-05-18T15:26:39.050Z"), elapsedMs: 1_500 };
    expect(isFreshCreate(answer("2026-05-18T15:26:39.1Z", retried))).toBe(true);
  });

  it("fresh: a replay older than the call by more than the Date's second is not", () => {
    const later = { date: DATE + 2_000, sentAt: DATE + 2_400 };
    expect(isFreshCreate(answer("2026-05-18T15:26:39.41669Z", later))).toBe(false);
  });

  it("fresh: a whole-second created_at counts as any instant of its second", () => {
    expect(isFreshCreate(answer("2026-05-18T15:26:39Z"))).toBe(true);
    // 38.999 in a call that crossed into second 39 would be fresh; nothing in second 37 can be.
    expect(isFreshCreate(answer("2026-05-18T15:26:38Z"))).toBe(true);
    expect(isFreshCreate(answer("2026-05-18T15:26:37Z"))).toBe(false);
  });

  it("fresh: without a Date header, a created_at, or facts at all, an answer is not fresh", () => {
    expect(isFreshCreate(answer("2026-05-18T15:26:39.41669Z", { date: undefined }))).toBe(false);
    expect(isFreshCreate(answer(undefined))).toBe(false);
    expect(isFreshCreate(answer("yesterday"))).toBe(false);
    expect(isFreshCreate({ id: "vault_1", createdAt: "2026-05-18T15:26:39.41669Z" })).toBe(false);
  });

  it("fresh: a Date from before the call (headers replayed with the body) is not trusted", () => {
    const replayedDate = { sentAt: DATE + 5_000, elapsedMs: 30 };
    expect(isFreshCreate(answer("2026-05-18T15:26:39.41669Z", replayedDate))).toBe(false);
  });

  it("fresh: a Date that trails its answer (a busy server renews it late) still makes a fresh answer", () => {
    // Sent at 40.300, created at 40.390: the server still stamped second 39.
    const lagging = { sentAt: at("2026-05-18T15:26:40.300Z"), elapsedMs: 120 };
    expect(isFreshCreate(answer("2026-05-18T15:26:40.39Z", lagging))).toBe(true);
  });

  it("fresh: an object created well after the answer's Date (server clocks apart) is not trusted", () => {
    expect(isFreshCreate(answer("2026-05-18T15:26:41.5Z"))).toBe(false);
  });
});

describe("fresh create: the lifecycle", () => {
  type Remote = { id: string; createdAt?: string; archivedAt?: string | null };

  /** A vault lifecycle whose API is `answers` (one per create, in order) and `objects` (what a read finds). */
  function lifecycleOver(answers: Remote[], objects: Record<string, Remote>, facts: (index: number) => AnswerFacts | undefined) {
    const keys: string[] = [];
    const reads: string[] = [];
    const lifecycle = defineLifecycle<Remote>({
      kind: vaultKind,
      async create(_inputs, key) {
        keys.push(key("create", {}));
        const next = answers[keys.length - 1];
        if (!next) throw new Error("no more answers");
        return withAnswerFacts({ ...next }, facts(keys.length - 1));
      },
      async retrieve(id) {
        reads.push(id);
        return objects[id];
      },
      async update() {
        throw new Error("not used");
      },
      async remove() {},
      isRetired: (remote) => Boolean(remote.archivedAt),
    });
    return { lifecycle, keys, reads };
  }

  const now = Date.now();
  const freshFacts = (): AnswerFacts => ({ date: Math.floor(now / 1000) * 1000, sentAt: now - 20, receivedAt: now });
  const fresh = { id: "vault_new", createdAt: new Date(now - 10).toISOString() };
  const old = { id: "vault_old", createdAt: new Date(now - 60_000).toISOString() };

  it("fresh: a fresh answer is the result, with no read", async () => {
    const api = lifecycleOver([fresh], {}, freshFacts);
    const created = await api.lifecycle.create({ displayName: "ci" });
    expect([created.id, api.reads]).toEqual(["vault_new", []]);
  });

  it("fresh: an answer without a Date is read back", async () => {
    const api = lifecycleOver([fresh], { vault_new: fresh }, () => ({ ...freshFacts(), date: undefined }));
    expect((await api.lifecycle.create({ displayName: "ci" })).id).toBe("vault_new");
    expect(api.reads).toEqual(["vault_new"]);
  });

  it("fresh: an old replay whose object is archived is read back, and the next key creates afresh", async () => {
    const api = lifecycleOver([old, fresh], { vault_old: { ...old, archivedAt: old.createdAt } }, freshFacts);
    expect((await api.lifecycle.create({ displayName: "ci" })).id).toBe("vault_new");
    expect(api.reads).toEqual(["vault_old"]);
    expect(new Set(api.keys).size).toBe(2);
  });

  it("fresh: a young answer naming an object this process created before is read back", async () => {
    const archived = { ...fresh, archivedAt: fresh.createdAt };
    const api = lifecycleOver([fresh, fresh, { ...fresh, id: "vault_next" }], { vault_new: archived }, freshFacts);
    expect((await api.lifecycle.create({ displayName: "ci" })).id).toBe("vault_new");
    // Archived out of band right away: the same create again replays the first answer, as young as a fresh one.
    expect((await api.lifecycle.create({ displayName: "ci" })).id).toBe("vault_next");
    expect(api.reads).toEqual(["vault_new"]);
  });

  it("fresh: a young answer naming an object this process destroyed is read back", async () => {
    const api = lifecycleOver([fresh, { ...fresh, id: "vault_next" }], {}, freshFacts);
    await api.lifecycle.delete("vault_new", { displayName: "ci" });
    expect((await api.lifecycle.create({ displayName: "ci" })).id).toBe("vault_next");
    expect(api.reads).toEqual(["vault_new"]);
  });
});
