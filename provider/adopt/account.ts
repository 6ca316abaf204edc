// Reads an existing account through provider/client: every object adoption may take over, oldest first.
// Reads only (GET); never writes. Memory contents are fetched one by one, since lists omit them.
import type { Agent, Environment, Memory, MemoryStore, QoderClient, Skill, SkillVersion, Vault, VaultCredential } from "../client";
import { OWNER_METADATA_KEY, withOwner } from "../lifecycle/rules";
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
  /** The owner metadata of objects a pulumi-qoder stack created, by id; taken out of their metadata. */
  owners: Map<string, string>;
}

export interface ReadOptions {
  /** Also list archived objects (hidden by default, CONTRACT.md "Lists"). */
  includeArchived: boolean;
}

/** Full pages keep the number of requests down on a large account. */
const PAGE = { limit: 100 } as const;

export async function readAccount(client: QoderClient, options: ReadOptions): Promise<Account> {
  const listed = { ...PAGE, includeArchived: options.includeArchived };
  const owners = new Map<string, string>();
  const mine = <T extends Owned>(objects: T[]): T[] => objects.map((object) => disown(object, owners));
  const [environments, skills, vaults, stores, agents] = (await Promise.all([
    client.environments.list(listed).toArray().then(mine),
    client.skills.list(PAGE).toArray().then(mine),
    client.vaults.list(listed).toArray().then(mine),
    client.memoryStores.list(listed).toArray().then(mine),
    client.agents.list(listed).toArray().then(mine),
  ])) as [Environment[], Skill[], Vault[], MemoryStore[], Agent[]];
  return {
    owners,
    baseUrl: client.baseUrl,
    environments: oldestFirst(environments),
    // Qoder's own skills are bound by name ({ qoder: … }), never uploaded or adopted.
    skills: await Promise.all(oldestFirst(skills.filter((skill) => skill.source === "custom")).map((skill) => readSkill(client, skill))),
    vaults: await Promise.all(
      oldestFirst(vaults).map(async (vault) => ({
        vault,
        // An archived vault's credentials are recreated with it, so they are listed whatever their state.
        credentials: oldestFirst(
          mine(
            await client.vaults.credentials
              .list(vault.id, { ...listed, includeArchived: options.includeArchived || Boolean(vault.archivedAt) })
              .toArray(),
          ),
        ),
      })),
    ),
    memoryStores: await Promise.all(
      oldestFirst(stores).map(async (store) => ({ store, memories: mine(await client.memoryStores.memories.list(store.id, PAGE).toArray()) })),
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
  const full = await Promise.all(
    store.memories.map(async (memory) => disown(await client.memoryStores.memories.retrieve(store.store.id, memory.id), new Map())),
  );
  return full.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

type Owned = { id: string; metadata: Record<string, string> };

/** The object without the provider's owner key (an adopting fleet must not declare it); `owners` records it. */
function disown<T extends Owned>(object: T, owners: Map<string, string>): T {
  const owner = object.metadata[OWNER_METADATA_KEY];
  if (owner === undefined) return object;
  owners.set(object.id, owner);
  return { ...object, metadata: withOwner(object.metadata, undefined) ?? {} };
}
