// Agent rules that need more than the request body (CONTRACT.md "Agents"): the beta header for the browser
// toolset, multiagent members and skill bindings checked against stored state, and the update merge.
// Used by routes/agent.ts only; depends on provider/api and emulator core.
import type { Context } from "hono";
import {
  BROWSER_BETA,
  BROWSER_TOOLSET_TYPE,
  agentDefinitionIssues,
  type Agent,
  type AgentCreateParams,
  type AgentTool,
  type AgentUpdateParams,
  type Multiagent,
  type SkillBinding,
} from "../../provider/api";
import type { EmulatorContext, Flat, ServerTimestamps } from "../context";
import { invalid } from "../errors";
import { applyMetadataPatch, keep } from "../patch";
import { dottedPath } from "../validation";

/**
 * An agent as the emulator stores and returns it: the create body with every optional field filled in (the
 * route gives the API's defaults), plus the server's fields.
 */
export type StoredAgent = Flat<{ type: "agent"; id: string } & Required<AgentCreateParams> & { version: number } & ServerTimestamps>;

/** Every version's snapshot of one agent, oldest first; stored under the agent's id. */
export interface StoredAgentVersions {
  id: string;
  snapshots: StoredAgent[];
}

// Compile-time guard: what the emulator returns must decode as the client's `Agent`.
export const asAgent = (agent: StoredAgent): Agent => agent;

export const AGENTS = "agents";
export const AGENT_VERSIONS = "agent_versions";

/** Values of the repeatable `x-qoder-beta` header (repeats arrive comma-joined). */
export function betaFlags(c: Context): Set<string> {
  const raw = c.req.header("x-qoder-beta") ?? "";
  return new Set(
    raw
      .split(",")
      .map((flag) => flag.trim())
      .filter(Boolean),
  );
}

/** CONTRACT.md "Transport": `browser_toolset_20260714` in tools needs `x-qoder-beta: browser-use-2026-07-14`. */
export function requireBrowserBeta(c: Context, tools: readonly AgentTool[] | null | undefined): void {
  const index = (tools ?? []).findIndex((tool) => tool.type === BROWSER_TOOLSET_TYPE);
  if (index >= 0 && !betaFlags(c).has(BROWSER_BETA)) {
    throw invalid(`${BROWSER_TOOLSET_TYPE} requires the header x-qoder-beta: ${BROWSER_BETA}.`, `tools.${index}.type`);
  }
}

/** The body-only cross-field rules, evaluated on the resulting agent (arrays replace whole on update). */
export function requireConsistentDefinition(agent: StoredAgent): void {
  const issue = agentDefinitionIssues(agent)[0];
  if (issue) throw invalid(issue.message, dottedPath(issue.path));
}

/**
 * Multiagent members must exist, not be archived and not be coordinators themselves; a pinned version must
 * exist (CONTRACT.md "Agents"). Answered as 400 on the offending member, since it is a field of this request.
 */
export function requireValidMembers(ctx: EmulatorContext, multiagent: Multiagent | null | undefined): void {
  if (!multiagent) return;
  const agents = ctx.state.collection<StoredAgent>(AGENTS);
  multiagent.agents.forEach((member, at) => {
    if (typeof member !== "string" && member.type === "self") return;
    const id = typeof member === "string" ? member : member.id;
    const param = `multiagent.agents.${at}`;
    const found = agents.get(id);
    if (!found) throw invalid(`Agent '${id}' was not found.`, param);
    if (found.archived_at) throw invalid(`Agent '${id}' is archived and cannot be a multiagent member.`, param);
    if (found.multiagent) throw invalid(`Agent '${id}' is a coordinator and cannot be a multiagent member.`, param);
    if (typeof member !== "string" && member.version > found.version) {
      throw invalid(`Agent '${id}' has no version ${member.version}.`, `${param}.version`);
    }
  });
}

interface StoredSkillLike {
  id: string;
}
interface StoredSkillVersionLike {
  id: string;
  skill_id?: string;
  version?: string;
}

/**
 * Custom skills must exist when the Skills kind is mounted (the store is looked up, not imported, so agents
 * work without it); a pinned version must exist when skill versions are stored. `qoder` skills are managed
 * names the emulator cannot know, so they are accepted.
 */
export function requireKnownSkills(ctx: EmulatorContext, skills: readonly SkillBinding[] | null | undefined): void {
  const store = ctx.state.peek<StoredSkillLike>("skills");
  if (!store) return;
  const versions = ctx.state.peek<StoredSkillVersionLike>("skill_versions");
  (skills ?? []).forEach((binding, at) => {
    if (binding.type !== "custom") return;
    if (!store.get(binding.skill_id)) throw invalid(`Skill '${binding.skill_id}' was not found.`, `skills.${at}.skill_id`);
    if (binding.version === undefined || !versions) return;
    const exists = versions.values().some((v) => v.skill_id === binding.skill_id && v.version === binding.version);
    if (!exists) throw invalid(`Skill '${binding.skill_id}' has no version ${binding.version}.`, `skills.${at}.version`);
  });
}

/**
 * The agent after an update (CONTRACT.md "Agents"): omitted fields kept, arrays replaced whole (`null`
 * clears), `system`/`description` `null` → `""`, metadata patched, version + 1.
 */
export function mergeAgentUpdate(current: StoredAgent, body: Omit<AgentUpdateParams, "version">, now: string): StoredAgent {
  return {
    ...current,
    name: keep(body.name, current.name),
    description: body.description === null ? "" : keep(body.description, current.description),
    model: keep(body.model, current.model),
    system: body.system === null ? "" : keep(body.system, current.system),
    tools: body.tools === null ? [] : keep(body.tools, current.tools),
    mcp_servers: body.mcp_servers === null ? [] : keep(body.mcp_servers, current.mcp_servers),
    skills: body.skills === null ? [] : keep(body.skills, current.skills),
    metadata: applyMetadataPatch(current.metadata, body.metadata),
    multiagent: keep(body.multiagent, current.multiagent),
    version: current.version + 1,
    updated_at: now,
  };
}
