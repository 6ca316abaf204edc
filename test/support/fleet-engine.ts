// Engine tests of Qoder resources: an emulator per test file and a Pulumi project configured against it the
// way a user configures a real account (scripts/lib/fleet-stack.ts, shared with the benchmarks).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { connected, ENGINE_TOKEN, fleetStack as sharedFleetStack, type FleetStack } from "../../scripts/lib/fleet-stack";
import { PulumiProject, pulumiBinDir, repoRoot } from "./pulumi";

export { ENGINE_TOKEN, type FleetStack } from "../../scripts/lib/fleet-stack";

/** `program` is CommonJS that may `require("pulumi-qoder")`; `binDir` defaults to the engine tier's CLI. */
export async function fleetStack(name: string, program: string, options: { binDir?: string } = {}): Promise<FleetStack> {
  return sharedFleetStack(name, program, { binDir: options.binDir ?? (await pulumiBinDir()) });
}

/**
 * The repository's own fleet program (the root Pulumi.yaml) with an example's stack file, against a fresh
 * emulator. The project directory is laid out like a checkout of this repository: Pulumi.yaml, the example's
 * files, a copy of program/, and node_modules as a link to this repository's, so the dynamic providers resolve
 * `pulumi-qoder` through the root's node_modules (its npm `file:.` link) exactly as at the root.
 * `example` may also be an absolute directory; `emulator` (an already seeded account, which the stack then
 * owns and stops) replaces the fresh one, and must accept ENGINE_TOKEN.
 */
export async function rootFleetStack(
  example: string,
  options: { stack?: string; binDir?: string; emulator?: RunningEmulator } = {},
): Promise<FleetStack> {
  const emulator = options.emulator ?? (await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-fleet-"));
  fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.cpSync(path.resolve(repoRoot, "examples", example), dir, { recursive: true });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  // A copy, not a link: the provider process runs in the program's real directory and finds the project
  // (the Pulumi.yaml that skill directories must stay under) above it, as in a checkout.
  fs.cpSync(path.join(repoRoot, "program"), path.join(dir, "program"), { recursive: true });
  const project = await PulumiProject.open(dir, { stack: options.stack ?? "dev", binDir: options.binDir });
  return connected(emulator, project);
}

/** The JSON of one stored object as the emulator holds it (snake_case wire form). */
export function stored(stack: FleetStack, collection: string, id: string): Record<string, unknown> {
  const object = stack.emulator.admin.get(collection, id);
  if (!object) throw new Error(`${collection}/${id} is not in the emulator`);
  return object as Record<string, unknown>;
}
