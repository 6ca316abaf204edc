// The benchmark's CPU measure: the CPU time of ended child processes, read from /proc (Linux, where the
// benchmark and CI run).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childCpuSeconds } from "../../scripts/lib/bench-measure";

describe("bench measure", () => {
  it("counts the CPU time of a child once it has ended, and nothing of this process's own", () => {
    const before = childCpuSeconds();
    // This process's own work does not count.
    const until = Date.now() + 200;
    while (Date.now() < until) Math.sqrt(Math.random());
    expect(childCpuSeconds()).toBe(before);
    // A child that spins for 0.4 s of CPU.
    const child = spawnSync(process.execPath, ["-e", "const t = process.cpuUsage(); while (process.cpuUsage(t).user < 400000);"]);
    expect(child.status).toBe(0);
    const spent = (childCpuSeconds() ?? 0) - (before ?? 0);
    expect(spent).toBeGreaterThanOrEqual(0.35);
    expect(spent).toBeLessThan(5);
  });
});
