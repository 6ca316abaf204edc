// The benchmark's summary: ratios of the median (and of the best) wall-clock and CPU seconds per cell, and
// their geometric mean over the cells, in which one cell's noise up and another's down cancel out while a cost
// every run pays stays.
import { describe, expect, it } from "vitest";
import { type CellResult, type Phase, printCell, printSummary } from "../../scripts/lib/bench-report";

/**
 * A cell whose runs took these seconds on `phase` (three runs each side, the median in the middle), and
 * `cpu` times as many CPU seconds as the baseline's runs took wall-clock seconds.
 */
function cell(size: number, phase: Phase, ours: number, baseline: number, cpu = { ours: 1.5, baseline: 1.5 }): CellResult {
  const runs = (median: number, cpuFactor: number) =>
    [median - 1, median, median + 5].map((seconds) => ({
      seconds: { [phase]: seconds },
      cpuSeconds: { [phase]: (seconds - median + baseline) * cpuFactor },
      requests: {},
    }));
  return { size, latencyMs: 0, runs: { ours: runs(ours, cpu.ours), baseline: runs(baseline, cpu.baseline) } };
}

/** The lines of the summary's table whose title holds `title`, up to the next table. */
function table(lines: string[], title: string): string[] {
  const start = lines.findIndex((line) => line.includes(title));
  const end = lines.findIndex((line, i) => i > start && line.startsWith("=="));
  return lines.slice(start, end === -1 ? undefined : end).filter((line) => line !== "");
}

/** The summary's second table, the ratios of the median CPU seconds. */
const cpuTable = (lines: string[]) => table(lines, "median CPU seconds");

function summary(cells: CellResult[], phases: Phase[]): string[] {
  const lines: string[] = [];
  printSummary(cells, phases, (line) => lines.push(line));
  return lines;
}

describe("bench report", () => {
  it("summary: one ratio per cell, starred above 1.05, then the geometric mean of the cells", () => {
    const lines = summary([cell(200, "create", 8, 10), cell(500, "create", 12.5, 10)], ["create"]);
    expect(lines.find((line) => line.startsWith("200"))).toMatch(/0\.80 $/);
    expect(lines.find((line) => line.startsWith("500"))).toMatch(/1\.25\*$/);
    expect(lines.find((line) => line.startsWith("geo. mean"))).toMatch(/1\.00 $/);
    expect(lines.find((line) => line.startsWith("geometric mean"))).toBe("geometric mean of every ratio above: 1.00 ");
  });

  it("summary: the CPU ratios in a table of their own, measured apart from the wall clock", () => {
    const lines = summary([cell(200, "preview", 10, 10, { ours: 1.56, baseline: 1.5 }), cell(500, "preview", 20, 20)], ["preview"]);
    expect(lines.find((line) => line.startsWith("geometric mean"))).toBe("geometric mean of every ratio above: 1.00 ");
    const cpu = cpuTable(lines);
    expect(cpu.find((line) => line.startsWith("200"))).toMatch(/1\.04 $/);
    expect(cpu.find((line) => line.startsWith("500"))).toMatch(/1\.00 $/);
    expect(cpu.at(-1)).toBe("geometric mean of every ratio above: 1.02 ");
  });

  it("summary: a run without CPU times (no /proc) shows no CPU ratio", () => {
    const bare = cell(200, "create", 8, 10);
    for (const run of [...bare.runs.ours, ...bare.runs.baseline]) delete run.cpuSeconds;
    expect(cpuTable(summary([bare, cell(500, "create", 10, 10)], ["create"])).find((line) => line.startsWith("200"))).toMatch(/ -$/);
  });

  it("summary: a cost every cell pays stays in the mean", () => {
    const lines = summary([cell(200, "preview", 11, 10), cell(500, "preview", 22, 20)], ["preview"]);
    expect(lines.find((line) => line.startsWith("geometric mean"))).toBe("geometric mean of every ratio above: 1.10*");
  });

  it("summary: the best runs' ratios in tables of their own, which a slow run of one side does not move", () => {
    const runs = (...seconds: number[]) =>
      seconds.map((value) => ({ seconds: { create: value }, cpuSeconds: { create: value * 1.5 }, requests: {} }));
    const noisy: CellResult = { size: 200, latencyMs: 0, runs: { ours: runs(10, 14, 15), baseline: runs(10, 10.5, 11) } };
    const lines = summary([noisy, cell(500, "create", 10, 10)], ["create"]);
    expect(lines.find((line) => line.startsWith("200"))).toMatch(/1\.33\*$/);
    const best = table(lines, "best run's wall-clock");
    expect(best.find((line) => line.startsWith("200"))).toMatch(/1\.00 $/);
    const bestCpu = table(lines, "best run's CPU");
    expect(bestCpu.find((line) => line.startsWith("200"))).toMatch(/1\.00 $/);
    expect(bestCpu.at(-1)).toBe("geometric mean of every ratio above: 1.00 ");
  });

  it("cell: per measure the medians and their ratio, then the lowest and highest ratio of runs side by side", () => {
    const lines: string[] = [];
    printCell(cell(200, "update", 8, 10, { ours: 1.5, baseline: 1.2 }), ["update"], (line) => lines.push(line));
    // Wall clock: runs 7/9, 8/10 and 13/15. CPU: 13.5/10.8, 15/12 and 22.5/18, each 1.25.
    // Best runs: 7/9 and 13.5/10.8.
    expect(lines.find((line) => line.startsWith("update"))).toMatch(
      / 8\.00 +10\.00 +0\.80 +0\.78-0\.87 +0\.78 +15\.00 +12\.00 +1\.25\* +1\.25-1\.25 +1\.25\*$/,
    );
  });
});
