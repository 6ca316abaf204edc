// Benchmark: how `pulumi preview`, `up` and `refresh` scale with fleet size on the real CLI against the
// emulator. check and diff make no API call, so a no-change preview should grow with the resource count
// only, and make zero requests. Run: npm run bench:preview [-- <units> ...]   (a unit is 4 resources)
import * as path from "node:path";
import { fleetStack } from "./lib/fleet-stack";

type EnsureCli = () => Promise<{ binDir: string; version: string }>;

/** One unit: an environment, an agent, a memory store and a seed memory. */
function program(count: number): string {
  return `
const qoder = require("pulumi-qoder");
for (let i = 0; i < ${count}; i++) {
  new qoder.Environment("env-" + i, { name: "env-" + i, config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.example.com"] } } });
  new qoder.Agent("agent-" + i, { name: "agent-" + i, model: "auto", system: "Agent number " + i, metadata: { team: "bench" } });
  const store = new qoder.MemoryStore("store-" + i, { name: "store-" + i, deletionPolicy: "delete" });
  new qoder.Memory("memory-" + i, { memoryStoreId: store.id, path: "notes.md", content: "Seed " + i });
}
`;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const units = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const sizes = units.length > 0 ? units : [5, 25, 50];
  const { ensurePulumiCli } = (await import(path.join(__dirname, "pulumi-cli.mjs"))) as { ensurePulumiCli: EnsureCli };
  const cli = await ensurePulumiCli();
  console.log(`pulumi v${cli.version}; seconds per command, [requests the API received]`);
  console.log("resources | preview (new) | up           | preview (no changes) | refresh");
  for (const count of sizes) {
    const stack = await fleetStack(`bench-${count}`, program(count), { binDir: cli.binDir });
    const requests = () => stack.emulator.admin.stats().total;
    try {
      const steps = [
        () => stack.project.run(["preview"]),
        () => stack.project.up(),
        () => stack.project.previewNoChanges(),
        () => stack.project.refresh(),
      ];
      const cells: string[] = [];
      for (const step of steps) {
        const before = requests();
        const seconds = await timed(step);
        cells.push(`${seconds.toFixed(1)} s [${requests() - before}]`);
      }
      await stack.project.destroy();
      const widths = [13, 12, 20, 12];
      console.log(`${String(count * 4).padStart(9)} | ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 12)).join(" | ")}`);
    } finally {
      await stack.dispose();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
