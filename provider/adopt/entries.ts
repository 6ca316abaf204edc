// Fleet entries of the kinds that hold no references: environments, vaults, memory stores and memories.
// Fields equal to the API's defaults are left out, so the file reads like one a person wrote. An archived
// object gets no adoptId: adoption refuses archived objects (kind.ts), so such an entry is created anew.
import { isRecord } from "../api/records";
import type { Environment, Memory, MemoryStore, Vault } from "../client";
import type { FleetEnvironment, FleetMemory, FleetMemoryStore, FleetVault } from "../fleet/schema";

type Json = Record<string, unknown>;

const nonEmpty = (map: Record<string, string>) => (Object.keys(map).length > 0 ? { metadata: map } : {});
const adoption = (object: { id: string; archivedAt?: string | null }) => (object.archivedAt ? {} : { adoptId: object.id });

/** Config fields the fleet knows; anything else the API echoes is reported, not copied. */
const CLOUD_FIELDS = new Set(["type", "networking", "packages", "setupScript"]);
const NETWORKING_FIELDS = new Set(["type", "allowedHosts", "allowPackageManagers", "allowMcpServers"]);

/**
 * The API echoes a fully spelled-out config (every flag, every package manager, `setupScript: null`). The
 * Environment resource compares configs after filling in the same defaults (normalizeConfig), so the short
 * form written here compares equal to the echo.
 */
export function compactConfig(config: Json): { config: Json; unknown: string[] } {
  if (config.type !== "cloud") return { config: { ...config }, unknown: [] };
  const unknown = Object.keys(config).filter((key) => !CLOUD_FIELDS.has(key));
  const out: Json = { type: "cloud" };
  const networking = isRecord(config.networking) ? config.networking : undefined;
  unknown.push(
    ...Object.keys(networking ?? {})
      .filter((key) => !NETWORKING_FIELDS.has(key))
      .map((key) => `networking.${key}`),
  );
  if (networking?.type === "limited") {
    const limited: Json = { type: "limited" };
    if (Array.isArray(networking.allowedHosts) && networking.allowedHosts.length > 0) limited.allowedHosts = networking.allowedHosts;
    if (networking.allowPackageManagers === true) limited.allowPackageManagers = true;
    if (networking.allowMcpServers === true) limited.allowMcpServers = true;
    if (Object.keys(limited).length > 1) out.networking = limited;
  } else if (networking) out.networking = { type: networking.type };
  const packages = Object.entries(isRecord(config.packages) ? config.packages : {}).filter(([, specs]) => Array.isArray(specs) && specs.length > 0);
  if (packages.length > 0) out.packages = Object.fromEntries(packages);
  if (typeof config.setupScript === "string") out.setupScript = config.setupScript;
  return { config: out, unknown };
}

export function environmentEntry(environment: Environment): { entry: FleetEnvironment; unknown: string[] } {
  const { config, unknown } = compactConfig(environment.config as Json);
  const entry = {
    name: environment.name,
    ...(environment.description ? { description: environment.description } : {}),
    config,
    ...nonEmpty(environment.metadata),
    ...adoption(environment),
  } as FleetEnvironment;
  return { entry, unknown };
}

export function vaultEntry(vault: Vault): FleetVault {
  return { displayName: vault.displayName, ...nonEmpty(vault.metadata), ...adoption(vault) };
}

export function memoryStoreEntry(store: MemoryStore): FleetMemoryStore {
  return {
    name: store.name,
    ...(store.description ? { description: store.description } : {}),
    ...nonEmpty(store.metadata),
    ...adoption(store),
  };
}

/** A memory read with its content; `adoptId` only when the fleet's memory entry takes one (see document.ts). */
export function memoryEntry(memory: Memory, withAdoptId: boolean): FleetMemory {
  return {
    path: memory.path,
    content: memory.content ?? "",
    ...nonEmpty(memory.metadata),
    ...(withAdoptId ? { adoptId: memory.id } : {}),
  } as FleetMemory;
}
