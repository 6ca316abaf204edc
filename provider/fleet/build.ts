// Declares the resources of a validated fleet (one per entry, named by its key) and returns the stack outputs:
// every id and version, and a ready POST /sessions preset per agent. Secret values go in as Pulumi secrets.
import * as pulumi from "@pulumi/pulumi";
import { Agent } from "../resources/agent";
import { Environment } from "../resources/environment";
import { Memory } from "../resources/memory";
import { MemoryStore } from "../resources/memory-store";
import { Skill } from "../resources/skill";
import { Vault } from "../resources/vault";
import { VaultCredential } from "../resources/vault-credential";
import { agentDefinition, mcpServerOf, type EntryIds } from "./agent-definition";
import type { LoadedFleet } from "./load";
import type { Path } from "./problems";
import type { FleetAgent, FleetDocument } from "./schema";
import type { ResourceOptions } from "./schema-parts";
import { sessionPreset, type SessionPreset } from "./session-preset";

export interface FleetOutputs {
  environments: Record<string, { id: pulumi.Output<string> }>;
  skills: Record<string, { id: pulumi.Output<string>; latestVersion: pulumi.Output<string>; skillName: pulumi.Output<string> }>;
  vaults: Record<string, { id: pulumi.Output<string>; credentials: Record<string, { id: pulumi.Output<string> }> }>;
  memoryStores: Record<string, { id: pulumi.Output<string>; memories: Record<string, { id: pulumi.Output<string> }> }>;
  agents: Record<string, { id: pulumi.Output<string>; version: pulumi.Output<number>; name: pulumi.Output<string> }>;
  /** Per agent: the body of `POST /sessions` (snake_case), to pass as it is. */
  sessions: Record<string, pulumi.Output<SessionPreset>>;
}

/** Wraps the values at secret paths with `pulumi.secret`, leaving everything else plain. */
function secretsOf(fleet: LoadedFleet) {
  const wrap = (path: Path, value: unknown): unknown => {
    if (value === undefined) return undefined;
    if (fleet.secrets.has(path)) return pulumi.secret(value);
    if (!fleet.secrets.within(path) || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((item, index) => wrap([...path, index], item));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wrap([...path, key], inner)]));
  };
  /**
   * The named fields of an entry, each wrapped; undefined fields are left out. The static type stays the
   * plain one: a wrapped value is an Output of it, which every resource input accepts (DeepInput).
   */
  const fields = <T extends object, K extends keyof T & string>(path: Path, entry: T, names: readonly K[]): Pick<T, K> =>
    Object.fromEntries(names.filter((name) => entry[name] !== undefined).map((name) => [name, wrap([...path, name], entry[name])])) as Pick<T, K>;
  return { wrap, fields };
}

function optionsOf(options: ResourceOptions | undefined, parent?: pulumi.Resource): pulumi.CustomResourceOptions {
  return { ...(options ?? {}), ...(parent ? { parent } : {}) };
}

const entriesOf = <T>(map: Record<string, T> | undefined): [string, T][] => Object.entries(map ?? {});

/** Members before coordinators: a roster names its members' ids (members never coordinate, rules.ts). */
function agentOrder(document: FleetDocument): [string, FleetAgent][] {
  const agents = entriesOf(document.agents);
  return [...agents.filter(([, agent]) => !agent.multiagent), ...agents.filter(([, agent]) => agent.multiagent)];
}

export function declareFleet(fleet: LoadedFleet): FleetOutputs {
  const { document } = fleet;
  const { wrap, fields } = secretsOf(fleet);
  const out: FleetOutputs = { environments: {}, skills: {}, vaults: {}, memoryStores: {}, agents: {}, sessions: {} };

  const environments = new Map<string, Environment>();
  for (const [key, entry] of entriesOf(document.environments)) {
    const args = { name: key, ...fields(["environments", key], entry, ["name", "description", "config", "metadata", "deletionPolicy", "adoptId"]) };
    const environment = new Environment(key, args, optionsOf(entry.options));
    environments.set(key, environment);
    out.environments[key] = { id: environment.id };
  }

  const skills = new Map<string, Skill>();
  for (const [key, entry] of entriesOf(document.skills)) {
    const args = { ...fields(["skills", key], entry, ["displayTitle", "metadata", "adoptId"]), directory: fleet.skillDirectory(key) };
    const skill = new Skill(key, args, optionsOf(entry.options));
    skills.set(key, skill);
    out.skills[key] = { id: skill.id, latestVersion: skill.latestVersion, skillName: skill.skillName };
  }

  const vaults = new Map<string, Vault>();
  for (const [key, entry] of entriesOf(document.vaults)) {
    const args = { displayName: key, ...fields(["vaults", key], entry, ["displayName", "metadata", "deletionPolicy", "adoptId"]) };
    const vault = new Vault(key, args, optionsOf(entry.options));
    vaults.set(key, vault);
    const credentials: Record<string, { id: pulumi.Output<string> }> = {};
    for (const [name, credential] of entriesOf(entry.credentials)) {
      const path: Path = ["vaults", key, "credentials", name];
      const credentialArgs = { vaultId: vault.id, ...fields(path, credential, ["auth", "metadata", "deletionPolicy", "adoptId"]) };
      credentials[name] = { id: new VaultCredential(`${key}/${name}`, credentialArgs, optionsOf(credential.options, vault)).id };
    }
    out.vaults[key] = { id: vault.id, credentials };
  }

  const stores = new Map<string, MemoryStore>();
  for (const [key, entry] of entriesOf(document.memoryStores)) {
    const args = { name: key, ...fields(["memoryStores", key], entry, ["name", "description", "metadata", "deletionPolicy", "adoptId"]) };
    const store = new MemoryStore(key, args, optionsOf(entry.options));
    stores.set(key, store);
    const memories: Record<string, { id: pulumi.Output<string> }> = {};
    (entry.memories ?? []).forEach((memory, index) => {
      const memoryArgs = { memoryStoreId: store.id, ...fields(["memoryStores", key, "memories", index], memory, ["path", "content", "metadata", "adoptId"]) };
      memories[memory.path] = { id: new Memory(`${key}/${memory.path}`, memoryArgs, optionsOf(memory.options, store)).id };
    });
    out.memoryStores[key] = { id: store.id, memories };
  }

  const agents = new Map<string, Agent>();
  const ids: EntryIds = {
    skill: (key) => ({ id: skills.get(key)!.id, latestVersion: skills.get(key)!.latestVersion }),
    agent: (key) => ({ id: agents.get(key)!.id, version: agents.get(key)!.version }),
    mcpServer: (key) => mcpServerOf(document, key),
  };
  const onlyEnvironment = environments.size === 1 ? [...environments.keys()][0] : undefined;
  for (const [key, entry] of agentOrder(document)) {
    const path: Path = ["agents", key];
    const plain = { ...entry, ...fields(path, entry, ["name", "model", "system", "description", "tools", "metadata"]) } as FleetAgent;
    const args = { ...agentDefinition(key, plain, ids), ...(entry.adoptId ? { adoptId: entry.adoptId } : {}) };
    const agent = new Agent(key, args, optionsOf(entry.options));
    agents.set(key, agent);
    out.agents[key] = { id: agent.id, version: agent.version, name: agent.name };
    const environmentKey = entry.environment ?? onlyEnvironment;
    out.sessions[key] = sessionPreset({
      agent,
      environment: environmentKey === undefined ? undefined : environments.get(environmentKey),
      vaults: (entry.vaults ?? []).map((vault) => vaults.get(vault)!),
      memoryStores: (entry.memoryStores ?? []).map((use, index) => {
        const { store, access, instructions } = typeof use === "string" ? { store: use, access: undefined, instructions: undefined } : use;
        const wrapped = instructions === undefined ? undefined : wrap([...path, "memoryStores", index, "instructions"], instructions);
        return { store: stores.get(store)!, access, instructions: wrapped as pulumi.Input<string> | undefined };
      }),
    });
  }
  return out;
}
