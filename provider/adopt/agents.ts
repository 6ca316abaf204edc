// An agent as a fleet entry: skills, roster members and MCP servers named by key. What the fleet cannot state
// (an unknown tool shape, a reference to an object the account does not list, a second toolset for one
// server) is left out with a note, since the fleet has no literal form for it and would refuse the file.
import { isRecord } from "../api/records";
import type { Agent } from "../client";
import { FleetAgent } from "../fleet/schema";

type Json = Record<string, unknown>;
type Use<K extends "skills" | "mcpServers"> = NonNullable<FleetAgent[K]>[number];
type Member = NonNullable<FleetAgent["multiagent"]>["agents"][number];

/** How ids of the account become keys of the document. */
export interface AgentContext {
  skill(id: string): { key: string; latestVersion: string } | undefined;
  agent(id: string): { key: string; version: number; coordinator: boolean } | undefined;
  /** The key of the top-level `mcpServers` entry with this name and URL (one entry per pair). */
  mcpServer(server: { name: string; url: string }): string;
}

interface Built<T> {
  value: T;
  notes: string[];
}

const OneTool = FleetAgent.shape.tools;
const TOOLSET_FIELDS = new Set(["type", "mcpServerName", "configs", "defaultConfig"]);

function ownTools(agent: Agent): Built<Json[]> {
  const notes: string[] = [];
  const value: Json[] = [];
  agent.tools.forEach((tool, index) => {
    if (tool.type === "mcp_toolset") return;
    if (OneTool.safeParse([tool]).success) value.push(tool);
    else notes.push(`tools[${index}] (type ${tool.type}) has a shape the fleet cannot declare; left out`);
  });
  return { value, notes };
}

/**
 * MCP servers in the agent's `mcp_servers` order, each with its toolset's settings. The fleet writes one
 * server and its toolset per use, so a server needs exactly one toolset naming it.
 */
function mcpServerUses(agent: Agent, context: AgentContext): Built<Use<"mcpServers">[]> {
  const notes: string[] = [];
  const toolsets = agent.tools.filter((tool) => tool.type === "mcp_toolset") as Json[];
  const names = new Set(agent.mcpServers.map((server) => server.name));
  for (const toolset of toolsets) {
    if (!names.has(String(toolset.mcpServerName)))
      notes.push(`its mcp_toolset for the unknown MCP server "${String(toolset.mcpServerName)}" is left out`);
  }
  const value: Use<"mcpServers">[] = [];
  for (const server of agent.mcpServers) {
    const mine = toolsets.filter((toolset) => toolset.mcpServerName === server.name);
    if (server.type !== "url" || mine.length === 0) {
      notes.push(
        `MCP server "${server.name}" is left out: ${server.type !== "url" ? `its type ${server.type} is not one the fleet declares` : "no mcp_toolset names it"}`,
      );
      continue;
    }
    if (mine.length > 1)
      notes.push(`MCP server "${server.name}" has ${mine.length} toolsets; the fleet declares one per server, so only the first is kept`);
    const toolset = mine[0]!;
    const extra = Object.keys(toolset).filter((field) => !TOOLSET_FIELDS.has(field));
    if (extra.length > 0)
      notes.push(`the toolset of MCP server "${server.name}" has fields the fleet cannot declare (${extra.join(", ")}); left out`);
    const key = context.mcpServer({ name: server.name, url: server.url });
    const settings = {
      ...(toolset.configs !== undefined ? { configs: toolset.configs } : {}),
      ...(toolset.defaultConfig !== undefined ? { defaultConfig: toolset.defaultConfig } : {}),
    };
    value.push(Object.keys(settings).length > 0 ? ({ server: key, ...settings } as Use<"mcpServers">) : key);
  }
  return { value, notes };
}

function skillUses(agent: Agent, context: AgentContext): Built<Use<"skills">[]> {
  const notes: string[] = [];
  const value: Use<"skills">[] = [];
  for (const binding of agent.skills) {
    const version = typeof binding.version === "string" ? binding.version : undefined;
    if (binding.type === "qoder") {
      value.push({ qoder: binding.skillId, ...(version ? { version } : {}) });
      continue;
    }
    const skill = binding.type === "custom" ? context.skill(binding.skillId) : undefined;
    if (!skill) {
      notes.push(
        `its skill ${binding.skillId} is not a custom skill this account lists; the fleet can only name skills it declares, so it is left out`,
      );
      continue;
    }
    if (!version) value.push(skill.key);
    else {
      // `pin` pins the skill's latest version, the only version the fleet can name.
      if (version !== skill.latestVersion)
        notes.push(`skill "${skill.key}" is pinned at version ${version}; the fleet pins the latest (${skill.latestVersion})`);
      value.push({ skill: skill.key, pin: true });
    }
  }
  return { value, notes };
}

function rosterMember(member: unknown, agent: Agent, context: AgentContext): Built<Member | undefined> {
  if (isRecord(member) && member.type === "self") return { value: "self", notes: [] };
  const id = typeof member === "string" ? member : isRecord(member) ? String(member.id) : String(member);
  const found = context.agent(id);
  if (!found) return { value: undefined, notes: [`its roster member ${id} is not an agent this account lists (archived or gone); left out`] };
  if (id === agent.id) return { value: "self", notes: [] };
  if (found.coordinator)
    return { value: undefined, notes: [`its roster member "${found.key}" coordinates agents itself, which a member may not; left out`] };
  if (!isRecord(member)) return { value: found.key, notes: [] };
  const notes =
    member.version === found.version
      ? []
      : [`roster member "${found.key}" is pinned at version ${String(member.version)}; the fleet pins its current version (${found.version})`];
  return { value: { agent: found.key, pin: true }, notes };
}

function roster(agent: Agent, context: AgentContext): Built<FleetAgent["multiagent"]> {
  if (!agent.multiagent) return { value: undefined, notes: [] };
  const built = agent.multiagent.agents.map((member) => rosterMember(member, agent, context));
  const members = built.map((one) => one.value).filter((member): member is Member => member !== undefined);
  const notes = built.flatMap((one) => one.notes);
  if (members.length === 0) return { value: undefined, notes: [...notes, "no roster member is left, so it is written without multiagent"] };
  return { value: { type: "coordinator", agents: members }, notes };
}

/** The agent's entry; `notes` say what it leaves out or states differently from the account. */
export function agentEntry(agent: Agent, context: AgentContext): { entry: FleetAgent; notes: string[] } {
  const tools = ownTools(agent);
  const servers = mcpServerUses(agent, context);
  const skills = skillUses(agent, context);
  const multiagent = roster(agent, context);
  const entry = {
    name: agent.name,
    model: agent.model,
    ...(agent.description ? { description: agent.description } : {}),
    ...(agent.system ? { system: agent.system } : {}),
    ...(tools.value.length > 0 ? { tools: tools.value } : {}),
    ...(servers.value.length > 0 ? { mcpServers: servers.value } : {}),
    ...(skills.value.length > 0 ? { skills: skills.value } : {}),
    ...(multiagent.value ? { multiagent: multiagent.value } : {}),
    ...(Object.keys(agent.metadata).length > 0 ? { metadata: agent.metadata } : {}),
    ...(agent.archivedAt ? {} : { adoptId: agent.id }),
  } as FleetAgent;
  return { entry, notes: [...tools.notes, ...servers.notes, ...skills.notes, ...multiagent.notes] };
}
