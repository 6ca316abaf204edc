// The rate-limit run from the command line (scripts/lib/rate-limit-run.ts): a fault-free `up` of N resources,
// then one through a gateway limiter on every route, and their numbers. Exits 1 unless both converge, the
// limiter answered 429s, and the limited run stays within 1.1x the fault-free requests beyond its 429s.
// Run: npm run bench:rate-limit [-- <resources> --rate <per second> --burst <n> --latency <ms>]
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatRateLimitRun, MAX_REQUEST_RATIO, rateLimitRun } from "./lib/rate-limit-run";

type EnsureCli = () => Promise<{ binDir: string; version: string }>;

const USAGE = `usage: npm run bench:rate-limit -- [<resources>] [--rate <n>] [--burst <n>] [--latency <ms>]
  <resources>  fleet size (default 500): environments, agents, memory stores and memories in turn
  --rate       the limiter's requests per second (default: half the fault-free run's request rate)
  --burst      the limiter's bucket (default: half a second's worth)
  --latency    ms the emulator adds to every request of both runs (default 0)`;

function whole(text: string | undefined, least: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) throw new Error(`expected a whole number of ${least} or more, got "${text}"\n${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rate: { type: "string" }, burst: { type: "string" }, latency: { type: "string" }, help: { type: "boolean", default: false } },
  });
  if (values.help) return console.log(USAGE);
  const resources = whole(positionals[0], 1) ?? 500;
  const { ensurePulumiCli } = (await import(path.join(__dirname, "pulumi-cli.mjs"))) as { ensurePulumiCli: EnsureCli };
  const cli = await ensurePulumiCli();
  console.log(`pulumi v${cli.version}`);
  const run = await rateLimitRun({
    resources,
    binDir: cli.binDir,
    ratePerSecond: whole(values.rate, 1),
    burst: whole(values.burst, 1),
    latencyMs: whole(values.latency, 0),
    log: (line) => console.log(line),
  });
  for (const line of formatRateLimitRun(run)) console.log(line);
  const passed = run.faultFree.converged && run.limited.converged && run.limited.throttled > 0 && run.ratio <= MAX_REQUEST_RATIO;
  if (!passed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
