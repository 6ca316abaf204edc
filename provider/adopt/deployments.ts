// A deployment as a fleet entry: its agent, environment, vaults, memory stores and files named by key, its
// schedule as { cron, timezone }, its events as a `prompt` where one user message says it all. What the fleet
// cannot state (a reference to an object the account does not list, a resource type it does not know) is left
// out with a note; a missing agent or environment leaves out the deployment, which cannot run without them.
import { secretWordIn } from "../policy/secret-words";
import { isRecord } from "../api/records";
import type { Deployment } from "../client";
import type { Path } from "../fleet/problems";
import type { FleetDeployment } from "../fleet/schema";
import { declaredMetadata, environmentVariablesMap } from "../kinds/deployment";
import type { Props } from "../lifecycle/rules";
import type { SecretToSet } from "./credentials";

type Use = NonNullable<FleetDeployment["resources"]>[number];

/** How ids of the account become keys of the document; undefined for an object the document does not declare. */
export interface DeploymentContext {
  /** `adopted` is false for an archived agent written anew (the deployment then moves to the new one). */
  agent(id: string): { key: string; version: number; adopted: boolean } | undefined;
  environment(id: string): string | undefined;
  vault(id: string): string | undefined;
  memoryStore(id: string): string | undefined;
  /** The key of the `files` entry that adopts this file; undefined mounts it by id. */
  file(id: string): string | undefined;
  /** A config key for a secret, unique among the document's: `<deployment>-<repository>-token`. */
  secretKey(name: string): string;
}

export type DeploymentBuilt = { entry: FleetDeployment; notes: string[]; secrets: SecretToSet[] } | { problem: string };

/** What the API names an archived deployment: `<name>_archived_<seconds>`, freeing the name (§11.10). */
const ARCHIVED_NAME = /^(.+)_archived_\d+$/s;

/** The name a deployment had before it was archived, or the name itself when it has no archive suffix. */
export function nameBeforeArchive(name: string): string {
  return ARCHIVED_NAME.exec(name)?.[1] ?? name;
}

/** True when the variable's name holds a secret word: the policy rule's own test, so adoption keeps out what it would report. */
export function looksSecret(name: string): boolean {
  return secretWordIn(name) !== undefined;
}

/**
 * The variables as a map. A value whose name marks it a secret becomes `{ secret: <config key> }`: a fleet
 * file is committed as it is, and the value the API returns is not written anywhere; the user sets it.
 */
function variablesOf(text: string, key: string, context: DeploymentContext): { value: Record<string, unknown>; secrets: SecretToSet[] } {
  const secrets: SecretToSet[] = [];
  const value: Record<string, unknown> = {};
  for (const [name, plain] of Object.entries(environmentVariablesMap(text))) {
    if (!looksSecret(name)) {
      Object.defineProperty(value, name, { value: plain, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const configKey = context.secretKey(`${key}-${name}`);
    secrets.push({ configKey, path: ["deployments", key, "environmentVariables", name] });
    Object.defineProperty(value, name, { value: { secret: configKey }, enumerable: true, writable: true, configurable: true });
  }
  return { value, secrets };
}

/** `https://github.com/acme/api.git` → `api`. */
function repositoryName(url: string): string {
  try {
    const segments = new URL(url).pathname.split("/").filter((segment) => segment !== "");
    return (segments[segments.length - 1] ?? "repository").replace(/\.git$/, "");
  } catch {
    return "repository";
  }
}

/** The text of a run that starts with one user message of one text block, which `prompt` stands for. */
function promptOf(events: readonly Props[]): string | undefined {
  if (events.length !== 1) return undefined;
  const [event] = events as [Props];
  if (event.type !== "user.message" || Object.keys(event).length !== 2 || !Array.isArray(event.content) || event.content.length !== 1)
    return undefined;
  const block = event.content[0] as unknown;
  if (!isRecord(block) || block.type !== "text" || typeof block.text !== "string" || Object.keys(block).length !== 2) return undefined;
  return block.text;
}

const optional = <K extends string>(name: K, value: unknown) => (value === undefined || value === null ? {} : { [name]: value });

function resourceUses(deployment: Deployment, key: string, context: DeploymentContext): { value: Use[]; notes: string[]; secrets: SecretToSet[] } {
  const value: Use[] = [];
  const notes: string[] = [];
  const secrets: SecretToSet[] = [];
  deployment.resources.forEach((resource: Props, index) => {
    if (resource.type === "file") {
      const id = String(resource.fileId);
      const file = context.file(id);
      value.push({ ...(file ? { file } : { fileId: id }), ...optional("mountPath", resource.mountPath) } as Use);
    } else if (resource.type === "memory_store") {
      const store = context.memoryStore(String(resource.memoryStoreId));
      if (!store) {
        notes.push(`its memory store ${String(resource.memoryStoreId)} is not a store this account lists (archived or gone); left out`);
        return;
      }
      value.push({
        memoryStore: store,
        // read_write is the API's default: written only when it is not that.
        ...(resource.access === undefined || resource.access === "read_write" ? {} : { access: resource.access }),
        ...optional("instructions", resource.instructions),
      } as Use);
    } else if (resource.type === "github_repository") {
      const url = String(resource.url);
      const configKey = context.secretKey(`${key}-${repositoryName(url)}-token`);
      secrets.push({ configKey, path: ["deployments", key, "resources", value.length, "token"] as Path });
      value.push({
        githubRepository: url,
        token: { secret: configKey },
        ...optional("mountPath", resource.mountPath),
        ...optional("checkout", resource.checkout),
      } as Use);
    } else notes.push(`resources[${index}] (type ${String(resource.type)}) is not a resource the fleet can declare; left out`);
  });
  return { value, notes, secrets };
}

/**
 * The deployment's entry, or why it cannot have one. An archived deployment is written anew (no adoptId)
 * under its name before archiving and paused, so recreating it starts no scheduled run until the user says so.
 */
export function deploymentEntry(deployment: Deployment, key: string, context: DeploymentContext): DeploymentBuilt {
  const agent = context.agent(deployment.agent.id);
  if (!agent) return { problem: `its agent ${deployment.agent.id} is not an agent this account lists (archived or gone)` };
  const environment = context.environment(deployment.environmentId);
  if (!environment) return { problem: `its environment ${deployment.environmentId} is not an environment this account lists (archived or gone)` };
  const archived = Boolean(deployment.archivedAt);
  const notes: string[] = [];
  // The API answers the version it resolved, pinned or not: nothing tells a pin apart, so the entry names the
  // agent by key. That keeps the deployment's version on adoption (an id is only re-resolved when it changes).
  if (agent.adopted && !archived && deployment.agent.version !== agent.version) {
    notes.push(
      `it runs version ${deployment.agent.version} of agent "${agent.key}", not its current version ${agent.version}, which the fleet cannot state: ` +
        `the entry names the agent by key, which keeps version ${deployment.agent.version} until the deployment's agent changes; ` +
        `{ agent: ${agent.key}, pin: true } moves it to the current version`,
    );
  }
  const vaults: string[] = [];
  for (const id of deployment.vaultIds) {
    const vault = context.vault(id);
    if (vault) vaults.push(vault);
    else notes.push(`its vault ${id} is not a vault this account lists (archived or gone); left out`);
  }
  const resources = resourceUses(deployment, key, context);
  notes.push(...resources.notes);
  const events = deployment.initialEvents as Props[];
  const prompt = promptOf(events);
  const variables = variablesOf(deployment.environmentVariables, key, context);
  const metadata = declaredMetadata(deployment.metadata);
  const paused = archived || deployment.status === "paused";
  const reason = deployment.pausedReason;
  if (!archived && deployment.status === "paused" && reason?.type === "error") {
    notes.push(
      `the service paused it after a scheduled run failed with ${reason.error?.type ?? "an error"}: it is written paused: true; ` +
        "fix the cause, then set paused: false (pulumi up refuses to unpause it while the cause stands)",
    );
  }
  if (deployment.budget)
    notes.push(
      `its budget (type ${deployment.budget.type}) is not a field the fleet declares; ${archived ? "the new deployment has none" : "adoption leaves it as it is"}`,
    );
  const entry = {
    name: archived ? nameBeforeArchive(deployment.name) : deployment.name,
    ...(deployment.description ? { description: deployment.description } : {}),
    agent: agent.key,
    environment,
    ...(vaults.length > 0 ? { vaults } : {}),
    ...(deployment.schedule ? { schedule: { cron: deployment.schedule.expression, timezone: deployment.schedule.timezone } } : {}),
    ...(prompt !== undefined ? { prompt } : { initialEvents: events }),
    ...(resources.value.length > 0 ? { resources: resources.value } : {}),
    ...(Object.keys(variables.value).length > 0 ? { environmentVariables: variables.value } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(paused ? { paused: true } : {}),
    ...(archived ? {} : { adoptId: deployment.id }),
  } as FleetDeployment;
  return { entry, notes, secrets: [...resources.secrets, ...variables.secrets] };
}

/**
 * The entry's variables with each `{ secret }` value taken as the one the API holds: the header asks the
 * user to set that value, so it is no change that adoption makes.
 */
export function variablesAsHeld(declared: Record<string, unknown> | undefined, remote: Deployment): Record<string, unknown> | undefined {
  if (declared === undefined) return undefined;
  const held = environmentVariablesMap(remote.environmentVariables);
  return Object.fromEntries(Object.entries(declared).map(([name, value]) => [name, isRecord(value) && "secret" in value ? held[name] : value]));
}

/**
 * The deployment as the Deployment resource reads it on adoption (lifecycle/deployment.ts `toInputs`), for
 * comparing with an entry: the agent by id (the entry never pins), each repository with the entry's token,
 * which the API never returns.
 */
export function adoptedInputs(remote: Deployment, declared: readonly Props[] | undefined): Props {
  return {
    name: remote.name,
    description: remote.description ?? "",
    agent: remote.agent.id,
    environmentId: remote.environmentId,
    schedule: remote.schedule ? { cron: remote.schedule.expression, timezone: remote.schedule.timezone } : undefined,
    initialEvents: remote.initialEvents,
    resources: remote.resources.map((resource: Props, index) => {
      const same = declared?.[index];
      if (resource.type !== "github_repository" || !isRecord(same) || same.url !== resource.url) return resource;
      return { ...resource, authorizationToken: same.authorizationToken };
    }),
    vaultIds: remote.vaultIds,
    environmentVariables: environmentVariablesMap(remote.environmentVariables),
    metadata: declaredMetadata(remote.metadata),
  };
}
