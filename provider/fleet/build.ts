// Declares the resources of a validated fleet (one per entry, named by its key) and returns the stack outputs:
// every id and version, and a ready POST /sessions preset per agent. Entries name each other by key and the
// builder passes the named resource's outputs, so Pulumi orders them (files and agents before the deployments
// that use them). Secret values go in as Pulumi secrets, wherever the builder puts them.
import * as pulumi from "@pulumi/pulumi";
import { pick } from "../api/records";
import { Agent } from "../resources/agent";
import { Deployment } from "../resources/deployment";
import { Environment } from "../resources/environment";
import { File } from "../resources/file";
import { Memory } from "../resources/memory";
import { MemoryStore } from "../resources/memory-store";
import { Skill } from "../resources/skill";
import { Vault } from "../resources/vault";
import { VaultCredential } from "../resources/vault-credential";
import { agentDefinition, mcpServerOf, type EntryIds } from "./agent-definition";
import { deploymentDefinition, environmentKeyOf, resourceDefinition, type DeploymentIds } from "./deployment-definition";
import type { LoadedFleet } from "./load";
import { secretValues } from "./secrets";
import {
  CREDENTIAL_ENTRY,
  ENVIRONMENT_ENTRY,
  MEMORY_ENTRY,
  MEMORY_STORE_ENTRY,
  SKILL_ENTRY,
  VAULT_ENTRY,
  type FleetAgent,
  type FleetDocument,
} from "./schema";
import { FILE_ENTRY } from "./schema-deployment";
import type { ResourceOptions } from "./schema-parts";
import { sessionPreset, type SessionPreset } from "./session-preset";

export interface FleetOutputs {
  environments: Record<string, { id: pulumi.Output<string> }>;
  skills: Record<string, { id: pulumi.Output<string>; latestVersion: pulumi.Output<string>; skillName: pulumi.Output<string> }>;
  vaults: Record<string, { id: pulumi.Output<string>; credentials: Record<string, { id: pulumi.Output<string> }> }>;
  memoryStores: Record<string, { id: pulumi.Output<string>; memories: Record<string, { id: pulumi.Output<string> }> }>;
  files: Record<string, { id: pulumi.Output<string>; sizeBytes: pulumi.Output<number> }>;
  agents: Record<string, { id: pulumi.Output<string>; version: pulumi.Output<number>; name: pulumi.Output<string> }>;
  deployments: Record<string, { id: pulumi.Output<string>; status: pulumi.Output<string>; scheduleDescription: pulumi.Output<string | null> }>;
  /** Per agent: the body of `POST /sessions` (snake_case), to pass as it is. */
  sessions: Record<string, pulumi.Output<SessionPreset>>;
}

/**
 * The fields of an entry the resource takes as they are: the body fields the entry holds as the wire states them
 * (derived from the kind's descriptor, fleet/derive.ts) and the provider settings named; undefined ones are
 * left out. Typed as the entry's fields: the resource args check them like any other value.
 */
const passed = <T extends object>(entry: T, verbatim: readonly string[], settings: readonly (keyof T & string)[] = []): Partial<T> =>
  pick(entry as Record<string, unknown>, [...verbatim, ...settings]) as Partial<T>;

function optionsOf(options: ResourceOptions | undefined, parent?: pulumi.Resource): pulumi.CustomResourceOptions {
  return { ...(options ?? {}), ...(parent ? { parent } : {}) };
}

const entriesOf = <T>(map: Record<string, T> | undefined): [string, T][] => Object.entries(map ?? {});

/** A secret shorter than this is only matched whole: a short text turns up inside unrelated strings. */
const MIN_INNER_SECRET = 6;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Marks as a Pulumi secret every string that shows the text of a secret path, wherever the builder put it:
 * copied, moved into a rebuilt field (an MCP server's url in `mcpServers`, its name in the toolset, a roster's
 * `self`) or into a stack output. Keying on the text rather than on document paths covers every field at once,
 * including the ones the builder rebuilds. A plain value that happens to equal a secret is marked too, which
 * costs nothing. Walks arrays, plain objects and Outputs; resources and other class instances stay as they are.
 * The static type stays the plain one: a marked value is an Output of it, which every resource input accepts.
 */
function secretMarker(fleet: LoadedFleet): <T>(value: T) => T {
  // The values the builder rewrites instead of moving: skill directories and file paths, made relative to the
  // program.
  const rewritten = [
    ...entriesOf(fleet.document.skills)
      .filter(([key]) => fleet.secrets.has(["skills", key, "directory"]))
      .map(([key]) => fleet.skillDirectory(key)),
    ...entriesOf(fleet.document.files)
      .filter(([key]) => fleet.secrets.has(["files", key, "path"]))
      .map(([key]) => fleet.filePath(key)),
  ];
  const secrets = [...secretValues(fleet.document, fleet.secrets), ...rewritten];
  const showsSecret = (text: string): boolean =>
    secrets.some((secret) => text === secret || (secret.length >= MIN_INNER_SECRET && text.includes(secret)));
  const mark = (value: unknown): unknown => {
    if (typeof value === "string") return showsSecret(value) ? pulumi.secret(value) : value;
    if (pulumi.Output.isInstance(value)) return value.apply((inner) => pulumi.output(mark(inner)));
    if (Array.isArray(value)) return value.map(mark);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mark(inner)]));
    return value;
  };
  return mark as <T>(value: T) => T;
}

/** Members before coordinators: a roster names its members' ids (members never coordinate, rules.ts). */
function agentOrder(document: FleetDocument): [string, FleetAgent][] {
  const agents = entriesOf(document.agents);
  return [...agents.filter(([, agent]) => !agent.multiagent), ...agents.filter(([, agent]) => agent.multiagent)];
}

export function declareFleet(fleet: LoadedFleet): FleetOutputs {
  const { document } = fleet;
  const secret = secretMarker(fleet);
  const out: FleetOutputs = { environments: {}, skills: {}, vaults: {}, memoryStores: {}, files: {}, agents: {}, deployments: {}, sessions: {} };

  const environments = new Map<string, Environment>();
  for (const [key, entry] of entriesOf(document.environments)) {
    const args = { name: entry.name ?? key, ...passed(entry, ENVIRONMENT_ENTRY.verbatim, ["deletionPolicy", "adoptId"]) };
    const environment = new Environment(key, secret(args), optionsOf(entry.options));
    environments.set(key, environment);
    out.environments[key] = { id: environment.id };
  }

  const skills = new Map<string, Skill>();
  for (const [key, entry] of entriesOf(document.skills)) {
    const args = { ...passed(entry, SKILL_ENTRY.verbatim, ["adoptId", "allowOutsideProject"]), directory: fleet.skillDirectory(key) };
    const skill = new Skill(key, secret(args), optionsOf(entry.options));
    skills.set(key, skill);
    out.skills[key] = { id: skill.id, latestVersion: skill.latestVersion, skillName: skill.skillName };
  }

  const vaults = new Map<string, Vault>();
  for (const [key, entry] of entriesOf(document.vaults)) {
    const args = { displayName: entry.displayName ?? key, ...passed(entry, VAULT_ENTRY.verbatim, ["deletionPolicy", "adoptId"]) };
    const vault = new Vault(key, secret(args), optionsOf(entry.options));
    vaults.set(key, vault);
    const credentials: Record<string, { id: pulumi.Output<string> }> = {};
    for (const [name, credential] of entriesOf(entry.credentials)) {
      const credentialArgs = {
        vaultId: vault.id,
        auth: credential.auth,
        ...passed(credential, CREDENTIAL_ENTRY.verbatim, ["deletionPolicy", "adoptId"]),
      };
      credentials[name] = { id: new VaultCredential(`${key}/${name}`, secret(credentialArgs), optionsOf(credential.options, vault)).id };
    }
    out.vaults[key] = { id: vault.id, credentials };
  }

  const stores = new Map<string, MemoryStore>();
  for (const [key, entry] of entriesOf(document.memoryStores)) {
    const args = { name: entry.name ?? key, ...passed(entry, MEMORY_STORE_ENTRY.verbatim, ["deletionPolicy", "adoptId"]) };
    const store = new MemoryStore(key, secret(args), optionsOf(entry.options));
    stores.set(key, store);
    const memories: Record<string, { id: pulumi.Output<string> }> = {};
    for (const memory of entry.memories ?? []) {
      // Validation put a contentFile's text into content, so every memory of a valid fleet has content.
      const memoryArgs = {
        memoryStoreId: store.id,
        path: memory.path,
        content: memory.content as string,
        ...passed(memory, MEMORY_ENTRY.verbatim, ["adoptId"]),
      };
      memories[memory.path] = { id: new Memory(`${key}/${memory.path}`, secret(memoryArgs), optionsOf(memory.options, store)).id };
    }
    out.memoryStores[key] = { id: store.id, memories };
  }

  const files = new Map<string, File>();
  for (const [key, entry] of entriesOf(document.files)) {
    const args = { ...passed(entry, FILE_ENTRY.verbatim, ["mediaType", "allowOutsideProject", "adoptId"]), path: fleet.filePath(key) };
    const file = new File(key, secret(args), optionsOf(entry.options));
    files.set(key, file);
    out.files[key] = { id: file.id, sizeBytes: file.sizeBytes };
  }

  const agents = new Map<string, Agent>();
  const resourceIds: DeploymentIds = {
    agent: (key) => ({ id: agents.get(key)!.id, version: agents.get(key)!.version }),
    environment: (key) => environments.get(key)!.id,
    vault: (key) => vaults.get(key)!.id,
    memoryStore: (key) => stores.get(key)!.id,
    file: (key) => files.get(key)!.id,
  };
  const ids: EntryIds = {
    skill: (key) => ({ id: skills.get(key)!.id, latestVersion: skills.get(key)!.latestVersion }),
    agent: (key) => ({ id: agents.get(key)!.id, version: agents.get(key)!.version }),
    mcpServer: (key) => mcpServerOf(document, key),
  };
  for (const [key, entry] of agentOrder(document)) {
    const args = { ...agentDefinition(key, entry, ids), ...(entry.adoptId ? { adoptId: entry.adoptId } : {}) };
    const agent = new Agent(key, secret(args), optionsOf(entry.options));
    agents.set(key, agent);
    out.agents[key] = { id: agent.id, version: agent.version, name: agent.name };
    const environmentKey = environmentKeyOf(document, entry.environment);
    out.sessions[key] = sessionPreset({
      agent,
      environment: environmentKey === undefined ? undefined : environments.get(environmentKey),
      vaults: (entry.vaults ?? []).map((vault) => vaults.get(vault)!),
      memoryStores: (entry.memoryStores ?? []).map((use) => {
        const { store, access, instructions } = typeof use === "string" ? { store: use, access: undefined, instructions: undefined } : use;
        return { store: stores.get(store)!, access, instructions };
      }),
      resources: (entry.resources ?? []).map((use) => resourceDefinition(use, resourceIds)),
    });
  }

  for (const [key, entry] of entriesOf(document.deployments)) {
    // Validation made sure the environment resolves: named, or the only one.
    const environmentKey = environmentKeyOf(document, entry.environment) as string;
    const args = { ...deploymentDefinition(key, entry, environmentKey, resourceIds), ...(entry.adoptId ? { adoptId: entry.adoptId } : {}) };
    const deployment = new Deployment(key, secret(args), optionsOf(entry.options));
    out.deployments[key] = { id: deployment.id, status: deployment.status, scheduleDescription: deployment.scheduleDescription };
  }
  // The outputs hold resource outputs and document values (a preset's access and instructions): marked the
  // same way, so a stack output never shows a secret even where the engine would not carry its secrecy.
  return secret(out);
}
