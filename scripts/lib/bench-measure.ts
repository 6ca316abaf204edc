// What `npm run bench` measures besides wall-clock time: the CPU time of a command's process tree and the
// peak memory of the dynamic-provider processes it starts (both from /proc), the API requests a phase made
// by route, and the size of a stack's state. Linux /proc only; elsewhere CPU and peak are unknown.
import * as fs from "node:fs";

/**
 * The dynamic-provider host: `node …/@pulumi/pulumi/cmd/dynamic-provider/index.js <engine address>`, the child
 * of the plugin's sh wrapper `pulumi-resource-pulumi-nodejs` (whose own `node -e require.resolve(…)` does not
 * match).
 */
const PROVIDER_MARK = "cmd/dynamic-provider/index.js";

/**
 * Polls /proc (every `intervalMs`) for dynamic-provider processes that descend from this process, and keeps
 * the largest VmHWM (peak resident set) any of them reached. Other people's `pulumi` runs on the same
 * machine are not descendants, so they never count.
 */
export class ProviderPeakSampler {
  private timer: NodeJS.Timeout | undefined;
  private peakKb = 0;
  private readonly verdicts = new Map<number, boolean>();
  readonly supported = fs.existsSync("/proc/self/status");

  constructor(private readonly intervalMs = 100) {}

  start(): void {
    this.peakKb = 0;
    if (!this.supported) return;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops polling; answers the peak in kB seen since `start`, or undefined without /proc or no process. */
  stop(): number | undefined {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.supported) this.sample();
    return this.peakKb > 0 ? this.peakKb : undefined;
  }

  private sample(): void {
    for (const entry of readDir("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || !this.isOurProvider(pid)) continue;
      const status = readText(`/proc/${pid}/status`);
      const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status ?? "")?.[1] ?? /^VmRSS:\s+(\d+) kB/m.exec(status ?? "")?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, kb);
    }
  }

  private isOurProvider(pid: number): boolean {
    const known = this.verdicts.get(pid);
    if (known !== undefined) return known;
    const cmdline = readText(`/proc/${pid}/cmdline`)?.replaceAll("\0", " ") ?? "";
    const verdict = cmdline.includes(PROVIDER_MARK) && descendsFrom(pid, process.pid);
    // A process not yet ours may still exec into the provider: only remember a yes, or a pid outside our tree.
    if (verdict || !descendsFrom(pid, process.pid)) this.verdicts.set(pid, verdict);
    return verdict;
  }
}

function descendsFrom(pid: number, ancestor: number): boolean {
  for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
    if (current === ancestor) return true;
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ")".
    const stat = readText(`/proc/${current}/stat`);
    const ppid = Number(stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!Number.isInteger(ppid)) return false;
    current = ppid;
  }
  return false;
}

function readDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * User and system CPU seconds of every child process of this one that has ended and been waited for, and of
 * theirs: a `pulumi` command, once it exits, with its language host, program and provider processes (each
 * parent waits for its children). The emulator runs inside this process, so its time is not counted.
 * /proc/self/stat fields 16 and 17 (cutime, cstime), after the ")" that ends the command name; the kernel
 * reports them in USER_HZ, 100 per second on Linux. Undefined without /proc.
 */
export function childCpuSeconds(): number | undefined {
  const stat = readText("/proc/self/stat");
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[13]) + Number(fields[14]);
  return Number.isFinite(ticks) ? ticks / 100 : undefined;
}

/** Requests by route (`POST /agents`) made between two snapshots of the emulator's counters. */
export function requestsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, count] of Object.entries(after)) {
    const made = count - (before[route] ?? 0);
    if (made > 0) out[route] = made;
  }
  return out;
}

export interface StateFacts {
  /** Dynamic resources in state (ours holds one StackIdentity besides the fleet). */
  resources: number;
  /** Of those, the ones that are not fleet resources (StackIdentity). */
  extra: number;
  /** Bytes of `pulumi stack export` divided by `resources`. */
  stateBytesPerResource: number;
  /** Mean length of the serialized provider (`__provider`) of those resources. */
  providerBytesPerResource: number;
}

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export function stateFacts(exported: string): StateFacts {
  const resources = (JSON.parse(exported) as { deployment: { resources?: ExportedResource[] } }).deployment.resources ?? [];
  const dynamic = resources.filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"));
  const providerBytes = dynamic.map((resource) => Buffer.byteLength(String(resource.outputs?.__provider ?? resource.inputs?.__provider ?? "")));
  const count = Math.max(dynamic.length, 1);
  return {
    resources: dynamic.length,
    extra: dynamic.filter((resource) => resource.type.endsWith(":StackIdentity")).length,
    stateBytesPerResource: Buffer.byteLength(exported) / count,
    providerBytesPerResource: providerBytes.reduce((sum, bytes) => sum + bytes, 0) / count,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
