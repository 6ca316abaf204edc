// What the serialized entry points reach at call time (`require("pulumi-qoder/runtime")`): configure, and
// the lifecycle of each kind. Loaded only inside the dynamic-provider process.
import { configureConnection, type ConfigReader } from "./settings";
import type { Lifecycle } from "./engine";

/** The kinds an entry module may name (`resources/entry/<kind>.ts`); state holds these names. */
export type KindName =
  | "agent"
  | "environment"
  | "skill"
  | "vault"
  | "vault-credential"
  | "memory-store"
  | "memory"
  | "file"
  | "deployment"
  | "stack-identity";

export async function configure(req: { config: ConfigReader }): Promise<void> {
  configureConnection(req.config);
}

// Loaded on first use: the provider process loads the modules of the kinds the stack holds, no others.
const loaders: Record<KindName, () => Lifecycle> = {
  agent: () => (require("./agent") as typeof import("./agent")).agentLifecycle,
  environment: () => (require("./environment") as typeof import("./environment")).environmentLifecycle,
  skill: () => (require("./skill") as typeof import("./skill")).skillLifecycle,
  vault: () => (require("./vault") as typeof import("./vault")).vaultLifecycle,
  "vault-credential": () => (require("./vault-credential") as typeof import("./vault-credential")).vaultCredentialLifecycle,
  "memory-store": () => (require("./memory-store") as typeof import("./memory-store")).memoryStoreLifecycle,
  memory: () => (require("./memory") as typeof import("./memory")).memoryLifecycle,
  file: () => (require("./file") as typeof import("./file")).fileLifecycle,
  deployment: () => (require("./deployment") as typeof import("./deployment")).deploymentLifecycle,
  "stack-identity": () => (require("./stack-identity") as typeof import("./stack-identity")).stackIdentityLifecycle,
};

export function lifecycle(kind: KindName): Lifecycle {
  const load = loaders[kind] as (() => Lifecycle) | undefined;
  if (!load) throw new Error(`unknown Qoder resource kind "${kind}"`);
  return load();
}

/**
 * What each serialized method calls (entry-point.ts): `configure`, or one lifecycle method of a kind. Whatever
 * it throws leaves as one paragraph, its stack only in Pulumi's debug output (failure-report.ts).
 */
export async function run(kind: KindName, method: string, args: unknown[]): Promise<unknown> {
  try {
    if (method === "configure") return await configure(args[0] as { config: ConfigReader });
    const target = lifecycle(kind) as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>;
    const call = target[method];
    if (!call) throw new Error(`unknown provider method "${method}"`);
    return await call(...args);
  } catch (err) {
    throw await (require("./failure-report") as typeof import("./failure-report")).providerFailure(err, kind, method, args);
  }
}
