// Rate limits on the real engine (scripts/lib/rate-limit-run.ts): a 120-resource fleet goes up once against a
// fault-free emulator and once, on a fresh stack, through a gateway limiter on every route at half the
// fault-free request rate. The limited `up` must converge with no failed resource, and make no more than 1.1x
// the fault-free requests beyond the 429s it retried. `npm run bench:rate-limit` runs it at 500.
import { beforeAll, describe, expect, it } from "vitest";
import { formatRateLimitRun, MAX_REQUEST_RATIO, type RateLimitRun, rateLimitRun } from "../../scripts/lib/rate-limit-run";
import { pulumiBinDir } from "../support/pulumi";

const RESOURCES = 120;

describe("rate limits: a 120-resource up through a gateway limiter", () => {
  let run: RateLimitRun;

  beforeAll(async () => {
    run = await rateLimitRun({ resources: RESOURCES, binDir: await pulumiBinDir() });
    for (const line of formatRateLimitRun(run)) console.log(line);
  });

  it("rate limits: the fault-free up converges", () => {
    expect([run.faultFree.converged, run.faultFree.inState, run.faultFree.failure]).toEqual([true, RESOURCES, undefined]);
  });

  it("rate limits: the limiter binds (it answered 429s)", () => {
    expect(run.limited.throttled).toBeGreaterThan(0);
  });

  it("rate limits: the limited up converges with no failed resource", () => {
    expect([run.limited.converged, run.limited.inState, run.limited.failure]).toEqual([true, RESOURCES, undefined]);
  });

  it("rate limits: beyond the retried 429s, the limited up makes at most 1.1x the fault-free requests", () => {
    expect(run.ratio).toBeLessThanOrEqual(MAX_REQUEST_RATIO);
  });
});
