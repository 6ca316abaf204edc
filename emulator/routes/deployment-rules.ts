// Deployment rules that need more than the request body (api-deployments.md §11): references checked against
// stored state on create and update, the write-only GitHub tokens kept out of the collections, and what a run
// finds wrong with a deployment's references when it tries to start a session (§11.11, §3.3).
// Used by routes/deployment.ts only; depends on provider/api and emulator core.
import { CLOUD_ONLY_RESOURCES, METADATA_LIMITS, type DeploymentCreateParams } from "../../provider/api";
import { CAS_CONFIG_KEY, contentAsBlocks, setOwn } from "../../provider/api/records";
import { isRecord } from "../../provider/api/records";
import type { EmulatorContext } from "../context";
import { invalid, notFound } from "../errors";
import type { EmulatorState } from "../state";
import { AGENTS, type StoredAgent } from "./agent-rules";
import { ENVIRONMENTS, type StoredEnvironment } from "./environment";
import { agentVersion, type StoredResource } from "./session";

export const DEPLOYMENTS = "deployments";
export const DEPLOYMENT_RUNS = "deployment_runs";

export type RunError = {
  type: string;
  message: string;
};

interface Archivable {
  id: string;
  archived_at?: string | null;
}

type CreateEvent = DeploymentCreateParams["initial_events"][number];
type CreateResource = NonNullable<DeploymentCreateParams["resources"]>[number];

/** A memory store, vault or file that must exist (404) and, where the kind can be archived, be live (400). */
function requireLive(ctx: EmulatorContext, collection: string, label: string, id: string, param: string): void {
  const found = ctx.state.peek<Archivable>(collection)?.get(id);
  if (!found) throw notFound(label, id);
  // §11.4 names only "must exist"; an archived one is refused like an archived agent or environment, as
  // sessions refuse it, since every run would fail with its `*_archived_error`.
  if (found.archived_at) throw invalid(`${label} '${id}' is archived.`, param);
}

/** §11.4: the environment must exist (404) and not be archived (400). */
export function requireEnvironment(ctx: EmulatorContext, id: string): StoredEnvironment {
  const environment = ctx.state.peek<StoredEnvironment>(ENVIRONMENTS)?.get(id);
  if (!environment) throw notFound("Environment", id);
  if (environment.archived_at) throw invalid(`Environment '${id}' is archived.`, "environment_id");
  return environment;
}

/** §11.4: every vault id must exist (404). */
export function requireVaults(ctx: EmulatorContext, vaultIds: readonly string[]): void {
  vaultIds.forEach((id, at) => requireLive(ctx, "vaults", "Vault", id, `vault_ids.${at}`));
}

/** §11.4: every referenced file or memory store must exist (404); a rubric file too. */
export function requireResources(ctx: EmulatorContext, resources: readonly CreateResource[]): void {
  resources.forEach((resource, at) => {
    if (resource.type === "memory_store")
      requireLive(ctx, "memory_stores", "Memory store", resource.memory_store_id, `resources.${at}.memory_store_id`);
    if (resource.type === "file") requireLive(ctx, "files", "File", resource.file_id, `resources.${at}.file_id`);
  });
}

export function requireRubricFiles(ctx: EmulatorContext, events: readonly CreateEvent[]): void {
  events.forEach((event, at) => {
    if (event.type === "user.define_outcome" && event.rubric.type === "file") {
      requireLive(ctx, "files", "File", event.rubric.file_id, `initial_events.${at}.rubric.file_id`);
    }
  });
}

/** §11.3: events are stored and echoed in the D2 shape (string content becomes one text block). */
export type StoredEvent = { type: string } & Record<string, unknown>;

export function normaliseEvents(events: readonly CreateEvent[]): StoredEvent[] {
  return events.map((event) => contentAsBlocks(structuredClone(event)) as StoredEvent);
}

/** Metadata of a deployment after a patch: the usual rules, with `cas_config` exempt from the key count (§2.6). */
export function patchDeploymentMetadata(
  current: Readonly<Record<string, unknown>>,
  patch: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete next[key];
    else setOwn(next, key, value);
  }
  const counted = Object.keys(next).filter((key) => key !== CAS_CONFIG_KEY).length;
  if (counted > METADATA_LIMITS.maxKeys) throw invalid(`metadata may hold at most ${METADATA_LIMITS.maxKeys} keys after the update`, "metadata");
  return next;
}

// ---- write-only GitHub tokens ----

/**
 * The `authorization_token` of each github_repository resource, in resource order, kept outside the
 * collections (in memory only): the collections are what the admin API lists and the state file holds, and a
 * write-only value must never leave the emulator, as with vault credential secrets.
 */
const tokensByState = new WeakMap<EmulatorState, Map<string, string[]>>();

export function tokenStore(state: EmulatorState): Map<string, string[]> {
  let store = tokensByState.get(state);
  if (!store) {
    store = new Map();
    tokensByState.set(state, store);
  }
  return store;
}

/** The tokens a deployment's GitHub resources were given, for tests that prove they reached the server. */
export function deploymentSecrets(state: EmulatorState, deploymentId: string): readonly string[] | undefined {
  if (!state.peek(DEPLOYMENTS)?.has(deploymentId)) return undefined;
  const found = tokenStore(state).get(deploymentId);
  return found ? [...found] : undefined;
}

/** The resources as stored and echoed (the input, without write-only tokens) and the tokens taken out. */
export function splitResources(resources: readonly CreateResource[]): { view: StoredResource[]; tokens: string[] } {
  const tokens: string[] = [];
  const view = resources.map((resource) => {
    if (resource.type !== "github_repository") return structuredClone(resource) as StoredResource;
    const { authorization_token, ...rest } = resource;
    tokens.push(authorization_token);
    return structuredClone(rest) as StoredResource;
  });
  return { view, tokens };
}

// ---- what a run finds ----

interface RunnableDeployment {
  agent: { id: string; version: number };
  environment_id: string;
  vault_ids: string[];
  resources: StoredResource[];
  initial_events: StoredEvent[];
}

interface SkillBindingLike {
  type: string;
  skill_id: string;
}

function lookup(ctx: EmulatorContext, collection: string, id: string): Archivable | undefined {
  return ctx.state.peek<Archivable>(collection)?.get(id);
}

/**
 * Why a run cannot start a session now, or undefined when it can (§11.11, §3.3). References are checked in
 * the order a session is built: agent, environment (and whether it can mount the resources), vaults,
 * resources, rubric files, the agent's custom skills.
 */
export function runFailure(ctx: EmulatorContext, deployment: RunnableDeployment): RunError | undefined {
  const { agent: ref } = deployment;
  const agent = ctx.state.peek<StoredAgent>(AGENTS)?.get(ref.id);
  // The SDK lists no agent_not_found_error (agents have no delete; only an out-of-band removal gets here);
  // §11.11's "<x>_not_found_error" pattern names it.
  if (!agent) return { type: "agent_not_found_error", message: `Agent '${ref.id}' was not found.` };
  if (agent.archived_at) return { type: "agent_archived_error", message: `Agent '${ref.id}' is archived.` };
  const environment = ctx.state.peek<StoredEnvironment>(ENVIRONMENTS)?.get(deployment.environment_id);
  if (!environment) return { type: "environment_not_found_error", message: `Environment '${deployment.environment_id}' was not found.` };
  if (environment.archived_at) return { type: "environment_archived_error", message: `Environment '${environment.id}' is archived.` };
  const cloudOnly = deployment.resources.find((resource) => CLOUD_ONLY_RESOURCES.includes(resource.type));
  if (environment.config.type === "self_hosted" && cloudOnly) {
    return {
      type: "self_hosted_resources_unsupported_error",
      message: `Environment '${environment.id}' is self-hosted: it can mount memory_store resources only, not ${cloudOnly.type}.`,
    };
  }
  for (const id of deployment.vault_ids) {
    const vault = lookup(ctx, "vaults", id);
    if (!vault) return { type: "vault_not_found_error", message: `Vault '${id}' was not found.` };
    if (vault.archived_at) return { type: "vault_archived_error", message: `Vault '${id}' is archived.` };
  }
  for (const resource of deployment.resources) {
    if (resource.type === "file" && !lookup(ctx, "files", String(resource.file_id))) {
      return { type: "file_not_found_error", message: `File '${String(resource.file_id)}' was not found.` };
    }
    if (resource.type === "memory_store") {
      const id = String(resource.memory_store_id);
      const store = lookup(ctx, "memory_stores", id);
      // No memory_store_not_found_error in the SDK's list: a deleted store is a session resource not found.
      if (!store) return { type: "session_resource_not_found_error", message: `Memory store '${id}' was not found.` };
      if (store.archived_at) return { type: "memory_store_archived_error", message: `Memory store '${id}' is archived.` };
    }
  }
  for (const event of deployment.initial_events) {
    const rubric = event.rubric;
    if (isRecord(rubric) && rubric.type === "file" && !lookup(ctx, "files", String(rubric.file_id))) {
      return { type: "file_not_found_error", message: `File '${String(rubric.file_id)}' was not found.` };
    }
  }
  const pinned = agentVersion(ctx, ref.id, ref.version) ?? agent;
  for (const binding of pinned.skills as readonly SkillBindingLike[]) {
    if (binding.type === "custom" && !lookup(ctx, "skills", binding.skill_id)) {
      return { type: "skill_not_found_error", message: `Skill '${binding.skill_id}' was not found.` };
    }
  }
  return undefined;
}

/** A session resource from a deployment resource: the defaults of §2.4 filled in. */
export function sessionResource(resource: StoredResource): StoredResource {
  if (resource.type === "memory_store") return { ...resource, access: resource.access ?? "read_write" };
  if (resource.type === "file") return { ...resource, mount_path: resource.mount_path ?? `/mnt/session/uploads/${String(resource.file_id)}` };
  const repository = String(resource.url ?? "")
    .replace(/\/+$/, "")
    .split("/")
    .at(-1)
    ?.replace(/\.git$/, "");
  return { ...resource, mount_path: resource.mount_path ?? `/workspace/${repository ?? "repository"}` };
}

/** A deployment's `KEY=VALUE` lines as the map a session carries; blank lines and lines without `=` are skipped. */
export function environmentVariableMap(lines: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines.split(/\r?\n/)) {
    const at = line.indexOf("=");
    if (at <= 0) continue;
    setOwn(out, line.slice(0, at), line.slice(at + 1));
  }
  return out;
}
