// The benchmark's summary: ratios of the median seconds per cell, and their geometric mean over the cells,
// in which one cell's noise up and another's down cancel out while a cost every run pays stays.
import { describe, expect, it } from "vitest";
import { type CellResult, type Phase, printCell, printSummary } from "../../scripts/lib/bench-report";

/** A cell whose runs took these seconds on `phase` (three runs each side, the median in the middle). */
function cell(size: number, phase: Phase, ours: number, baseline: number): CellResult {
  const runs = (median: number) => [median - 1, median, median + 5].map((seconds) => ({ seconds: { [phase]: seconds }, requests: {} }));
  return { size, latencyMs: 0, runs: { ours: runs(ours), baseline: runs(baseline) } };
}

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
    expect(lines.at(-1)).toBe("geometric mean of every ratio above: 1.00 ");
  });

  it("summary: a cost every cell pays stays in the mean", () => {
    const lines = summary([cell(200, "preview", 11, 10), cell(500, "preview", 22, 20)], ["preview"]);
    expect(lines.at(-1)).toBe("geometric mean of every ratio above: 1.10*");
  });

  it("cell: the median seconds and their ratio, then the lowest and highest ratio of runs measured side by side", () => {
    const lines: string[] = [];
    printCell(cell(200, "update", 8, 10), ["update"], (line) => lines.push(line));
    // Runs 7/9, 8/10 and 13/15.
    expect(lines.find((line) => line.startsWith("update"))).toMatch(/ 8\.00 +10\.00 +0\.80 +0\.78-0\.87$/);
  });
});
