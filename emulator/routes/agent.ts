// Routes of Agents (CONTRACT.md "Agents"): create, list, get (?version=N), update with OCC on `version`,
// archive (idempotent, no bump), versions list. No delete exists. Depends on provider/api and emulator core.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { AgentCreateParams, AgentUpdateParams, QueryInteger } from "../../provider/api";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { ApiFailure, conflict, invalid, notFound } from "../errors";
import { paginate, parseListQuery, visible } from "../pagination";
import { parseBody, validate } from "../validation";
import {
  AGENTS,
  AGENT_VERSIONS,
  mergeAgentUpdate,
  requireBrowserBeta,
  requireConsistentDefinition,
  requireKnownSkills,
  requireValidMembers,
  type StoredAgent,
  type StoredAgentVersions,
} from "./agent-rules";

const VersionQuery = z.looseObject({ version: QueryInteger.pipe(z.number().int().min(1)).optional() });

export function agentRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const agents = ctx.state.collection<StoredAgent>(AGENTS);
  const versions = ctx.state.collection<StoredAgentVersions>(AGENT_VERSIONS);
  const app = new Hono<EmulatorEnv>();

  const find = (id: string): StoredAgent => {
    const agent = agents.get(id);
    if (!agent) throw notFound("Agent", id);
    return agent;
  };

  /** Stores the agent and, when its version is new, the immutable snapshot of that version. */
  const commit = (agent: StoredAgent): StoredAgent => {
    agents.set(agent);
    const history = versions.get(agent.id) ?? { id: agent.id, snapshots: [] };
    if (!history.snapshots.some((snapshot) => snapshot.version === agent.version)) {
      versions.set({ id: agent.id, snapshots: [...history.snapshots, structuredClone(agent)] });
    }
    return agent;
  };

  const archive = (agent: StoredAgent): StoredAgent => {
    // Idempotent, no version bump, no snapshot (CONTRACT.md "Agents").
    if (agent.archived_at) return agent;
    const time = ctx.now();
    return agents.set({ ...agent, archived_at: time, updated_at: time });
  };

  ctx.hooks.register(AGENTS, {
    // An out-of-band edit is a real update made by someone else: version + 1 and a snapshot.
    patch: (id, fields) => {
      const current = find(id);
      return commit({ ...current, ...(fields as Partial<StoredAgent>), id, version: current.version + 1, updated_at: ctx.now() });
    },
    archive: (id) => archive(find(id)),
    remove: (id) => {
      find(id);
      agents.delete(id);
      versions.delete(id);
    },
  });

  app.post("/", async (c) => {
    const body = await parseBody(c, AgentCreateParams);
    requireBrowserBeta(c, body.tools);
    requireValidMembers(ctx, body.multiagent);
    requireKnownSkills(ctx, body.skills);
    const time = ctx.now();
    const agent: StoredAgent = {
      type: "agent",
      id: ctx.newId("agent"),
      name: body.name,
      description: body.description ?? "",
      model: body.model,
      system: body.system ?? "",
      tools: body.tools ?? [],
      mcp_servers: body.mcp_servers ?? [],
      skills: body.skills ?? [],
      metadata: body.metadata ?? {},
      multiagent: body.multiagent ?? null,
      version: 1,
      archived_at: null,
      created_at: time,
      updated_at: time,
    };
    return c.json(commit(agent), 201);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    return c.json(paginate(visible(agents.values(), query.include_archived), query));
  });

  app.get("/:agent_id", (c) => {
    const agent = find(c.req.param("agent_id"));
    const { version } = validate(VersionQuery, c.req.query());
    if (version === undefined) return c.json(agent);
    const snapshot = versions.get(agent.id)?.snapshots.find((item) => item.version === version);
    if (!snapshot) throw new ApiFailure(404, "not_found_error", `Agent '${agent.id}' has no version ${version}.`);
    return c.json(snapshot);
  });

  const update = async (c: Context<EmulatorEnv>) => {
    const current = find(c.req.param("agent_id") ?? "");
    const { version, ...changes } = await parseBody(c, AgentUpdateParams);
    // Optimistic concurrency: the body carries the version it was based on (CONTRACT.md "Agents").
    if (version !== current.version) {
      throw conflict(
        `Version conflict: agent '${current.id}' is at version ${current.version}, the update was based on version ${version}.`,
        "version",
      );
    }
    requireBrowserBeta(c, changes.tools);
    const next = mergeAgentUpdate(current, changes, ctx.now());
    requireConsistentDefinition(next);
    if (changes.multiagent !== undefined) requireValidMembers(ctx, changes.multiagent);
    if (changes.skills !== undefined) requireKnownSkills(ctx, changes.skills);
    return c.json(commit(next));
  };
  app.post("/:agent_id", update);
  // Older servers updated with PUT (reference G1/G2); accepted as an alias.
  app.put("/:agent_id", update);

  app.post("/:agent_id/archive", (c) => c.json(archive(find(c.req.param("agent_id")))));

  app.get("/:agent_id/versions", (c) => {
    const agent = find(c.req.param("agent_id"));
    const query = parseListQuery(c);
    // Version cursors are version numbers as strings (reference §2.10); anything else is a 400.
    for (const name of ["page", "after_id", "before_id"] as const) {
      const cursor = query[name];
      if (cursor !== undefined && !/^\d+$/.test(cursor)) throw invalid(`${name} must be a version number.`, name);
    }
    const snapshots = versions.get(agent.id)?.snapshots ?? [];
    return c.json(
      paginate(snapshots, query, {
        keyOf: (snapshot) => String(snapshot.version),
        compare: (a, b) => Number(a) - Number(b),
      }),
    );
  });

  return app;
}
