// Routes of Sessions at the depth the provider needs (CONTRACT.md "Sessions, Events, Files"): create (binding
// an agent snapshot, environment, vaults, resources), get, list (filters agent_id, environment_id,
// deployment_id), update, archive, delete. They make "environment in use → 409" and "file still mounted → 409"
// real; deployment runs create theirs through `storeSession`. Depends on provider/api and emulator core.
import { Hono } from "hono";
import {
  SessionCreateParams,
  SessionUpdateParams,
  type Session,
  type SessionCreateParams as SessionCreateBody,
  type SessionResourceParams,
} from "../../provider/api";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { invalid, notFound } from "../errors";
import { paginate, parseListQuery, visible } from "../pagination";
import { applyMetadataPatch, keep } from "../patch";
import { parseBody } from "../validation";
import { AGENTS, AGENT_VERSIONS, type StoredAgent, type StoredAgentVersions } from "./agent-rules";
import { ENVIRONMENTS, type StoredEnvironment } from "./environment";

export type AgentSnapshot = Pick<
  StoredAgent,
  "id" | "type" | "version" | "name" | "description" | "model" | "system" | "tools" | "skills" | "mcp_servers"
>;

export type StoredSession = {
  id: string;
  type: "session";
  agent: AgentSnapshot;
  environment_id: string;
  title: string | null;
  status: "idle";
  metadata: Record<string, string>;
  environment_variables: Record<string, string>;
  resources: StoredResource[];
  vault_ids: string[];
  /** Set when a deployment run created the session (api-deployments.md §3.1). */
  deployment_id: string | null;
  outcome_evaluations: unknown[];
  stats: { active_seconds: number; duration_seconds: number };
  usage: { total_credits: number };
  archived_at: string | null;
  created_at: string;
  updated_at: string;
};

// Compile-time guard: what the emulator returns must decode as the client's `Session`.
export const asSession = (session: StoredSession): Session => session;

export const SESSIONS = "sessions";

export type StoredResource = { type: string } & Record<string, unknown>;

interface ArchivableLike {
  id: string;
  archived_at?: string | null;
}

/**
 * The agent snapshot a session binds: the latest version for a bare id or an object without `version`, the
 * pinned one otherwise. 404 for an unknown agent, 400 for an archived one or a version it never had.
 */
export function bindAgent(ctx: EmulatorContext, ref: SessionCreateBody["agent"], param = "agent"): AgentSnapshot {
  const id = typeof ref === "string" ? ref : ref.id;
  const agent = ctx.state.collection<StoredAgent>(AGENTS).get(id);
  if (!agent) throw notFound("Agent", id);
  // Undocumented for Qoder; the reference's inference: an archived agent takes no new sessions (400).
  if (agent.archived_at) throw invalid(`Agent '${id}' is archived.`, param);
  const version = typeof ref === "string" ? undefined : ref.version;
  const source = version === undefined ? agent : agentVersion(ctx, id, version);
  if (!source) throw invalid(`Agent '${id}' has no version ${version}.`, `${param}.version`);
  return snapshotOf(source);
}

/** One stored version of an agent (its current state when that is the version asked for). */
export function agentVersion(ctx: EmulatorContext, id: string, version: number): StoredAgent | undefined {
  const history = ctx.state.collection<StoredAgentVersions>(AGENT_VERSIONS).get(id)?.snapshots ?? [];
  return history.find((snapshot) => snapshot.version === version);
}

function snapshotOf(source: StoredAgent): AgentSnapshot {
  const { id, type, name, description, model, system, tools, skills, mcp_servers } = source;
  return { id, type, version: source.version, name, description, model, system, tools, skills, mcp_servers };
}

/** What a new session is made of; the caller has checked every reference. */
export interface SessionSpec {
  agent: AgentSnapshot;
  environment_id: string;
  title?: string | null;
  metadata?: Record<string, string>;
  environment_variables?: Record<string, string>;
  resources?: StoredResource[];
  vault_ids?: string[];
  deployment_id?: string | null;
}

/** Stores a new idle session (the create route's and a deployment run's). */
export function storeSession(ctx: EmulatorContext, spec: SessionSpec): StoredSession {
  const time = ctx.now();
  const session: StoredSession = {
    id: ctx.newId("sess"),
    type: "session",
    agent: spec.agent,
    environment_id: spec.environment_id,
    title: spec.title ?? null,
    status: "idle",
    metadata: spec.metadata ?? {},
    environment_variables: spec.environment_variables ?? {},
    resources: spec.resources ?? [],
    vault_ids: spec.vault_ids ?? [],
    deployment_id: spec.deployment_id ?? null,
    outcome_evaluations: [],
    stats: { active_seconds: 0, duration_seconds: 0 },
    usage: { total_credits: 0 },
    archived_at: null,
    created_at: time,
    updated_at: time,
  };
  return ctx.state.collection<StoredSession>(SESSIONS).set(session);
}

/** Live (not archived) sessions that mount the file: they block its delete (api-skills-vaults-files.md §3.7). */
export function sessionsMounting(ctx: EmulatorContext, fileId: string): StoredSession[] {
  const sessions = ctx.state.peek<StoredSession>(SESSIONS)?.values() ?? [];
  return sessions.filter((session) => !session.archived_at && session.resources.some((r) => r.type === "file" && r.file_id === fileId));
}

export function sessionRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const sessions = ctx.state.collection<StoredSession>(SESSIONS);
  const app = new Hono<EmulatorEnv>();

  const find = (id: string): StoredSession => {
    const session = sessions.get(id);
    if (!session) throw notFound("Session", id);
    return session;
  };

  /** A referenced object of a kind that may not be mounted: checked only when its collection exists. */
  const requireLive = (collection: string, label: string, id: string, param: string): void => {
    const store = ctx.state.peek<ArchivableLike>(collection);
    if (!store) return;
    const found = store.get(id);
    if (!found) throw notFound(label, id);
    if (found.archived_at) throw invalid(`${label} '${id}' is archived.`, param);
  };

  const normaliseResource = (resource: SessionResourceParams, at: number): StoredResource => {
    if (resource.type === "memory_store") {
      requireLive("memory_stores", "Memory store", resource.memory_store_id, `resources.${at}.memory_store_id`);
      return { ...resource, access: resource.access ?? "read_write" };
    }
    requireLive("files", "File", resource.file_id, `resources.${at}.file_id`);
    return { ...resource, mount_path: resource.mount_path ?? `/mnt/session/uploads/${resource.file_id}` };
  };

  app.post("/", async (c) => {
    const body = await parseBody(c, SessionCreateParams);
    const agent = bindAgent(ctx, body.agent);
    const environment = ctx.state.collection<StoredEnvironment>(ENVIRONMENTS).get(body.environment_id);
    if (!environment) throw notFound("Environment", body.environment_id);
    // An archived environment takes no new sessions (CONTRACT.md "Environments").
    if (environment.archived_at) throw invalid(`Environment '${environment.id}' is archived.`, "environment_id");
    const vaultIds = body.vault_ids ?? [];
    vaultIds.forEach((id, at) => requireLive("vaults", "Vault", id, `vault_ids.${at}`));
    const resources = (body.resources ?? []).map(normaliseResource);
    const session = storeSession(ctx, {
      agent,
      environment_id: environment.id,
      title: body.title ?? null,
      metadata: body.metadata ?? {},
      environment_variables: body.environment_variables ?? {},
      resources,
      vault_ids: vaultIds,
    });
    return c.json(session, 201);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    const agentId = c.req.query("agent_id");
    const environmentId = c.req.query("environment_id");
    // Sessions a deployment run created carry its id (api-deployments.md §3.1).
    const deploymentId = c.req.query("deployment_id");
    const matching = visible(sessions.values(), query.include_archived).filter(
      (session) =>
        (agentId === undefined || session.agent.id === agentId) &&
        (environmentId === undefined || session.environment_id === environmentId) &&
        (deploymentId === undefined || session.deployment_id === deploymentId),
    );
    return c.json(paginate(matching, query));
  });

  app.get("/:session_id", (c) => c.json(find(c.req.param("session_id"))));

  app.post("/:session_id", async (c) => {
    const current = find(c.req.param("session_id"));
    const body = await parseBody(c, SessionUpdateParams);
    const next: StoredSession = {
      ...current,
      title: keep(body.title, current.title),
      metadata: applyMetadataPatch(current.metadata, body.metadata),
      updated_at: ctx.now(),
    };
    return c.json(sessions.set(next));
  });

  app.post("/:session_id/archive", (c) => {
    const session = find(c.req.param("session_id"));
    // Archive leaves `status` alone and is one-way; repeating it changes nothing (reference §3.8).
    if (session.archived_at) return c.json(session);
    const time = ctx.now();
    return c.json(sessions.set({ ...session, archived_at: time, updated_at: time }));
  });

  app.delete("/:session_id", (c) => {
    const session = find(c.req.param("session_id"));
    sessions.delete(session.id);
    return c.json({ id: session.id, type: "session_deleted" });
  });

  return app;
}
