// Reads an existing account through provider/client: every object adoption may take over, oldest first.
// Reads only (GET); never writes. Memory contents are fetched one by one, since lists omit them.
import type { Agent, Environment, Memory, MemoryStore, QoderClient, Skill, SkillVersion, Vault, VaultCredential } from "../../client";
import { oldestFirst } from "./keys";

export interface AccountSkill {
  skill: Skill;
  /** The descriptor of the latest version: its `name` is the SKILL.md name. */
  version: SkillVersion;
  /** The latest version as the API serves it: a zip with one top folder. */
  zip: Uint8Array;
}

export interface AccountVault {
  vault: Vault;
  credentials: VaultCredential[];
}

export interface AccountMemoryStore {
  store: MemoryStore;
  /** As listed: without `content` (see `readMemories`). */
  memories: Memory[];
}

export interface Account {
  baseUrl: string;
  environments: Environment[];
  skills: AccountSkill[];
  vaults: AccountVault[];
  memoryStores: AccountMemoryStore[];
  agents: Agent[];
}

export interface ReadOptions {
  /** Also list archived objects (hidden by default, CONTRACT.md "Lists"). */
  includeArchived: boolean;
}

/** Full pages keep the number of requests down on a large account. */
const PAGE = { limit: 100 } as const;

export async function readAccount(client: QoderClient, options: ReadOptions): Promise<Account> {
  const listed = { ...PAGE, includeArchived: options.includeArchived };
  const [environments, skills, vaults, stores, agents] = await Promise.all([
    client.environments.list(listed).toArray(),
    client.skills.list(PAGE).toArray(),
    client.vaults.list(listed).toArray(),
    client.memoryStores.list(listed).toArray(),
    client.agents.list(listed).toArray(),
  ]);
  return {
    baseUrl: client.baseUrl,
    environments: oldestFirst(environments),
    // Qoder's own skills are bound by name ({ qoder: … }), never uploaded or adopted.
    skills: await Promise.all(oldestFirst(skills.filter((skill) => skill.source === "custom")).map((skill) => readSkill(client, skill))),
    vaults: await Promise.all(
      oldestFirst(vaults).map(async (vault) => ({
        vault,
        // An archived vault's credentials are recreated with it, so they are listed whatever their state.
        credentials: oldestFirst(
          await client.vaults.credentials.list(vault.id, { ...listed, includeArchived: options.includeArchived || Boolean(vault.archivedAt) }).toArray(),
        ),
      })),
    ),
    memoryStores: await Promise.all(
      oldestFirst(stores).map(async (store) => ({ store, memories: await client.memoryStores.memories.list(store.id, PAGE).toArray() })),
    ),
    agents: oldestFirst(agents),
  };
}

async function readSkill(client: QoderClient, skill: Skill): Promise<AccountSkill> {
  const [version, zip] = await Promise.all([
    client.skills.versions.retrieve(skill.id, skill.latestVersion),
    client.skills.versions.content(skill.id, skill.latestVersion),
  ]);
  return { skill, version, zip };
}

/** The store's memories with their content (GET of each), ordered by path so the file is stable. */
export async function readMemories(client: QoderClient, store: AccountMemoryStore): Promise<Memory[]> {
  const full = await Promise.all(store.memories.map((memory) => client.memoryStores.memories.retrieve(store.store.id, memory.id)));
  return full.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
