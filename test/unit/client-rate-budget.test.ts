// The shared rate-limit budget (provider/client/rate-budget.ts) on a fake clock: a throttle told to one request
// holds the others, what was in flight and the pace of new requests halve and grow back, the line is oldest
// first, deadlines and aborts are honoured, and the clients of one origin share one budget.
import { describe, expect, it } from "vitest";
import { type BudgetClock, type Grant, PausedPastDeadline, RateBudget, sharedRateBudget } from "../../provider/client/rate-budget";

const FAR = Number.MAX_SAFE_INTEGER;

/** A clock whose sleeps end only when the test moves time on; records every sleep asked for. */
function fakeClock(): BudgetClock & { advance(ms: number): Promise<void>; sleeps: number[] } {
  let now = 0;
  const timers: { at: number; wake: () => void }[] = [];
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep(ms, signal) {
      sleeps.push(ms);
      return new Promise((resolve, reject) => {
        const timer = { at: now + ms, wake: resolve };
        timers.push(timer);
        signal?.addEventListener("abort", () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(signal.reason);
        });
      });
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await settle();
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        now = due.at;
        due.wake();
      }
      now = end;
      await settle();
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

interface Waiting {
  granted: Grant | undefined;
  error: unknown;
}

/** Starts a request's wait; `granted` (or `error`) is filled in when it ends. */
function line(budget: RateBudget, options: { ticket?: number; delayMs?: number; deadlineAt?: number; signal?: AbortSignal } = {}): Waiting {
  const request: Waiting = { granted: undefined, error: undefined };
  budget
    .acquire({ ticket: options.ticket ?? budget.ticket(), deadlineAt: options.deadlineAt ?? FAR, delayMs: options.delayMs, signal: options.signal })
    .then(
      (grant) => {
        request.granted = grant;
      },
      (error: unknown) => {
        request.error = error;
      },
    );
  return request;
}

/** `n` requests that have their slots. */
async function inFlight(budget: RateBudget, n: number): Promise<Grant[]> {
  const requests = Array.from({ length: n }, () => line(budget));
  await settle();
  return requests.map((request) => request.granted as Grant);
}

describe("pauses", () => {
  it("rate budget: one 429 with Retry-After holds every other request until then", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock);
    const [told] = await inFlight(budget, 1);
    told?.slot.throttled(2_000);
    const other = line(budget);
    await clock.advance(1_999);
    const early = other.granted !== undefined;
    await clock.advance(1);
    expect([early, other.granted !== undefined]).toEqual([false, true]);
  });

  it("rate budget: only the first news of a throttle counts; the rest of the burst learns nothing new", async () => {
    const budget = new RateBudget(fakeClock());
    const burst = await inFlight(budget, 3);
    expect(burst.map((grant) => grant.slot.throttled(1_000))).toEqual([true, false, false]);
  });

  it("rate budget: a request sent after the news that is throttled again counts again", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock);
    const [first] = await inFlight(budget, 1);
    first?.slot.throttled(1_000);
    const next = line(budget);
    await clock.advance(1_000);
    expect(next.granted?.slot.throttled(1_000)).toBe(true);
  });

  it("rate budget: everyone in line resumes on one sleep, in ticket order", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock, 2);
    const [told, other] = await inFlight(budget, 2);
    told?.slot.throttled(3_000);
    other?.slot.answered();
    const waiting = [line(budget), line(budget), line(budget)];
    await clock.advance(3_000);
    expect([clock.sleeps, waiting.map((request) => request.granted !== undefined)]).toEqual([[3_000], [true, false, false]]);
  });

  it("rate budget: a request's own wait serves the pause, even under a sleep that returns at once", async () => {
    // The contract tests' clock: real time that never moves during a test, and sleeps that are only recorded.
    const sleeps: number[] = [];
    const budget = new RateBudget({ now: () => 0, sleep: async (ms) => void sleeps.push(ms) });
    const ticket = budget.ticket();
    (await budget.acquire({ ticket, deadlineAt: FAR })).slot.throttled(2_000);
    (await budget.acquire({ ticket, delayMs: 2_000, deadlineAt: FAR })).slot.answered();
    await budget.acquire({ ticket: budget.ticket(), deadlineAt: FAR });
    expect(sleeps).toEqual([2_000]);
  });

  it("rate budget: a pause that outlasts a request's deadline fails its wait at once", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock);
    const [told] = await inFlight(budget, 1);
    told?.slot.throttled(60_000);
    const request = line(budget, { deadlineAt: 30_000 });
    await settle();
    expect([request.error instanceof PausedPastDeadline, (request.error as PausedPastDeadline).pausedUntil]).toEqual([true, 60_000]);
  });

  it("rate budget: a pause that ends before the deadline is waited out", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock);
    const [told] = await inFlight(budget, 1);
    told?.slot.throttled(20_000);
    const request = line(budget, { deadlineAt: 30_000 });
    await clock.advance(20_000);
    expect([request.error, request.granted !== undefined]).toEqual([undefined, true]);
  });
});

describe("requests in flight", () => {
  it("rate budget: a throttle halves what was in flight, and the limit grows back one per round of answers", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock, 8);
    const before = await inFlight(budget, 8);
    before[0]?.slot.throttled(undefined);
    const halved = budget.limit;
    // Retries (a delay of their own, here 0), so the pace a throttle also sets does not hold them.
    const queued = Array.from({ length: 10 }, () => line(budget, { delayMs: 0 }));
    await clock.advance(0);
    // Answers to requests sent before the decrease teach nothing about the new limit.
    for (const grant of before.slice(1)) grant.slot.answered();
    await settle();
    const afterOld = budget.limit;
    // A round is `limit` answers while requests wait: then one more may fly.
    for (const request of queued.slice(0, 4)) request.granted?.slot.answered();
    await settle();
    expect([halved, afterOld, budget.limit, queued.filter((request) => request.granted).length]).toEqual([4, 4, 5, 9]);
  });

  it("rate budget: the limit does not grow while it holds nobody back", async () => {
    const budget = new RateBudget(fakeClock(), 8);
    const grants = await inFlight(budget, 4);
    grants[0]?.slot.throttled(undefined);
    for (const grant of grants.slice(1)) grant.slot.answered();
    for (let i = 0; i < 20; i++) (await inFlight(budget, 1))[0]?.slot.answered();
    expect(budget.limit).toBe(2);
  });

  it("rate budget: the limit never drops below one request", async () => {
    const budget = new RateBudget(fakeClock(), 8);
    for (let i = 0; i < 5; i++) (await inFlight(budget, 1))[0]?.slot.throttled(undefined);
    expect(budget.limit).toBe(1);
  });

  it("rate budget: waiting requests go oldest ticket first, so a retry goes before newer requests", async () => {
    const budget = new RateBudget(fakeClock(), 1);
    const [holder] = await inFlight(budget, 1);
    const [older, newer, newest] = [budget.ticket(), budget.ticket(), budget.ticket()];
    const waiting = { newest: line(budget, { ticket: newest }), newer: line(budget, { ticket: newer }), older: line(budget, { ticket: older }) };
    const order: string[] = [];
    let current = holder;
    for (let i = 0; i < 3; i++) {
      current?.slot.answered();
      await settle();
      const next = Object.entries(waiting).find(([name, request]) => request.granted && !order.includes(name));
      order.push(next?.[0] ?? "none");
      current = next?.[1].granted;
    }
    expect(order).toEqual(["older", "newer", "newest"]);
  });

  it("rate budget: time in line is reported, and time paused is not", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock, 1);
    const [holder] = await inFlight(budget, 1);
    const request = line(budget);
    await clock.advance(300);
    holder?.slot.throttled(1_000);
    await clock.advance(1_000);
    expect(request.granted?.queuedMs).toBe(300);
  });

  it("rate budget: an abort takes a request out of line and the next one moves up", async () => {
    const budget = new RateBudget(fakeClock(), 1);
    const [holder] = await inFlight(budget, 1);
    const controller = new AbortController();
    const aborted = line(budget, { signal: controller.signal });
    const next = line(budget);
    controller.abort(new Error("stop"));
    await settle();
    holder?.slot.answered();
    await settle();
    expect([(aborted.error as Error).message, next.granted !== undefined, budget.inFlight, budget.waiting]).toEqual(["stop", true, 1, 0]);
  });

  it("rate budget: an abort during the request's own delay ends its wait", async () => {
    const budget = new RateBudget(fakeClock());
    const controller = new AbortController();
    const request = line(budget, { delayMs: 5_000, signal: controller.signal });
    controller.abort(new Error("stop"));
    await settle();
    expect([(request.error as Error).message, budget.waiting]).toEqual(["stop", 0]);
  });
});

describe("pace", () => {
  /** A budget that let 8 requests go at once, then heard of a throttle: new requests go at 4 a second. */
  async function paced() {
    const clock = fakeClock();
    const budget = new RateBudget(clock);
    const burst = await inFlight(budget, 8);
    burst[0]?.slot.throttled(undefined);
    for (const grant of burst.slice(1)) grant.slot.answered();
    return { clock, budget };
  }

  it("rate budget: after a throttle, new requests go at half the rate they went in the last second", async () => {
    const { clock, budget } = await paced();
    const requests = Array.from({ length: 3 }, () => line(budget));
    const granted = () => requests.filter((request) => request.granted).length;
    await clock.advance(0);
    const atOnce = granted();
    await clock.advance(249);
    const early = granted();
    await clock.advance(1);
    const later = granted();
    await clock.advance(250);
    expect([budget.pacePerSecond, atOnce, early, later, granted()]).toEqual([4, 1, 1, 2, 3]);
  });

  it("rate budget: a retry is not held by the pace, its own wait already spaced it", async () => {
    const { clock, budget } = await paced();
    const older = budget.ticket();
    line(budget);
    const next = line(budget);
    const retry = line(budget, { ticket: older, delayMs: 0 });
    await clock.advance(0);
    expect([next.granted !== undefined, retry.granted !== undefined]).toEqual([false, true]);
  });

  it("rate budget: the pace grows by one after a round of answers", async () => {
    const { clock, budget } = await paced();
    const requests = Array.from({ length: 6 }, () => line(budget));
    await clock.advance(1_000);
    for (const request of requests.slice(0, 4)) request.granted?.slot.answered();
    expect(budget.pacePerSecond).toBe(5);
  });

  it("rate budget: the pace never drops below one request a second", async () => {
    const budget = new RateBudget(fakeClock());
    (await inFlight(budget, 1))[0]?.slot.throttled(undefined);
    expect(budget.pacePerSecond).toBe(1);
  });
});

describe("sharing", () => {
  it("rate budget: every client of one origin gets the same budget, another origin another", () => {
    const clock = fakeClock();
    const a = sharedRateBudget("https://rate-budget-test.example", clock);
    expect([sharedRateBudget("https://rate-budget-test.example", clock) === a, sharedRateBudget("https://other.example", clock) === a]).toEqual([
      true,
      false,
    ]);
  });
});
