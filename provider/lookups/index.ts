// Lookups for Pulumi programs (`pulumi-qoder/lookups`, and the package entry): read an object another team
// owns, by id or by listing, without managing it. Each has a Promise form (`getAgent({ id })`) and an Output
// form (`getAgentOutput({ id: other.id })`), like Pulumi's invokes. They read the stack's own connection
// config (connection.ts) and call the API when the program runs, in a preview too. Program side: loads the
// client, never the provider process (lifecycle/ beyond its pure rules) or the Resource classes.
import { type DeploymentListParams, type FileListParams, isNotFound, type QoderClient } from "../client";
import { agentKind } from "../kinds/agent";
import { deploymentKind } from "../kinds/deployment";
import { environmentKind } from "../kinds/environment";
import { fileKind } from "../kinds/file";
import { memoryStoreKind } from "../kinds/memory-store";
import { skillKind } from "../kinds/skill";
import { vaultKind } from "../kinds/vault";
import { byId, listing, listOutputForm, outputForm } from "./invoke";
import {
  agentResult,
  deploymentHoldsSecrets,
  deploymentResult,
  environmentResult,
  fileResult,
  type GetDeploymentResult,
  type GetSkillResult,
  memoryStoreResult,
  skillResult,
  vaultResult,
} from "./shapes";

export { closeLookupClients, type LookupConfig, type LookupOptions } from "./connection";
export { LookupError, type OutputArgs } from "./invoke";
export type {
  GetAgentResult,
  GetDeploymentResult,
  GetEnvironmentResult,
  GetFileResult,
  GetMemoryStoreResult,
  GetSkillResult,
  GetVaultResult,
  Managed,
} from "./shapes";

/** Full pages: fewer requests on a large account. */
const PAGE = 100;

/** The arguments of every by-id lookup. */
export interface GetByIdArgs {
  id: string;
}
export type GetAgentArgs = GetByIdArgs;
export type GetEnvironmentArgs = GetByIdArgs;
export type GetSkillArgs = GetByIdArgs;
export type GetVaultArgs = GetByIdArgs;
export type GetMemoryStoreArgs = GetByIdArgs;
export type GetFileArgs = GetByIdArgs;
export type GetDeploymentArgs = GetByIdArgs;

export interface ListArchivableArgs {
  /** Also list archived objects (the API leaves them out by default). */
  includeArchived?: boolean;
}
export type ListAgentsArgs = ListArchivableArgs;
export type ListEnvironmentsArgs = ListArchivableArgs;
export type ListVaultsArgs = ListArchivableArgs;
export type ListMemoryStoresArgs = ListArchivableArgs;
/** The API has no skill filter. */
export type ListSkillsArgs = Record<never, never>;

export interface ListFilesArgs {
  /** A case-insensitive prefix of the filename. */
  name?: FileListParams["name"];
  /** A session id: the files of that session. */
  scopeId?: FileListParams["scopeId"];
}

export interface ListDeploymentsArgs extends ListArchivableArgs {
  /** Only active, or only paused, deployments. */
  status?: DeploymentListParams["status"];
  /** Only the deployments that run this agent. */
  agentId?: DeploymentListParams["agentId"];
}

/** The descriptor of the latest version (its SKILL.md name and description), when the API has one. */
async function latestVersion(client: QoderClient, skill: { id: string; latestVersion: string }, signal?: AbortSignal) {
  try {
    return await client.skills.versions.retrieve(skill.id, skill.latestVersion, { signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function skillWithVersion(client: QoderClient, skill: Parameters<typeof skillResult>[0], signal?: AbortSignal): Promise<GetSkillResult> {
  return skillResult(skill, await latestVersion(client, skill, signal));
}

const secretDeployments = (deployments: GetDeploymentResult[]) => deployments.some(deploymentHoldsSecrets);

// ---- by id ----

/** An agent, archived or not. */
export const getAgent = byId({
  name: "getAgent",
  noun: "agent",
  kind: agentKind,
  read: async (client, id, signal) => agentResult(await client.agents.retrieve(id, {}, { signal })),
});
export const getAgentOutput = outputForm(getAgent);

export const getEnvironment = byId({
  name: "getEnvironment",
  noun: "environment",
  kind: environmentKind,
  read: async (client, id, signal) => environmentResult(await client.environments.retrieve(id, { signal })),
});
export const getEnvironmentOutput = outputForm(getEnvironment);

/** A skill with its latest version's SKILL.md name and description (two requests). */
export const getSkill = byId({
  name: "getSkill",
  noun: "skill",
  kind: skillKind,
  read: async (client, id, signal) => skillWithVersion(client, await client.skills.retrieve(id, { signal }), signal),
});
export const getSkillOutput = outputForm(getSkill);

/** A vault; its credentials' secrets never leave the API. */
export const getVault = byId({
  name: "getVault",
  noun: "vault",
  kind: vaultKind,
  read: async (client, id, signal) => vaultResult(await client.vaults.retrieve(id, { signal })),
});
export const getVaultOutput = outputForm(getVault);

export const getMemoryStore = byId({
  name: "getMemoryStore",
  noun: "memory store",
  kind: memoryStoreKind,
  read: async (client, id, signal) => memoryStoreResult(await client.memoryStores.retrieve(id, { signal })),
});
export const getMemoryStoreOutput = outputForm(getMemoryStore);

/** A file's metadata (the API does not give an uploaded file's content back). */
export const getFile = byId({
  name: "getFile",
  noun: "file",
  kind: fileKind,
  read: async (client, id, signal) => fileResult(await client.files.retrieve(id, { signal })),
});
export const getFileOutput = outputForm(getFile);

/** A deployment, archived or not, as its resource declares it; the Output form is a secret while it has environment variables. */
export const getDeployment = byId({
  name: "getDeployment",
  noun: "deployment",
  kind: deploymentKind,
  read: async (client, id, signal) => deploymentResult(await client.deployments.retrieve(id, { signal })),
});
export const getDeploymentOutput = outputForm(getDeployment, deploymentHoldsSecrets);

// ---- lists, newest first, every page ----

export const listAgents = listing("listAgents", async (client, args: ListAgentsArgs, signal) =>
  (await client.agents.list({ limit: PAGE, includeArchived: args.includeArchived }, { signal }).toArray()).map(agentResult),
);
export const listAgentsOutput = listOutputForm(listAgents);

export const listEnvironments = listing("listEnvironments", async (client, args: ListEnvironmentsArgs, signal) =>
  (await client.environments.list({ limit: PAGE, includeArchived: args.includeArchived }, { signal }).toArray()).map(environmentResult),
);
export const listEnvironmentsOutput = listOutputForm(listEnvironments);

/** Every skill with its latest version's descriptor: one request per skill besides the list. */
export const listSkills = listing("listSkills", async (client, _args: ListSkillsArgs, signal) => {
  const skills = await client.skills.list({ limit: PAGE }, { signal }).toArray();
  return Promise.all(skills.map((skill) => skillWithVersion(client, skill, signal)));
});
export const listSkillsOutput = listOutputForm(listSkills);

export const listVaults = listing("listVaults", async (client, args: ListVaultsArgs, signal) =>
  (await client.vaults.list({ limit: PAGE, includeArchived: args.includeArchived }, { signal }).toArray()).map(vaultResult),
);
export const listVaultsOutput = listOutputForm(listVaults);

export const listMemoryStores = listing("listMemoryStores", async (client, args: ListMemoryStoresArgs, signal) =>
  (await client.memoryStores.list({ limit: PAGE, includeArchived: args.includeArchived }, { signal }).toArray()).map(memoryStoreResult),
);
export const listMemoryStoresOutput = listOutputForm(listMemoryStores);

export const listFiles = listing("listFiles", async (client, args: ListFilesArgs, signal) =>
  (await client.files.list({ limit: PAGE, name: args.name, scopeId: args.scopeId }, { signal }).toArray()).map(fileResult),
);
export const listFilesOutput = listOutputForm(listFiles);

/** The Output form is a secret when any listed deployment has environment variables. */
export const listDeployments = listing("listDeployments", async (client, args: ListDeploymentsArgs, signal) => {
  const params = { limit: PAGE, includeArchived: args.includeArchived, status: args.status, agentId: args.agentId };
  return (await client.deployments.list(params, { signal }).toArray()).map(deploymentResult);
});
export const listDeploymentsOutput = listOutputForm(listDeployments, secretDeployments);
