// What the serialized entry points reach at call time (`require("pulumi-qoder/runtime")`): configure, and
// the lifecycle of each kind. Loaded only inside the dynamic-provider process.
import { configureConnection, type ConfigReader } from "./connection";
import type { KindName } from "./entry-point";
import type { Lifecycle } from "./kind";

export async function configure(req: { config: ConfigReader }): Promise<void> {
  configureConnection(req.config);
}

const loaders: Partial<Record<KindName, () => Lifecycle>> = {
  agent: () => (require("./agent") as typeof import("./agent")).agentLifecycle,
  environment: () => (require("./environment") as typeof import("./environment")).environmentLifecycle,
};

export function lifecycle(kind: KindName): Lifecycle {
  const load = loaders[kind];
  if (!load) throw new Error(`unknown Qoder resource kind "${kind}"`);
  return load();
}
