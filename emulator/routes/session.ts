// Routes of Sessions at the depth the provider needs (CONTRACT.md "Sessions, Events, Files"): create (binding
// an agent snapshot, environment, vaults, resources), get, list, update, archive, delete. They make
// "environment in use → 409" real. Depends on provider/api and emulator core.
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

type AgentSnapshot = Pick<StoredAgent, "id" | "type" | "version" | "name" | "description" | "model" | "system" | "tools" | "skills" | "mcp_servers">;

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
  deployment_id: null;
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

type StoredResource = { type: string } & Record<string, unknown>;

interface ArchivableLike {
  id: string;
  archived_at?: string | null;
}

export function sessionRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const sessions = ctx.state.collection<StoredSession>(SESSIONS);
  const app = new Hono<EmulatorEnv>();

  const find = (id: string): StoredSession => {
    const session = sessions.get(id);
    if (!session) throw notFound("Session", id);
    return session;
  };

  /** The agent version the session binds: latest for a bare id, the pinned one otherwise. */
  const bindAgent = (ref: SessionCreateBody["agent"]): AgentSnapshot => {
    const id = typeof ref === "string" ? ref : ref.id;
    const agent = ctx.state.collection<StoredAgent>(AGENTS).get(id);
    if (!agent) throw notFound("Agent", id);
    // Undocumented for Qoder; the reference's inference: an archived agent takes no new sessions (400).
    if (agent.archived_at) throw invalid(`Agent '${id}' is archived.`, "agent");
    const version = typeof ref === "string" ? undefined : ref.version;
    const history = ctx.state.collection<StoredAgentVersions>(AGENT_VERSIONS).get(id)?.snapshots ?? [];
    const source = version === undefined ? agent : history.find((snapshot) => snapshot.version === version);
    if (!source) throw invalid(`Agent '${id}' has no version ${version}.`, "agent.version");
    const { type, name, description, model, system, tools, skills, mcp_servers } = source;
    return { id, type, version: source.version, name, description, model, system, tools, skills, mcp_servers };
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
    const agent = bindAgent(body.agent);
    const environment = ctx.state.collection<StoredEnvironment>(ENVIRONMENTS).get(body.environment_id);
    if (!environment) throw notFound("Environment", body.environment_id);
    // An archived environment takes no new sessions (CONTRACT.md "Environments").
    if (environment.archived_at) throw invalid(`Environment '${environment.id}' is archived.`, "environment_id");
    const vaultIds = body.vault_ids ?? [];
    vaultIds.forEach((id, at) => requireLive("vaults", "Vault", id, `vault_ids.${at}`));
    const resources = (body.resources ?? []).map(normaliseResource);
    const time = ctx.now();
    const session: StoredSession = {
      id: ctx.newId("sess"),
      type: "session",
      agent,
      environment_id: environment.id,
      title: body.title ?? null,
      status: "idle",
      metadata: body.metadata ?? {},
      environment_variables: body.environment_variables ?? {},
      resources,
      vault_ids: vaultIds,
      deployment_id: null,
      outcome_evaluations: [],
      stats: { active_seconds: 0, duration_seconds: 0 },
      usage: { total_credits: 0 },
      archived_at: null,
      created_at: time,
      updated_at: time,
    };
    return c.json(sessions.set(session), 201);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    const agentId = c.req.query("agent_id");
    const environmentId = c.req.query("environment_id");
    const matching = visible(sessions.values(), query.include_archived).filter(
      (session) =>
        (agentId === undefined || session.agent.id === agentId) && (environmentId === undefined || session.environment_id === environmentId),
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
