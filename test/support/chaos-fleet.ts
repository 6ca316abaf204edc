// The chaos and crash tier's fleet and its bookkeeping: a generated program with every Qoder kind in chosen
// numbers (deletion policies mixed, agents using skills, environments and each other), and a census that
// compares the emulator's objects with the stack's state: objects per kind, duplicates, orphans, live ones.
import type { RunningEmulator, StoredObject } from "../../emulator";
import type { PulumiProject } from "./pulumi";

/** The seven Qoder kinds: type token suffix, emulator collection, and what makes two objects the same one. */
export const KINDS = [
  { kind: "Environment", collection: "environments", key: (o: StoredObject) => String(o.name) },
  { kind: "Skill", collection: "skills", key: (o: StoredObject) => String(o.display_title) },
  { kind: "Vault", collection: "vaults", key: (o: StoredObject) => String(o.display_name) },
  {
    kind: "VaultCredential",
    collection: "vault_credentials",
    key: (o: StoredObject) => `${String(o.vault_id)} ${String((o.auth as { mcp_server_url?: string } | undefined)?.mcp_server_url)}`,
  },
  { kind: "MemoryStore", collection: "memory_stores", key: (o: StoredObject) => String(o.name) },
  { kind: "Memory", collection: "memories", key: (o: StoredObject) => `${String(o.memory_store_id)} ${String(o.path)}` },
  { kind: "Agent", collection: "agents", key: (o: StoredObject) => String(o.name) },
] as const;
export type Kind = (typeof KINDS)[number]["kind"];
export type PerKind = Record<Kind, number>;

/** Create routes, as the emulator's counters name them (`POST <route>`). */
export const CREATE_ROUTES = [
  "/environments",
  "/skills",
  "/vaults",
  "/vaults/:vault_id/credentials",
  "/memory_stores",
  "/memory_stores/:memory_store_id/memories",
  "/agents",
] as const;
/** The same routes as fault paths (`*` is one segment). */
export const CREATE_PATHS = CREATE_ROUTES.map((route) => route.replace(/:[a-z_]+/g, "*"));

/** Destroy requests (DELETE, or POST …/archive), as counter keys `METHOD route`. */
export function destroyRequests(emulator: RunningEmulator): number {
  return Object.entries(emulator.admin.stats().counters)
    .filter(([key]) => key.startsWith("DELETE ") || (key.startsWith("POST ") && key.endsWith("/archive")))
    .reduce((sum, [, n]) => sum + n, 0);
}

export function createRequests(emulator: RunningEmulator): number {
  return CREATE_ROUTES.reduce((sum, route) => sum + emulator.admin.count("POST", route), 0);
}

export interface FleetSize {
  environments: number;
  skills: number;
  vaults: number;
  /** Per vault. */
  credentials: number;
  memoryStores: number;
  /** Per store. */
  memories: number;
  /** Specialists; every fourth agent after them coordinates two of them (see `coordinators`). */
  agents: number;
  coordinators: number;
}

export interface GeneratedFleet {
  program: string;
  /** Files the program reads (skill directories), relative to the project. */
  files: Record<string, string>;
  expected: PerKind;
  total: number;
}

/**
 * A CommonJS program declaring `size` of every kind, named with `prefix` so two rounds on one account never
 * share a name. Deletion policies are mixed, so destroy both deletes and archives.
 */
export function generateFleet(prefix: string, size: FleetSize): GeneratedFleet {
  const files: Record<string, string> = {};
  for (let i = 0; i < size.skills; i++) {
    files[`skills/skill-${i}/SKILL.md`] = `---\nname: ${prefix}-skill-${i}\ndescription: Skill ${i} of the ${prefix} fleet\n---\n# Skill ${i}\n`;
    files[`skills/skill-${i}/notes/detail.md`] = `Detail ${i}.\n`;
  }
  const program = `
const qoder = require("pulumi-qoder");
const P = ${JSON.stringify(prefix)};
const size = ${JSON.stringify(size)};
const envs = [];
for (let i = 0; i < size.environments; i++) {
  envs.push(new qoder.Environment("env-" + i, {
    name: P + "-env-" + i,
    config: { type: "cloud", networking: i % 2 ? { type: "unrestricted" } : { type: "limited", allowedHosts: ["github.com"] } },
    metadata: { fleet: P },
    deletionPolicy: i % 3 === 2 ? "archive" : "delete",
  }));
}
const skills = [];
for (let i = 0; i < size.skills; i++) skills.push(new qoder.Skill("skill-" + i, { directory: "skills/skill-" + i }));
for (let v = 0; v < size.vaults; v++) {
  const vault = new qoder.Vault("vault-" + v, { displayName: P + "-vault-" + v, deletionPolicy: v === size.vaults - 1 ? "archive" : "delete" });
  for (let c = 0; c < size.credentials; c++) {
    new qoder.VaultCredential("cred-" + v + "-" + c, {
      vaultId: vault.id,
      auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/" + P + "/" + v + "/" + c, token: "chaos-token-" + v + "-" + c },
      metadata: { fleet: P },
    });
  }
}
for (let s = 0; s < size.memoryStores; s++) {
  const store = new qoder.MemoryStore("store-" + s, { name: P + "-store-" + s, deletionPolicy: s % 2 ? "delete" : undefined });
  for (let m = 0; m < size.memories; m++) {
    new qoder.Memory("memory-" + s + "-" + m, { memoryStoreId: store.id, path: "notes/" + m + ".md", content: "Note " + m + " of store " + s + "." });
  }
}
const specialists = [];
for (let i = 0; i < size.agents; i++) {
  specialists.push(new qoder.Agent("agent-" + i, {
    name: P + "-agent-" + i,
    model: i % 2 ? "auto" : { id: "ultimate", effort: "high" },
    system: "Specialist " + i + " of " + P + ".",
    skills: size.skills ? [{ type: "custom", skillId: skills[i % size.skills].id }] : [],
    metadata: { fleet: P, environment: envs.length ? envs[i % envs.length].id : "none" },
  }));
}
for (let i = 0; i < size.coordinators; i++) {
  const team = [specialists[(2 * i) % specialists.length], specialists[(2 * i + 1) % specialists.length]];
  new qoder.Agent("coordinator-" + i, {
    name: P + "-coordinator-" + i,
    model: "auto",
    tools: [{ type: "agent_toolset_20260401" }],
    multiagent: { type: "coordinator", agents: [team[0].id, team[1].id, { type: "self" }] },
  });
}
`;
  const expected: PerKind = {
    Environment: size.environments,
    Skill: size.skills,
    Vault: size.vaults,
    VaultCredential: size.vaults * size.credentials,
    MemoryStore: size.memoryStores,
    Memory: size.memoryStores * size.memories,
    Agent: size.agents + size.coordinators,
  };
  return { program, files, expected, total: Object.values(expected).reduce((a, b) => a + b, 0) };
}

interface StateResource {
  type: string;
  id?: string;
}
interface Checkpoint {
  deployment: { resources?: StateResource[]; pending_operations?: { type: string; resource: StateResource }[] };
}

export interface StackState {
  /** Ids of the Qoder objects state holds, by kind (the seven kinds only; no StackIdentity). */
  ids: Record<Kind, string[]>;
  /** Pending operations the last (killed) run left, by type ("creating", "deleting", …). */
  pending: Record<string, number>;
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/qoder:";

/** Reads `pulumi stack export`: the Qoder objects in state and the pending operations. */
export async function stackState(project: PulumiProject): Promise<StackState> {
  const checkpoint = JSON.parse(await project.exportState()) as Checkpoint;
  const ids = Object.fromEntries(KINDS.map(({ kind }) => [kind, [] as string[]])) as Record<Kind, string[]>;
  for (const resource of checkpoint.deployment.resources ?? []) {
    const kind = resource.type.startsWith(TYPE_PREFIX) ? (resource.type.slice(TYPE_PREFIX.length) as Kind) : undefined;
    if (kind && kind in ids && resource.id) ids[kind].push(resource.id);
  }
  const pending: Record<string, number> = {};
  for (const op of checkpoint.deployment.pending_operations ?? []) pending[op.type] = (pending[op.type] ?? 0) + 1;
  return { ids, pending };
}

export interface Census {
  /** Objects the emulator holds, archived ones included (of this round only, when `since` was given). */
  objects: PerKind;
  /** Not archived. */
  live: PerKind;
  /** Objects beyond the first with the same identifying fields (name, path, URL, …). */
  duplicates: PerKind;
  /** Live objects whose id state does not hold. */
  orphans: PerKind;
  /** State entries whose object is gone or archived. */
  missing: PerKind;
}

/** Ids already on the account, so a round counts only what it made. */
export function snapshotIds(emulator: RunningEmulator): Set<string> {
  return new Set(KINDS.flatMap(({ collection }) => emulator.admin.list(collection).map((o) => o.id)));
}

/** Compares the emulator with state, kind by kind, counting only objects not in `since`. */
export function census(emulator: RunningEmulator, state: StackState, since: ReadonlySet<string> = new Set()): Census {
  const out: Census = { objects: zero(), live: zero(), duplicates: zero(), orphans: zero(), missing: zero() };
  for (const { kind, collection, key } of KINDS) {
    const objects = emulator.admin.list(collection).filter((o) => !since.has(o.id));
    const live = objects.filter((o) => !o.archived_at);
    const inState = new Set(state.ids[kind]);
    const keys = new Set(objects.map(key));
    out.objects[kind] = objects.length;
    out.live[kind] = live.length;
    out.duplicates[kind] = objects.length - keys.size;
    out.orphans[kind] = live.filter((o) => !inState.has(o.id)).length;
    const liveIds = new Set(live.map((o) => o.id));
    out.missing[kind] = state.ids[kind].filter((id) => !liveIds.has(id)).length;
  }
  return out;
}

export function zero(): PerKind {
  return Object.fromEntries(KINDS.map(({ kind }) => [kind, 0])) as PerKind;
}

export const sum = (counts: PerKind): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** `Environment=6 Skill=4 …` for summary lines. */
export function show(counts: PerKind): string {
  return KINDS.map(({ kind }) => `${kind}=${counts[kind]}`).join(" ");
}

/** Faults the emulator injected so far, by kind of fault (from each fault's `hits`). */
export function injectedFaults(emulator: RunningEmulator): Record<string, number> {
  const out: Record<string, number> = {};
  for (const fault of emulator.admin.faults()) {
    const name = fault.kind === "error" ? String(fault.status ?? 503) : fault.kind;
    out[name] = (out[name] ?? 0) + fault.hits;
  }
  return out;
}
