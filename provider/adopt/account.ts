// Reads an existing account through provider/client: every object adoption may take over, oldest first.
// Reads only (GET); never writes. Memory contents are fetched one by one, since lists omit them; so are the
// bytes of the files the API gives back (files.ts).
import type {
  Agent,
  Deployment,
  Environment,
  Memory,
  MemoryStore,
  QoderClient,
  QoderFile,
  Skill,
  SkillVersion,
  Vault,
  VaultCredential,
} from "../client";
import { OWNER_METADATA_KEY, withOwner } from "../lifecycle/rules";
import { readFileContent, type AccountFile } from "./files";
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
  /** Files of the account, not of a session (those belong to their session), each with its bytes when the API gives them back. */
  files: AccountFile[];
  deployments: Deployment[];
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
  const [environments, skills, vaults, stores, agents, files, deployments] = (await Promise.all([
    client.environments.list(listed).toArray().then(mine),
    client.skills.list(PAGE).toArray().then(mine),
    client.vaults.list(listed).toArray().then(mine),
    client.memoryStores.list(listed).toArray().then(mine),
    client.agents.list(listed).toArray().then(mine),
    client.files.list(PAGE).toArray().then(mine),
    client.deployments.list(listed).toArray().then(mine),
  ])) as [Environment[], Skill[], Vault[], MemoryStore[], Agent[], QoderFile[], Deployment[]];
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
    // A file a session made (scope.type session) is that session's output, not part of the fleet.
    files: await Promise.all(
      oldestFirst(files.filter((file) => file.scope?.type !== "session")).map(async (file) => ({ file, ...(await readFileContent(client, file)) })),
    ),
    deployments: oldestFirst(deployments),
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

/** Deployment metadata may also hold the server's own `cas_config` object, which is kept. */
type Owned = { id: string; metadata: Record<string, unknown> };

/** The object without the provider's owner key (an adopting fleet must not declare it); `owners` records it. */
function disown<T extends Owned>(object: T, owners: Map<string, string>): T {
  const owner = object.metadata[OWNER_METADATA_KEY];
  if (typeof owner !== "string") return object;
  owners.set(object.id, owner);
  return { ...object, metadata: withOwner(object.metadata, undefined) ?? {} };
}
