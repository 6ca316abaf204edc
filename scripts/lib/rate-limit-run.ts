// The rate-limit run: a fleet of N resources goes up once against a fault-free emulator and once, on a fresh
// stack, through a gateway limiter on every route (emulator/faults.ts `ratePerSecond`) that really binds. It
// reports each run's seconds, requests (by route) and 429s, and whether every resource was created, so the
// limited run can be held to "converges, and no more than 1.1x the fault-free requests beyond the retried
// 429s". Used by test/engine/rate-limit.test.ts and scripts/bench-rate-limit.ts; exported for scripts/bench.ts
// too.
import type { RunningEmulator } from "../../emulator";
import { type FleetStack, fleetStack } from "./fleet-stack";
import type { PulumiProject } from "./pulumi-project";

/** The kinds a fleet of N takes in turn; each memory goes into the store just before it. */
const CYCLE = [
  { kind: "Environment", collection: "environments" },
  { kind: "Agent", collection: "agents" },
  { kind: "MemoryStore", collection: "memory_stores" },
  { kind: "Memory", collection: "memories" },
] as const;
type Kind = (typeof CYCLE)[number]["kind"];

const TYPE_PREFIX = "pulumi-nodejs:dynamic/qoder:";

/** The limit the issue sets: limited requests, less the 429s, over the fault-free requests. */
export const MAX_REQUEST_RATIO = 1.1;

export interface RateLimitRunOptions {
  /** Resources in each fleet: environments, agents, memory stores and memories in turn. */
  resources: number;
  /** The directory holding `pulumi`. */
  binDir: string;
  /** The limiter's rate; by default half the fault-free run's request rate, so it binds. */
  ratePerSecond?: number;
  /** The limiter's bucket; by default half a second's worth, so a small fleet cannot go up on the burst alone. */
  burst?: number;
  /** Latency the emulator adds to every request of both runs (a real API answers in tens of ms, not 2). */
  latencyMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface UpNumbers {
  seconds: number;
  /** Every request the API received during `up`, 429s included. */
  requests: number;
  /** 429s the limiter answered. */
  throttled: number;
  /** Requests by `METHOD /route`. */
  byRoute: Record<string, number>;
  /** Requests per second while requests were being made (first to last request of the log). */
  requestRate: number;
  /** `up` succeeded, and the API and the state hold exactly the declared objects, with no pending operation. */
  converged: boolean;
  /** Objects per emulator collection. */
  objects: Record<string, number>;
  /** Qoder resources in `pulumi stack export`. */
  inState: number;
  /** The end of `up`'s output when it failed. */
  failure?: string;
}

export interface RateLimitRun {
  resources: number;
  latencyMs: number;
  limiter: { ratePerSecond: number; burst: number };
  faultFree: UpNumbers;
  limited: UpNumbers;
  /** (limited requests - 429s) / fault-free requests. */
  ratio: number;
}

/** Runs both `up`s, one after the other, each on its own emulator and stack. */
export async function rateLimitRun(options: RateLimitRunOptions): Promise<RateLimitRun> {
  const log = options.log ?? (() => {});
  log(`rate-limit run: ${options.resources} resources, fault-free up`);
  const faultFree = await measuredUp(`rate-limit-free-${options.resources}`, options, undefined);
  const ratePerSecond = options.ratePerSecond ?? Math.max(1, Math.floor(faultFree.requestRate / 2));
  const burst = options.burst ?? Math.max(1, Math.floor(ratePerSecond / 2));
  log(
    `rate-limit run: fault-free ${faultFree.requests} requests at ${faultFree.requestRate.toFixed(1)}/s; limited up at ${ratePerSecond}/s, burst ${burst}`,
  );
  const limited = await measuredUp(`rate-limit-limited-${options.resources}`, options, { ratePerSecond, burst });
  return {
    resources: options.resources,
    latencyMs: options.latencyMs ?? 0,
    limiter: { ratePerSecond, burst },
    faultFree,
    limited,
    ratio: (limited.requests - limited.throttled) / faultFree.requests,
  };
}

/** The report lines of a run. */
export function formatRateLimitRun(run: RateLimitRun): string[] {
  const row = (label: string, up: UpNumbers) =>
    `${label.padEnd(10)} ${up.seconds.toFixed(1).padStart(6)} s ${String(up.requests).padStart(6)} requests ${String(up.throttled).padStart(5)} x 429  ${up.requestRate.toFixed(1).padStart(6)}/s  ${up.converged ? "converged" : `NOT converged${up.failure ? `: ${up.failure.split("\n").slice(-5).join(" | ")}` : ""}`}`;
  const routes = (up: UpNumbers) =>
    Object.entries(up.byRoute)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, n]) => `${route}=${n}`)
      .join(" ");
  return [
    `rate-limit run: ${run.resources} resources, API latency ${run.latencyMs} ms; limiter ${run.limiter.ratePerSecond}/s, burst ${run.limiter.burst}, on every route`,
    row("fault-free", run.faultFree),
    row("limited", run.limited),
    `limited requests - 429s = ${run.limited.requests - run.limited.throttled} vs fault-free ${run.faultFree.requests}: ratio ${run.ratio.toFixed(3)} (at most ${MAX_REQUEST_RATIO})`,
    `fault-free by route: ${routes(run.faultFree)}`,
    `limited by route:    ${routes(run.limited)}`,
  ];
}

/** The program: `resources` resources of the CYCLE's kinds, in turn. */
export function rateLimitProgram(resources: number): string {
  return `"use strict";
const qoder = require("pulumi-qoder");
let store;
for (let i = 0; i < ${resources}; i++) {
  const name = "rl-" + i;
  switch (i % 4) {
    case 0:
      new qoder.Environment(name, { name, config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.example.com"] } } });
      break;
    case 1:
      new qoder.Agent(name, { name, model: "auto", system: "Agent number " + i, metadata: { team: "rate-limit" } });
      break;
    case 2:
      store = new qoder.MemoryStore(name, { name, deletionPolicy: "delete" });
      break;
    default:
      new qoder.Memory(name, { memoryStoreId: store.id, path: "notes.md", content: "Seed " + i });
  }
}
`;
}

/** How many objects of each collection a fleet of `resources` declares. */
export function expectedObjects(resources: number): Record<string, number> {
  const out = Object.fromEntries(CYCLE.map(({ collection }) => [collection, 0]));
  for (let i = 0; i < resources; i++) out[CYCLE[i % CYCLE.length]!.collection]! += 1;
  return out;
}

async function measuredUp(
  name: string,
  options: RateLimitRunOptions,
  limiter: { ratePerSecond: number; burst: number } | undefined,
): Promise<UpNumbers> {
  const stack = await fleetStack(name, rateLimitProgram(options.resources), { binDir: options.binDir });
  try {
    if (options.latencyMs) stack.emulator.admin.addFault({ kind: "latency", latencyMs: options.latencyMs });
    const fault = limiter ? stack.emulator.admin.addFault({ kind: "rate-limit", ...limiter }) : undefined;
    stack.emulator.admin.clearLog();
    const started = performance.now();
    const failure = await stack.project.up().then(
      () => undefined,
      (error: unknown) => String(error),
    );
    const seconds = (performance.now() - started) / 1000;
    const { total, counters } = stack.emulator.admin.stats();
    const throttled = fault ? (stack.emulator.admin.faults().find((active) => active.id === fault.id)?.hits ?? 0) : 0;
    const census = await censusOf(stack, options.resources);
    return {
      seconds,
      requests: total,
      throttled,
      byRoute: counters,
      requestRate: requestRate(stack.emulator, total, seconds),
      converged: failure === undefined && census.matches,
      objects: census.objects,
      inState: census.inState,
      ...(failure === undefined ? {} : { failure }),
    };
  } finally {
    await stack.dispose();
  }
}

/** Requests per second between the first and the last request, when the log still holds them all. */
function requestRate(emulator: RunningEmulator, total: number, seconds: number): number {
  const entries = emulator.admin.requests();
  const first = entries[0];
  const last = entries.at(-1);
  if (!first || !last || entries.length < total) return total / seconds;
  const window = (Date.parse(last.time) - Date.parse(first.time)) / 1000;
  return window > 0 ? total / window : total / seconds;
}

/** The objects in the emulator and in state, against what the program declares. */
async function censusOf(stack: FleetStack, resources: number): Promise<{ matches: boolean; objects: Record<string, number>; inState: number }> {
  const expected = expectedObjects(resources);
  const objects = Object.fromEntries(Object.keys(expected).map((collection) => [collection, stack.emulator.admin.list(collection).length]));
  const state = await stateOf(stack.project);
  const inStateByKind = Object.fromEntries(CYCLE.map(({ kind }) => [kind, state.kinds[kind] ?? 0]));
  const matches =
    CYCLE.every(({ kind, collection }) => objects[collection] === expected[collection] && inStateByKind[kind] === expected[collection]) &&
    state.pending === 0;
  return { matches, objects, inState: Object.values(inStateByKind).reduce((a, b) => a + b, 0) };
}

interface Checkpoint {
  deployment: { resources?: { type: string; id?: string }[]; pending_operations?: unknown[] };
}

async function stateOf(project: PulumiProject): Promise<{ kinds: Partial<Record<Kind, number>>; pending: number }> {
  const checkpoint = JSON.parse(await project.exportState()) as Checkpoint;
  const kinds: Partial<Record<Kind, number>> = {};
  for (const resource of checkpoint.deployment.resources ?? []) {
    if (!resource.type.startsWith(TYPE_PREFIX) || !resource.id) continue;
    const kind = resource.type.slice(TYPE_PREFIX.length) as Kind;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return { kinds, pending: checkpoint.deployment.pending_operations?.length ?? 0 };
}
