// A throwaway Pulumi project against a fresh emulator, configured the way a user configures a real account
// (`qoder:baseUrl`, and `qoder:token` as a secret). Shared by the engine tests (test/support/fleet-engine.ts)
// and the benchmarks, so no script imports from test/.
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PulumiProject } from "./pulumi-project";

export const ENGINE_TOKEN = "pt-engine-test-token-do-not-leak";

export interface FleetStack {
  emulator: RunningEmulator;
  project: PulumiProject;
  dispose(): Promise<void>;
}

/** `program` is CommonJS that may `require("pulumi-qoder")`; `binDir` holds `pulumi`. */
export async function fleetStack(name: string, program: string, options: { binDir: string }): Promise<FleetStack> {
  const emulator = await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 });
  const project = await PulumiProject.create({ name, program, binDir: options.binDir });
  return connected(emulator, project);
}

/** Points the project at the emulator the way a user points it at an account. */
export async function connected(emulator: RunningEmulator, project: PulumiProject): Promise<FleetStack> {
  await project.setConfig("qoder:baseUrl", emulator.baseUrl);
  await project.setConfig("qoder:token", ENGINE_TOKEN, { secret: true });
  return {
    emulator,
    project,
    async dispose() {
      project.dispose();
      await emulator.stop();
    },
  };
}
