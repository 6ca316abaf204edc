// Seeded probabilistic faults: a fault with `probability` and `seed` picks the same requests in every run, so a
// chaos test can quote its seed and be replayed; another seed picks others; the share is near the probability.
import { describe, expect, it } from "vitest";
import { mulberry32, type FaultSpec } from "../../emulator/faults";
import { inProcess } from "./emulator-harness";

/** The statuses of `n` list calls against a fresh emulator holding `faults`. */
async function statuses(faults: FaultSpec[], n: number): Promise<number[]> {
  const { call, admin } = inProcess();
  for (const fault of faults) admin.addFault(fault);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call("GET", "/agents")).status);
  return out;
}

describe("seeded faults", () => {
  it("faults: the same seed fails the same requests in every run", async () => {
    const spec: FaultSpec = { kind: "error", status: 500, probability: 0.3, seed: 42 };
    const first = await statuses([spec], 60);
    expect(first).toContain(500);
    expect(await statuses([spec], 60)).toEqual(first);
  });

  it("faults: another seed fails other requests", async () => {
    const a = await statuses([{ kind: "error", status: 500, probability: 0.3, seed: 1 }], 60);
    const b = await statuses([{ kind: "error", status: 500, probability: 0.3, seed: 2 }], 60);
    expect(a).not.toEqual(b);
  });

  it("faults: each seeded fault keeps its own sequence whatever other faults there are", async () => {
    const rateLimit: FaultSpec = { kind: "rate-limit", probability: 0.2, seed: 7, retryAfter: 0 };
    const alone = await statuses([rateLimit], 80);
    // A latency fault before it is asked about every request too; the rate-limit's choices must not move.
    const withLatency = await statuses([{ kind: "latency", latencyMs: 0, probability: 0.5, seed: 9 }, rateLimit], 80);
    expect(withLatency).toEqual(alone);
  });

  it("faults: the share of failed requests is near the probability", async () => {
    const failed = (await statuses([{ kind: "error", status: 503, probability: 0.1, seed: 2026 }], 1000)).filter((s) => s === 503);
    expect(failed.length).toBeGreaterThan(60);
    expect(failed.length).toBeLessThan(140);
  });

  it("faults: mulberry32 gives the reference sequence (seed 1 starts 0.6270739405881613)", () => {
    const next = mulberry32(1);
    expect([next(), next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it("faults: the admin API takes a seed and refuses one that is not a 32-bit whole number", async () => {
    const { raw } = inProcess();
    const post = (body: unknown) => raw("/_emulator/faults", { method: "POST", body: JSON.stringify(body) });
    expect((await post({ kind: "error", probability: 0.5, seed: 3 })).status).toBe(201);
    expect((await post({ kind: "error", probability: 0.5, seed: 1.5 })).status).toBe(400);
    expect((await post({ kind: "error", probability: 0.5, seed: -1 })).status).toBe(400);
  });
});
