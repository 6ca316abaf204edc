// Engine tests of Qoder resources: an emulator per test file and a Pulumi project configured against it the
// way a user configures a real account (`qoder:baseUrl`, and `qoder:token` as a secret).
import { startEmulator, type RunningEmulator } from "../../emulator";
import { PulumiProject } from "./pulumi";

export const ENGINE_TOKEN = "pt-engine0test0token0do0not0leak";

export interface FleetStack {
  emulator: RunningEmulator;
  project: PulumiProject;
  dispose(): Promise<void>;
}

/** `program` is CommonJS that may `require("pulumi-qoder")`; `binDir` is needed outside vitest only. */
export async function fleetStack(name: string, program: string, options: { binDir?: string } = {}): Promise<FleetStack> {
  const emulator = await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 });
  const project = await PulumiProject.create({ name, program, binDir: options.binDir });
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

/** The JSON of one stored object as the emulator holds it (snake_case wire form). */
export function stored(stack: FleetStack, collection: string, id: string): Record<string, unknown> {
  const object = stack.emulator.admin.get(collection, id);
  if (!object) throw new Error(`${collection}/${id} is not in the emulator`);
  return object as Record<string, unknown>;
}
