// Benchmark: our provider against a bare baseline provider (scripts/lib/baseline: the same API calls, nothing
// else), on the real pulumi CLI against the emulator, for fleets of mixed kinds at several API latencies,
// over create, no-change preview, no-change up, update, refresh and destroy. Runs of the two alternate
// (ours first, then the baseline first, …), each on a new project and stack. docs/performance.md explains
// what it prints. Run: npm run bench [-- --sizes 50,200,500 --latency 0,50 --runs 3 --phases …]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator, type RunningEmulator } from "../emulator";
import {
  BASELINES,
  type Baseline,
  type Flavor,
  fleetProgram,
  installBaseline,
  installSnapshot,
  skillFiles,
  snapshotPackage,
} from "./lib/bench-fleet";
import { childCpuSeconds, ProviderPeakSampler, requestsBetween, stateFacts } from "./lib/bench-measure";
import {
  type CellResult,
  fleetLine,
  machineLine,
  PHASE_LABEL,
  PHASES,
  PHASES_LEGEND,
  type Phase,
  printCell,
  printSummary,
  type RunResult,
} from "./lib/bench-report";
import { ENGINE_TOKEN } from "./lib/fleet-stack";
import { PulumiProject } from "./lib/pulumi-project";

type EnsureCli = () => Promise<{ binDir: string; version: string }>;

interface Options {
  sizes: number[];
  latencies: number[];
  runs: number;
  phases: Phase[];
  /** Where the projects and their file backends go. */
  dir: string;
  baseline: Baseline;
}

/**
 * The file backend rewrites the whole state after every step, and on this project's CI machine a virtual
 * disk's write stalls moved whole runs by 20-40%, for either provider. Memory takes the disk out of what is
 * measured; the state is still serialized and written at every step.
 */
function defaultDir(): string {
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
}

const USAGE = `usage: npm run bench -- [--sizes 50,200,500] [--latency 0,50] [--runs 3] [--phases ${PHASES.join(",")}]
  --sizes    fleet sizes in resources (default 50,200,500)
  --latency  API latencies in ms the emulator adds to every request (default 0,50)
  --runs     runs of each provider per size and latency; medians and best runs are printed (default 3)
  --phases   phases to run and report; create and destroy always run (default all)
  --dir      where the projects and their state go (default /dev/shm when writable, else the temp directory)
  --baseline bare (default), or identity: the baseline with pulumi-qoder's __identity input on every resource`;

function numbers(text: string, name: string, least: number): number[] {
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < least)) {
    throw new Error(`--${name} takes whole numbers of ${least} or more separated by commas; got "${text}"\n${USAGE}`);
  }
  return values;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "50,200,500" },
      latency: { type: "string", default: "0,50" },
      runs: { type: "string", default: "3" },
      phases: { type: "string", default: PHASES.join(",") },
      dir: { type: "string" },
      baseline: { type: "string", default: "bare" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const wanted = values.phases.split(",").map((phase) => phase.trim());
  const unknown = wanted.filter((phase) => !(PHASES as readonly string[]).includes(phase));
  if (unknown.length > 0) throw new Error(`unknown phase "${unknown.join(", ")}"; the phases are ${PHASES.join(", ")}\n${USAGE}`);
  const baseline = BASELINES.find((name) => name === values.baseline);
  if (!baseline) throw new Error(`--baseline takes ${BASELINES.join(" or ")}; got "${values.baseline}"\n${USAGE}`);
  return {
    sizes: numbers(values.sizes, "sizes", 1),
    latencies: numbers(values.latency, "latency", 0),
    runs: numbers(values.runs, "runs", 1)[0]!,
    phases: PHASES.filter((phase) => phase === "create" || phase === "destroy" || wanted.includes(phase)),
    dir: values.dir ?? defaultDir(),
    baseline,
  };
}

/** The CLI command of each phase; `update` runs after the program and skill files changed. */
const COMMAND: Record<Phase, (project: PulumiProject) => Promise<unknown>> = {
  create: (project) => project.up(),
  preview: (project) => project.run(["preview", "--expect-no-changes"]),
  up: (project) => project.up("--expect-no-changes"),
  update: (project) => project.up(),
  refresh: (project) => project.refresh(),
  destroy: (project) => project.destroy(),
};

interface RunSetting {
  flavor: Flavor;
  size: number;
  phases: readonly Phase[];
  emulator: RunningEmulator;
  binDir: string;
  /** This package as the benchmark started (snapshotPackage). */
  packageDir: string;
  /** Export the state after create (once per provider and cell: it costs a CLI run, outside the timings). */
  withState: boolean;
  baseline: Baseline;
}

function writeFiles(project: PulumiProject, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) project.writeFile(file, text);
}

/** One stack from create to destroy: seconds, requests by route per phase, peak provider memory, state size. */
async function runOnce(setting: RunSetting, sampler: ProviderPeakSampler): Promise<RunResult> {
  const { flavor, size, emulator } = setting;
  emulator.admin.reset({ keepFaults: true });
  const project = await PulumiProject.create({
    name: `bench-${flavor}`,
    program: fleetProgram(flavor, size, 0, setting.baseline),
    binDir: setting.binDir,
  });
  const cpuSeconds: Partial<Record<Phase, number>> = {};
  const result: RunResult = { seconds: {}, cpuSeconds, requests: {} };
  try {
    if (flavor === "ours") installSnapshot(project.dir, setting.packageDir);
    else installBaseline(project.dir);
    writeFiles(project, skillFiles(size, 0));
    await project.setConfig("qoder:baseUrl", emulator.baseUrl);
    await project.setConfig("qoder:token", ENGINE_TOKEN, { secret: true });
    for (const phase of setting.phases) {
      if (phase === "update") {
        project.writeProgram(fleetProgram(flavor, size, 1, setting.baseline));
        writeFiles(project, skillFiles(size, 1));
      }
      const before = emulator.admin.stats().counters;
      sampler.start();
      const cpuBefore = childCpuSeconds();
      const started = performance.now();
      try {
        await COMMAND[phase](project);
      } catch (err) {
        throw new Error(`${flavor}, ${size} resources, ${PHASE_LABEL[phase]}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        result.seconds[phase] = (performance.now() - started) / 1000;
        const cpuAfter = childCpuSeconds();
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpuSeconds[phase] = cpuAfter - cpuBefore;
        const peak = sampler.stop();
        if (peak !== undefined) result.peakKb = Math.max(result.peakKb ?? 0, peak);
      }
      result.requests[phase] = requestsBetween(before, emulator.admin.stats().counters);
      if (phase === "create" && setting.withState) result.state = stateFacts(await project.exportState());
    }
    return result;
  } finally {
    project.dispose();
  }
}

function progress(cell: CellResult, run: number, flavor: Flavor, result: RunResult, phases: readonly Phase[]): void {
  const times = phases.map((phase) => `${PHASE_LABEL[phase]} ${result.seconds[phase]?.toFixed(1)} s`).join(", ");
  console.error(`  ${cell.size} resources, ${cell.latencyMs} ms, run ${run + 1}, ${flavor}: ${times}`);
}

interface Tools {
  binDir: string;
  packageDir: string;
  sampler: ProviderPeakSampler;
}

async function measureCell(size: number, latencyMs: number, opts: Options, tools: Tools): Promise<CellResult> {
  const cell: CellResult = { size, latencyMs, runs: { ours: [], baseline: [] } };
  const emulator = await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 });
  try {
    if (latencyMs > 0) emulator.admin.addFault({ kind: "latency", latencyMs });
    for (let run = 0; run < opts.runs; run++) {
      // Alternate who goes first, so a machine that warms up or gets busier favours neither.
      const order: Flavor[] = run % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
      for (const flavor of order) {
        const withState = cell.runs[flavor].length === 0;
        const result = await runOnce({ flavor, size, phases: opts.phases, emulator, ...tools, withState, baseline: opts.baseline }, tools.sampler);
        cell.runs[flavor].push(result);
        progress(cell, run, flavor, result, opts.phases);
      }
    }
    return cell;
  } finally {
    await emulator.stop();
  }
}

/** The commit the build comes from, and whether the sources differed from it (others' work in progress). */
function buildIdentity(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: path.join(__dirname, ".."), encoding: "utf8" }).trim();
  try {
    const changed = git("status", "--porcelain", "--", "provider", "emulator", "package.json") !== "";
    return `commit ${git("rev-parse", "--short", "HEAD")}${changed ? " with uncommitted changes in provider/, emulator/ or package.json" : ""}`;
  } catch {
    return "an unknown commit (no git)";
  }
}

async function main(): Promise<void> {
  const opts = options();
  // PulumiProject and the snapshot make their directories under the temp directory, as do the CLI's children.
  process.env.TMPDIR = opts.dir;
  const { ensurePulumiCli } = (await import(path.join(__dirname, "pulumi-cli.mjs"))) as { ensurePulumiCli: EnsureCli };
  const cli = await ensurePulumiCli();
  const snapshot = snapshotPackage();
  const tools: Tools = { binDir: cli.binDir, packageDir: snapshot.dir, sampler: new ProviderPeakSampler() };
  const print = (line: string) => console.log(line);
  const started = performance.now();
  const against = opts.baseline === "bare" ? "the bare baseline provider" : "the baseline provider with the __identity input";
  print(`pulumi-qoder benchmark: our provider against ${against} (scripts/lib/baseline)`);
  print(machineLine(cli.version));
  print(`build: dist/ of ${buildIdentity()}, copied once at the start`);
  print(`sizes ${opts.sizes.join(", ")}; API latency ${opts.latencies.join(", ")} ms; ${opts.runs} run(s) each, interleaved`);
  print(`projects and their file backends in ${opts.dir}`);
  for (const size of opts.sizes) print(`fleet of ${fleetLine(size)}`);
  print(PHASES_LEGEND);
  const cells: CellResult[] = [];
  try {
    for (const size of opts.sizes) {
      for (const latencyMs of opts.latencies) {
        const cell = await measureCell(size, latencyMs, opts, tools);
        cells.push(cell);
        printCell(cell, opts.phases, print);
      }
    }
  } finally {
    snapshot.dispose();
  }
  printSummary(cells, opts.phases, print);
  print("");
  print(`benchmark took ${((performance.now() - started) / 60_000).toFixed(1)} min`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
