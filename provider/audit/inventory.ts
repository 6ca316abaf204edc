// Everything an account holds that a stack could manage, read through the client (GET only): agents,
// environments, custom skills, vaults with their credentials, memory stores with their memories, uploaded
// files and deployments, archived ones included (the audit decides what to show). Qoder's built-in skills
// and the files sessions make (their outputs) are not the account's own objects, so they are left out.
import { isRecord } from "../api/records";
import type { Agent, Deployment, QoderClient } from "../client";
import type { KindType } from "../kinds/tokens";
import { OWNER_METADATA_KEY } from "../lifecycle/rules";

/** One object of the account. */
export interface AccountObject {
  kind: KindType;
  id: string;
  /** How people tell it apart: a name, a display title, a credential's MCP server URL, a memory's path. */
  name: string;
  archived: boolean;
  /** A credential's vault, a memory's store. */
  parent?: { kind: KindType; id: string };
  /** Its `pulumi-qoder.owner` metadata: the stack resource that created it, if a pulumi-qoder stack did. */
  owner?: string;
  /** The ids of the account's objects it uses: an agent's skills and roster, a deployment's agent, environment, vaults and mounts. */
  uses?: string[];
}

/** Full pages keep the number of requests down on a large account. */
const PAGE = { limit: 100, includeArchived: true } as const;

type Described = { id: string; metadata?: Record<string, unknown>; archivedAt?: string | null };

/** A child of an archived parent counts as archived with it. */
function entry(kind: KindType, object: Described, name: string, parent?: AccountObject["parent"] & { archived?: boolean }): AccountObject {
  const owner = object.metadata?.[OWNER_METADATA_KEY];
  return {
    kind,
    id: object.id,
    name,
    archived: Boolean(object.archivedAt) || Boolean(parent?.archived),
    ...(parent ? { parent: { kind: parent.kind, id: parent.id } } : {}),
    ...(typeof owner === "string" ? { owner } : {}),
  };
}

/** Every object of the account, in the order of KIND_TYPES' kinds, each kind oldest first. */
export async function readInventory(client: QoderClient): Promise<AccountObject[]> {
  const [agents, environments, skills, vaults, stores, files, deployments] = await Promise.all([
    client.agents.list(PAGE).toArray(),
    client.environments.list(PAGE).toArray(),
    client.skills.list({ limit: PAGE.limit }).toArray(),
    client.vaults.list(PAGE).toArray(),
    client.memoryStores.list(PAGE).toArray(),
    client.files.list({ limit: PAGE.limit }).toArray(),
    client.deployments.list(PAGE).toArray(),
  ]);
  const [credentials, memories] = await Promise.all([
    Promise.all(
      vaults.map(async (vault) =>
        (await client.vaults.credentials.list(vault.id, PAGE).toArray()).map((credential) =>
          entry("VaultCredential", credential, credentialName(credential.auth), { kind: "Vault", id: vault.id, archived: Boolean(vault.archivedAt) }),
        ),
      ),
    ),
    Promise.all(
      stores.map(async (store) =>
        (await client.memoryStores.memories.list(store.id, { limit: PAGE.limit }).toArray()).map((memory) =>
          entry("Memory", memory, memory.path, { kind: "MemoryStore", id: store.id, archived: Boolean(store.archivedAt) }),
        ),
      ),
    ),
  ]);
  const objects = [
    ...agents.map((agent) => ({ ...entry("Agent", agent, agent.name), uses: agentUses(agent) })),
    ...environments.map((environment) => entry("Environment", environment, environment.name)),
    ...skills.filter((skill) => skill.source === "custom").map((skill) => entry("Skill", skill, skill.displayTitle)),
    ...vaults.map((vault) => entry("Vault", vault, vault.displayName)),
    ...credentials.flat(),
    ...stores.map((store) => entry("MemoryStore", store, store.name)),
    ...memories.flat(),
    ...files.filter((file) => file.scope?.type !== "session").map((file) => entry("File", file, file.filename)),
    ...deployments.map((deployment) => ({ ...entry("Deployment", deployment, deployment.name), uses: deploymentUses(deployment) })),
  ];
  return objects.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Parents before their children, the way a fleet file reads. */
const KIND_ORDER: readonly KindType[] = ["Environment", "Skill", "Vault", "VaultCredential", "MemoryStore", "Memory", "File", "Agent", "Deployment"];

/** A credential by what it is for: its MCP server, or the variable it sets. */
function credentialName(auth: { type: string; mcpServerUrl?: string; secretName?: string }): string {
  return auth.mcpServerUrl ?? auth.secretName ?? auth.type;
}

function agentUses(agent: Agent): string[] {
  const skills = agent.skills.filter((skill) => skill.type === "custom").map((skill) => skill.skillId);
  const members = (agent.multiagent?.agents ?? []).flatMap((member) =>
    typeof member === "string" ? [member] : isRecord(member) && typeof member.id === "string" ? [member.id] : [],
  );
  return [...new Set([...skills, ...members.filter((id) => id !== agent.id)])];
}

function deploymentUses(deployment: Deployment): string[] {
  const mounts = deployment.resources.flatMap((resource) =>
    [resource.fileId, resource.memoryStoreId].filter((id): id is string => typeof id === "string"),
  );
  return [...new Set([deployment.agent.id, deployment.environmentId, ...deployment.vaultIds, ...mounts])];
}
