// The package entry (`import * as qoder from "pulumi-qoder"`): the resource classes and their types, the
// API client, the lookups and the Qoder type tokens. A program that only declares resources loads the
// resource classes and nothing else: the client and the lookups (and with them undici, yaml, zod and the
// wire schemas) load on first use, so every `pulumi preview` starts that much sooner
// (test/engine/package-fit.test.ts; docs/performance.md). The getters are defined on the compiled CommonJS
// module; code loaded another way (a test runner's own transform) imports the client and lookups from theirs.
import type * as Client from "./client";
import type * as Lookups from "./lookups";

export * from "./resources";
export type { ClientOptions } from "./client";
export type * from "./lookups";

// The values, declared with their real types and defined below as getters that load their module. `let`,
// not `declare`: the compiled `exports.<name> = void 0` lines are how Node finds the names for an ES module's
// `import { getAgent } from "pulumi-qoder"` (the getters replace those placeholders before anyone reads them).
export let client: typeof Client;
export let createClient: typeof Client.createClient;
export let QoderClient: typeof Client.QoderClient;
export type QoderClient = Client.QoderClient;
export let LookupError: typeof Lookups.LookupError;
export type LookupError = Lookups.LookupError;
export let closeLookupClients: typeof Lookups.closeLookupClients;
export let getAgent: typeof Lookups.getAgent;
export let getAgentOutput: typeof Lookups.getAgentOutput;
export let getEnvironment: typeof Lookups.getEnvironment;
export let getEnvironmentOutput: typeof Lookups.getEnvironmentOutput;
export let getSkill: typeof Lookups.getSkill;
export let getSkillOutput: typeof Lookups.getSkillOutput;
export let getVault: typeof Lookups.getVault;
export let getVaultOutput: typeof Lookups.getVaultOutput;
export let getMemoryStore: typeof Lookups.getMemoryStore;
export let getMemoryStoreOutput: typeof Lookups.getMemoryStoreOutput;
export let getFile: typeof Lookups.getFile;
export let getFileOutput: typeof Lookups.getFileOutput;
export let getDeployment: typeof Lookups.getDeployment;
export let getDeploymentOutput: typeof Lookups.getDeploymentOutput;
export let listAgents: typeof Lookups.listAgents;
export let listAgentsOutput: typeof Lookups.listAgentsOutput;
export let listEnvironments: typeof Lookups.listEnvironments;
export let listEnvironmentsOutput: typeof Lookups.listEnvironmentsOutput;
export let listSkills: typeof Lookups.listSkills;
export let listSkillsOutput: typeof Lookups.listSkillsOutput;
export let listVaults: typeof Lookups.listVaults;
export let listVaultsOutput: typeof Lookups.listVaultsOutput;
export let listMemoryStores: typeof Lookups.listMemoryStores;
export let listMemoryStoresOutput: typeof Lookups.listMemoryStoresOutput;
export let listFiles: typeof Lookups.listFiles;
export let listFilesOutput: typeof Lookups.listFilesOutput;
export let listDeployments: typeof Lookups.listDeployments;
export let listDeploymentsOutput: typeof Lookups.listDeploymentsOutput;

/** Every value `./lookups` exports; the compiler checks the list is complete (`LOOKUPS_COMPLETE`). */
const LOOKUP_VALUES = [
  "LookupError",
  "closeLookupClients",
  "getAgent",
  "getAgentOutput",
  "getEnvironment",
  "getEnvironmentOutput",
  "getSkill",
  "getSkillOutput",
  "getVault",
  "getVaultOutput",
  "getMemoryStore",
  "getMemoryStoreOutput",
  "getFile",
  "getFileOutput",
  "getDeployment",
  "getDeploymentOutput",
  "listAgents",
  "listAgentsOutput",
  "listEnvironments",
  "listEnvironmentsOutput",
  "listSkills",
  "listSkillsOutput",
  "listVaults",
  "listVaultsOutput",
  "listMemoryStores",
  "listMemoryStoresOutput",
  "listFiles",
  "listFilesOutput",
  "listDeployments",
  "listDeploymentsOutput",
] as const satisfies readonly (keyof typeof Lookups)[];
type Unlisted = Exclude<keyof typeof Lookups, (typeof LOOKUP_VALUES)[number]>;
const LOOKUPS_COMPLETE: [Unlisted] extends [never] ? true : Unlisted = true;
void LOOKUPS_COMPLETE;

/** Defines `names` on this module's exports as enumerable getters reading `load()`'s module. */
function lazily(names: readonly string[], load: () => Record<string, unknown>): void {
  for (const name of names) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
}

const loadClient = () => require("./client") as typeof Client & Record<string, unknown>;
lazily(["client"], () => ({ client: loadClient() }));
lazily(["createClient", "QoderClient"], loadClient);
lazily(LOOKUP_VALUES, () => require("./lookups") as typeof Lookups & Record<string, unknown>);
