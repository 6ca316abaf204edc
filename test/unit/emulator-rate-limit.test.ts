// The emulator's gateway limiter: a "rate-limit" fault with `ratePerSecond` is a token bucket over the requests
// it matches, answering 429 with Retry-After in whole seconds (CONTRACT.md "Transport") once the bucket is
// empty. The bucket is driven on a fake clock; one test reads the answer over HTTP.
import { afterEach, describe, expect, it } from "vitest";
import { API_PREFIX } from "../../emulator/app";
import { FaultInjector, FaultSpec } from "../../emulator/faults";
import { listening } from "./emulator-harness";

/** An injector on a clock the test moves, and the Retry-After of each `GET /agents` (undefined: passed). */
function limiter(spec: FaultSpec) {
  let now = 0;
  const injector = new FaultInjector(API_PREFIX, Math.random, () => now);
  const fault = injector.add(spec);
  const ask = (n: number, method = "GET", path = "/agents") =>
    Array.from({ length: n }, () => {
      const decision = injector.decide(method, path);
      return decision.fault ? decision.retryAfter : undefined;
    });
  return {
    ask,
    advance: (ms: number) => {
      now += ms;
    },
    hits: () => injector.list().find((active) => active.id === fault.id)?.hits,
  };
}

let running: Awaited<ReturnType<typeof listening>> | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("rate-limit with ratePerSecond", () => {
  it("faults: a limiter lets its burst through at once, then refuses", () => {
    const { ask } = limiter({ kind: "rate-limit", ratePerSecond: 10, burst: 3 });
    expect(ask(4)).toEqual([undefined, undefined, undefined, 1]);
  });

  it("faults: a limiter's tokens come back at its rate, up to the burst", () => {
    const { ask, advance } = limiter({ kind: "rate-limit", ratePerSecond: 2, burst: 3 });
    ask(3);
    advance(1_000);
    const afterOneSecond = ask(3);
    advance(60_000);
    expect([afterOneSecond, ask(4)]).toEqual([
      [undefined, undefined, 1],
      [undefined, undefined, undefined, 1],
    ]);
  });

  it("faults: Retry-After is the whole seconds until a token is free, at least 1", () => {
    const slow = limiter({ kind: "rate-limit", ratePerSecond: 0.25, burst: 1 });
    const fast = limiter({ kind: "rate-limit", ratePerSecond: 40, burst: 1 });
    expect([slow.ask(2)[1], fast.ask(2)[1]]).toEqual([4, 1]);
  });

  it("faults: the burst defaults to one second's worth of requests", () => {
    expect(limiter({ kind: "rate-limit", ratePerSecond: 5 }).ask(6)).toEqual([undefined, undefined, undefined, undefined, undefined, 1]);
  });

  it("faults: a limiter counts only the requests its method and path select", () => {
    const { ask } = limiter({ kind: "rate-limit", ratePerSecond: 1, burst: 1, method: "POST", path: "/agents" });
    expect([ask(3, "GET"), ask(2, "POST")]).toEqual([
      [undefined, undefined, undefined],
      [undefined, 1],
    ]);
  });

  it("faults: a limiter's hits are the 429s it answered, and refused requests take no token", () => {
    const { ask, advance, hits } = limiter({ kind: "rate-limit", ratePerSecond: 1, burst: 1 });
    ask(5);
    advance(1_000);
    expect([ask(1), hits()]).toEqual([[undefined], 4]);
  });

  it.each([
    ["count", { count: 2 }],
    ["probability", { probability: 0.5 }],
    ["seed", { seed: 7 }],
    ["retryAfter", { retryAfter: 3 }],
  ])("faults: %s cannot be combined with ratePerSecond", (key, extra) => {
    const result = FaultSpec.safeParse({ kind: "rate-limit", ratePerSecond: 10, ...extra });
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual([key]);
  });

  it("faults: ratePerSecond belongs to a rate-limit fault, and burst needs it", () => {
    const issues = (spec: unknown) => FaultSpec.safeParse(spec).error?.issues.map((issue) => issue.message);
    expect([issues({ kind: "error", ratePerSecond: 10 }), issues({ kind: "rate-limit", burst: 5 })]).toEqual([
      ['ratePerSecond belongs to kind "rate-limit"'],
      ["burst needs ratePerSecond"],
    ]);
  });

  it("faults: over HTTP the limiter answers 429 rate_limit_error with its Retry-After", async () => {
    running = await listening();
    running.admin.addFault({ kind: "rate-limit", ratePerSecond: 0.5, burst: 1 });
    const first = await running.call("GET", "/agents");
    const second = await running.call("GET", "/agents");
    expect([first.status, second.status, second.body.error.type, second.headers.get("retry-after")]).toEqual([200, 429, "rate_limit_error", "2"]);
  });

  it("faults: the admin API refuses a limiter that also has a probability", async () => {
    running = await listening();
    const reply = await fetch(`${running.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "rate-limit", ratePerSecond: 10, probability: 0.5 }),
    });
    expect(reply.status).toBe(400);
  });
});
