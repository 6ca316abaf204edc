// The text `npm run bench` prints: the machine, then per fleet size and API latency the median wall-clock
// and CPU seconds of each phase for our provider and the baseline with their ratios (and the ratio of their
// best runs), the API requests of each phase by route, state and serialized-provider bytes per resource and
// the provider process's peak memory; then a summary of the ratios.
import * as os from "node:os";
import { type Flavor, kindCounts } from "./bench-fleet";
import { median, type StateFacts } from "./bench-measure";

export const PHASES = ["create", "preview", "up", "update", "refresh", "destroy"] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABEL: Record<Phase, string> = {
  create: "create (up)",
  preview: "preview, no change",
  up: "up, no change",
  update: "update (up)",
  refresh: "refresh",
  destroy: "destroy",
};

export const PHASES_LEGEND =
  "phases: create = up of a new stack; preview, up = with nothing to change (--expect-no-changes); " +
  "update = up after one in-place change to every resource but the vaults; refresh; destroy";

/** The goal: ours within this factor of the baseline on every phase. */
export const RATIO_GOAL = 1.05;

/**
 * How a phase is measured: wall-clock seconds, which a user waits, and the CPU seconds that the command's
 * whole process tree (CLI, language host, program, provider processes) spent, which other load on a shared
 * machine moves far less: on a 2-core machine every phase is CPU-bound, so CPU is what wall time follows.
 */
export type Measure = "seconds" | "cpuSeconds";

export interface RunResult {
  seconds: Partial<Record<Phase, number>>;
  /** Unknown without Linux /proc. */
  cpuSeconds?: Partial<Record<Phase, number>>;
  requests: Partial<Record<Phase, Record<string, number>>>;
  /** The dynamic-provider process's peak resident set over the run's phases, in kB. */
  peakKb?: number;
  state?: StateFacts;
}

export interface CellResult {
  size: number;
  latencyMs: number;
  runs: Record<Flavor, RunResult[]>;
}

export function machineLine(pulumiVersion: string): string {
  const cpus = os.cpus();
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${memory}, ${os.type()} ${os.release()}, node ${process.version}, pulumi v${pulumiVersion}`;
}

export function fleetLine(size: number): string {
  const parts = Object.entries(kindCounts(size))
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`);
  return `${size} resources: ${parts.join(", ")}`;
}

const pad = (text: string, width: number): string => text.padEnd(width);
const lpad = (text: string, width: number): string => text.padStart(width);

/**
 * How one side's runs of a phase make one number: their median, or their best (lowest) run. Other load on a
 * shared machine only ever adds time, so the best run is the one closest to what the work itself costs.
 */
export type Statistic = "median" | "best";

function statisticOf(runs: readonly RunResult[], phase: Phase, measure: Measure, statistic: Statistic): number | undefined {
  const values = runs.map((run) => run[measure]?.[phase]).filter((value): value is number => value !== undefined);
  if (values.length === 0) return undefined;
  return statistic === "median" ? median(values) : Math.min(...values);
}

/** ours/baseline of the statistic; undefined when either side has no measurement of the phase. */
function ratioOf(cell: CellResult, phase: Phase, measure: Measure, statistic: Statistic = "median"): number | undefined {
  const ours = statisticOf(cell.runs.ours, phase, measure, statistic);
  const baseline = statisticOf(cell.runs.baseline, phase, measure, statistic);
  return ours === undefined || baseline === undefined || baseline === 0 ? undefined : ours / baseline;
}

/**
 * The ratio of each run of ours to the baseline's run beside it (measured back to back), lowest and highest:
 * how far one cell moves from run to run, which the median alone does not show.
 */
function pairRange(cell: CellResult, phase: Phase, measure: Measure): string {
  const ratios = cell.runs.ours.flatMap((run, i) => {
    const ours = run[measure]?.[phase];
    const baseline = cell.runs.baseline[i]?.[measure]?.[phase];
    return ours === undefined || !baseline ? [] : [ours / baseline];
  });
  return ratios.length < 2 ? "-" : `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
}

/** A ratio with 2 decimals, starred above the goal. */
function ratioLabel(ratio: number | undefined): string {
  return ratio === undefined ? "-" : `${ratio.toFixed(2)}${ratio > RATIO_GOAL ? "*" : " "}`;
}

/** ours/baseline, 2 decimals, starred above the goal. */
function ratioText(cell: CellResult, phase: Phase, measure: Measure, statistic: Statistic = "median"): string {
  return ratioLabel(ratioOf(cell, phase, measure, statistic));
}

/** The geometric mean: the typical ratio of several cells, a 0.8 and a 1.25 cancelling out. */
function geometricMean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

/** One number when every run agrees, else the range. */
function countText(runs: readonly RunResult[], phase: Phase, route: string | undefined): string {
  const counts = runs.map((run) => {
    const byRoute = run.requests[phase] ?? {};
    return route === undefined ? Object.values(byRoute).reduce((sum, n) => sum + n, 0) : (byRoute[route] ?? 0);
  });
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}-${high}`;
}

export function printCell(cell: CellResult, phases: readonly Phase[], print: (line: string) => void): void {
  const runs = cell.runs.ours.length;
  print("");
  print(`== ${fleetLine(cell.size)}; API latency ${cell.latencyMs} ms; median of ${runs} run${runs === 1 ? "" : "s"} each ==`);
  const widths = [9, 11, 7, 10, 6];
  const columns = (measure: Measure, phase: Phase) => {
    const seconds = (flavor: Flavor) => statisticOf(cell.runs[flavor], phase, measure, "median")?.toFixed(2) ?? "-";
    const texts = [
      seconds("ours"),
      seconds("baseline"),
      ratioText(cell, phase, measure),
      pairRange(cell, phase, measure),
      ratioText(cell, phase, measure, "best"),
    ];
    return texts.map((text, i) => lpad(text, widths[i]!)).join(" ");
  };
  print(`${pad("", 20)} ${pad("wall clock", 47)} ${"CPU of the process tree"}`);
  const heads = ["ours s", "baseline s", "ratio", "run pairs", "best"].map((text, i) => lpad(text, widths[i]!)).join(" ");
  print(`${pad("phase", 20)} ${heads} ${heads}`);
  for (const phase of phases) print(`${pad(PHASE_LABEL[phase], 20)} ${columns("seconds", phase)} ${columns("cpuSeconds", phase)}`);
  printRequests(cell, phases, print);
  printFootprint(cell, print);
}

function printRequests(cell: CellResult, phases: readonly Phase[], print: (line: string) => void): void {
  const all = [...cell.runs.ours, ...cell.runs.baseline];
  const routes = [...new Set(all.flatMap((run) => phases.flatMap((phase) => Object.keys(run.requests[phase] ?? {}))))].sort(byPath);
  const width = Math.max(24, ...routes.map((route) => route.length));
  const columns = phases.map((phase) => Math.max(phase.length, 9));
  print("");
  print("API requests per phase by route, ours/baseline:");
  print(`${pad("route", width)} ${phases.map((phase, i) => lpad(phase, columns[i]!)).join(" ")}`);
  const row = (label: string, cellText: (phase: Phase) => string) =>
    print(`${pad(label, width)} ${phases.map((phase, i) => lpad(cellText(phase), columns[i]!)).join(" ")}`);
  for (const route of routes) row(route, (phase) => `${countText(cell.runs.ours, phase, route)}/${countText(cell.runs.baseline, phase, route)}`);
  row("total", (phase) => `${countText(cell.runs.ours, phase, undefined)}/${countText(cell.runs.baseline, phase, undefined)}`);
  // One request per created, updated and deleted resource; none when nothing changes. Vaults never update.
  const updated = cell.size - kindCounts(cell.size).Vault;
  const goal: Record<Phase, string> = { create: `${cell.size}`, preview: "0", up: "0", update: `${updated}`, refresh: "-", destroy: `${cell.size}` };
  row("goal (one per resource)", (phase) => goal[phase]);
}

/** `GET /agents/:agent_id` after `POST /agents`: by path, then method. */
function byPath(a: string, b: string): number {
  const [methodA = "", pathA = ""] = a.split(" ");
  const [methodB = "", pathB = ""] = b.split(" ");
  return pathA === pathB ? methodA.localeCompare(methodB) : pathA < pathB ? -1 : 1;
}

function printFootprint(cell: CellResult, print: (line: string) => void): void {
  print("");
  for (const flavor of ["ours", "baseline"] as const) {
    const state = cell.runs[flavor].find((run) => run.state)?.state;
    const peaks = cell.runs[flavor].map((run) => run.peakKb).filter((kb): kb is number => kb !== undefined);
    const peak = peaks.length > 0 ? `${(Math.max(...peaks) / 1024).toFixed(1)} MB` : "unknown";
    const held = state
      ? `${state.resources} resources in state${state.extra > 0 ? ` (${state.resources - state.extra} + ${state.extra} StackIdentity)` : ""}`
      : "";
    const bytes = state
      ? `, ${Math.round(state.stateBytesPerResource)} B of state and ${Math.round(state.providerBytesPerResource)} B of serialized provider per resource`
      : "";
    print(`${pad(flavor, 9)} ${held}${bytes}; dynamic-provider peak RSS ${peak}`);
  }
}

export function printSummary(cells: readonly CellResult[], phases: readonly Phase[], print: (line: string) => void): void {
  const goal = `(* above ${RATIO_GOAL.toFixed(2)})`;
  printRatios(cells, phases, "seconds", "median", `== summary: ours/baseline of the median wall-clock seconds ${goal} ==`, print);
  printRatios(cells, phases, "cpuSeconds", "median", "== ours/baseline of the median CPU seconds of the process tree ==", print);
  printRatios(cells, phases, "seconds", "best", "== ours/baseline of the best run's wall-clock seconds (other load only adds time) ==", print);
  printRatios(cells, phases, "cpuSeconds", "best", "== ours/baseline of the best run's CPU seconds of the process tree ==", print);
}

function printRatios(
  cells: readonly CellResult[],
  phases: readonly Phase[],
  measure: Measure,
  statistic: Statistic,
  title: string,
  print: (line: string) => void,
): void {
  const columns = phases.map((phase) => Math.max(phase.length, 6));
  print("");
  print(title);
  print(`${pad("resources", 10)} ${pad("latency", 8)} ${phases.map((phase, i) => lpad(phase, columns[i]!)).join(" ")}`);
  for (const cell of cells) {
    print(
      `${pad(String(cell.size), 10)} ${pad(`${cell.latencyMs} ms`, 8)} ${phases.map((phase, i) => lpad(ratioText(cell, phase, measure, statistic), columns[i]!)).join(" ")}`,
    );
  }
  if (cells.length < 2) return;
  // One cell's ratio moves by 10–50% from run to run on a shared 2-core machine (the run-pair ranges); over
  // every cell, that noise averages out while a cost that every run pays stays.
  const ratios = (phase: Phase) =>
    cells.map((cell) => ratioOf(cell, phase, measure, statistic)).filter((ratio): ratio is number => ratio !== undefined);
  const means = phases.map((phase) => ratioLabel(geometricMean(ratios(phase))));
  print(`${pad("geo. mean", 19)} ${means.map((mean, i) => lpad(mean, columns[i]!)).join(" ")}`);
  print(`geometric mean of every ratio above: ${ratioLabel(geometricMean(phases.flatMap(ratios)))}`);
}
