// Retry policy of the transport: which failures are retried, the delays chosen, the deadline, abort.
import { afterEach, describe, expect, it } from "vitest";
import {
  AbortedError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  BadRequestError,
  RateLimitError,
  TimeoutError,
} from "../../provider/client/index";
import { backoffDelay, parseRetryAfter } from "../../provider/client/retry";
import { closeHarnesses, errorBody, harness, wireAgent, type Harness } from "../support/client-mock";

const ID = "agent_0123456789abcdef0123456789abcdef";
let h: Harness;
afterEach(closeHarnesses);

describe("retryable failures", () => {
  it("retry: a reset connection is retried and the call then succeeds", async () => {
    h = harness();
    h.fail("GET", `/agents/${ID}`);
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await expect(h.client.agents.retrieve(ID)).resolves.toMatchObject({ id: ID });
    expect(h.sleeps).toHaveLength(1);
  });

  it.each([408, 429, 500, 502, 503])("retry: status %i is retried and the call then succeeds", async (status) => {
    h = harness();
    h.reply("GET", `/agents/${ID}`, status, errorBody("api_error", "try again"));
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await expect(h.client.agents.retrieve(ID)).resolves.toMatchObject({ id: ID });
    expect(h.requests).toHaveLength(2);
  });

  it("retry: writes are retried too, since each carries an idempotency key", async () => {
    h = harness();
    h.reply("POST", "/agents", 503, "");
    h.reply("POST", "/agents", 201, wireAgent());
    await h.client.agents.create({ name: "reviewer", model: "ultimate" });
    expect(h.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
  });

  it("retry: gives up after maxRetries and throws the last error", async () => {
    h = harness({ maxRetries: 2 });
    h.reply("GET", `/agents/${ID}`, 429, errorBody("rate_limit_error", "slow down"), {}, 3);
    await expect(h.client.agents.retrieve(ID)).rejects.toBeInstanceOf(RateLimitError);
    expect(h.requests).toHaveLength(3);
  });

  it("retry: a connection failing on every attempt ends in ConnectionError", async () => {
    h = harness({ maxRetries: 1 });
    h.fail("GET", `/agents/${ID}`);
    h.fail("GET", `/agents/${ID}`);
    await expect(h.client.agents.retrieve(ID)).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe("final failures", () => {
  it.each([
    [400, BadRequestError],
    [404, NotFoundError],
    [409, ConflictError],
  ])("retry: status %i is not retried", async (status, ErrorClass) => {
    h = harness();
    h.reply("POST", `/agents/${ID}`, status, errorBody("invalid_request_error", "no"));
    await expect(h.client.agents.update(ID, { version: 1, name: "x" })).rejects.toBeInstanceOf(ErrorClass);
    expect(h.requests).toHaveLength(1);
  });

  it("retry: a caller abort is not retried", async () => {
    h = harness();
    const controller = new AbortController();
    controller.abort();
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await expect(h.client.agents.retrieve(ID, {}, { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
    expect(h.sleeps).toEqual([]);
  });
});

describe("delays", () => {
  it("retry: Retry-After in seconds sets the wait", async () => {
    h = harness();
    h.reply("GET", `/agents/${ID}`, 429, "", { "retry-after": "3" });
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await h.client.agents.retrieve(ID);
    expect(h.sleeps).toEqual([3000]);
  });

  it("retry: Retry-After as an HTTP date waits until that date", async () => {
    const now = Date.parse("2026-05-18T15:00:00Z");
    h = harness({ now: () => now });
    h.reply("GET", `/agents/${ID}`, 503, "", { "retry-after": "Mon, 18 May 2026 15:00:05 GMT" });
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await h.client.agents.retrieve(ID);
    expect(h.sleeps).toEqual([5000]);
  });

  it("retry: without Retry-After the backoff doubles per retry", async () => {
    h = harness({ maxRetries: 3 });
    h.reply("GET", `/agents/${ID}`, 500, "", {}, 3);
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await h.client.agents.retrieve(ID);
    expect(h.sleeps).toEqual([500, 1000, 2000]);
  });

  it("retry: jitter scales the backoff down to half at most", () => {
    expect([backoffDelay(0, () => 0), backoffDelay(3, () => 0), backoffDelay(10, () => 0)]).toEqual([250, 2000, 4000]);
  });

  it("retry: the backoff is capped at 8 seconds", () => {
    expect(backoffDelay(10, () => 1)).toBe(8000);
  });

  it("retry: Retry-After accepts decimal seconds", () => {
    expect(parseRetryAfter("0.25", 0)).toBe(250);
  });

  it("retry: an unreadable Retry-After is ignored", () => {
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });

  it("retry: a Retry-After date in the past means no wait", () => {
    expect(parseRetryAfter("Mon, 18 May 2026 15:00:05 GMT", Date.parse("2026-05-18T16:00:00Z"))).toBe(0);
  });
});

describe("deadline", () => {
  it("retry: a Retry-After beyond the deadline stops retries with TimeoutError", async () => {
    h = harness({ deadlineMs: 10_000 });
    h.reply("GET", `/agents/${ID}`, 429, "", { "retry-after": "30" });
    await expect(h.client.agents.retrieve(ID)).rejects.toBeInstanceOf(TimeoutError);
    expect(h.sleeps).toEqual([]);
  });

  it("retry: the deadline error carries the last API error as its cause", async () => {
    h = harness({ deadlineMs: 10_000 });
    h.reply("GET", `/agents/${ID}`, 429, "", { "retry-after": "30" });
    const err: unknown = await h.client.agents.retrieve(ID).catch((e: unknown) => e);
    expect((err as TimeoutError).cause).toBeInstanceOf(RateLimitError);
  });

  it("retry: a per-call deadline overrides the client's", async () => {
    h = harness({ deadlineMs: 600_000, maxRetries: 10 });
    h.reply("POST", `/agents/${ID}/archive`, 503, "", { "retry-after": "2" }, 5);
    await expect(h.client.agents.archive(ID, { deadlineMs: 5_000 })).rejects.toBeInstanceOf(TimeoutError);
    expect(h.sleeps).toEqual([2000, 2000]);
  });

  it("retry: an attempt that outlives its timeout is retried, then ends in TimeoutError", async () => {
    h = harness({ timeoutMs: 20, maxRetries: 1 });
    h.mock
      .intercept({ path: `/api/v1/cloud/agents/${ID}`, method: "GET" })
      .reply(200, wireAgent())
      .delay(500)
      .times(2);
    await expect(h.client.agents.retrieve(ID)).rejects.toBeInstanceOf(TimeoutError);
    expect(h.sleeps).toHaveLength(1);
  });
});

describe("throttles shared by a burst", () => {
  it("retry: of two requests throttled together, only the first answer uses up a retry", async () => {
    h = harness({ maxRetries: 0 });
    h.reply("GET", `/agents/${ID}`, 429, errorBody("rate_limit_error", "slow down"), { "retry-after": "1" }, 2);
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    const outcomes = await Promise.allSettled([h.client.agents.retrieve(ID), h.client.agents.retrieve(ID)]);
    const failed = outcomes.filter((outcome) => outcome.status === "rejected").map((outcome) => (outcome as PromiseRejectedResult).reason);
    expect([failed.length, failed[0] instanceof RateLimitError, h.requests.length, h.sleeps]).toEqual([1, true, 3, [1000]]);
  });

  it("retry: a 503 without Retry-After is a failure, not a throttle, and uses up a retry each time", async () => {
    h = harness({ maxRetries: 1 });
    h.reply("GET", `/agents/${ID}`, 503, "", {}, 4);
    const outcomes = await Promise.allSettled([h.client.agents.retrieve(ID), h.client.agents.retrieve(ID)]);
    expect([outcomes.map((outcome) => outcome.status), h.requests.length]).toEqual([["rejected", "rejected"], 4]);
  });
});
