// One fleet agent entry as the Agent resource's definition: skills, MCP servers (each with its mcp_toolset) and
// roster members resolved from keys. Shared by validation (placeholder ids) and the builder (resource outputs).
import type * as pulumi from "@pulumi/pulumi";
import { pick } from "../api/records";
import type { AgentSkill } from "../kinds/agent";
import type { AgentArgs } from "../resources/agent";
import type { DeepInput } from "../resources/resource";
import type { FleetAgent, FleetDocument } from "./schema";
import { AGENT_ENTRY } from "./schema-agent";

/** The `mcpServer` lookup of EntryIds for a document whose references are known to resolve. */
export function mcpServerOf(document: FleetDocument, key: string): { name: string; url: string } {
  const server = document.mcpServers?.[key];
  return { name: server?.name ?? key, url: server?.url ?? "" };
}

/** How keys become ids: resource outputs in the builder, placeholders when checking the API's rules. */
export interface EntryIds {
  skill(key: string): { id: pulumi.Input<string>; latestVersion: pulumi.Input<string> };
  agent(key: string): { id: pulumi.Input<string>; version: pulumi.Input<number> };
  /** The `mcpServers` entry of that key: its name (the key unless set) and URL. */
  mcpServer(key: string): { name: string; url: string };
}

export type AgentDefinition = Omit<AgentArgs, "adoptId">;

type McpServerUse = NonNullable<FleetAgent["mcpServers"]>[number];
type SkillUse = NonNullable<FleetAgent["skills"]>[number];
type RosterMember = NonNullable<FleetAgent["multiagent"]>["agents"][number];

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

function serverUse(use: McpServerUse): Exclude<McpServerUse, string> {
  return typeof use === "string" ? { server: use } : use;
}

function skillBinding(use: SkillUse, ids: EntryIds): DeepInput<AgentSkill> {
  if (typeof use === "string") return { type: "custom", skillId: ids.skill(use).id };
  if ("qoder" in use) return { type: "qoder", skillId: use.qoder, ...(use.version ? { version: use.version } : {}) };
  const skill = ids.skill(use.skill);
  return { type: "custom", skillId: skill.id, ...(use.pin ? { version: skill.latestVersion } : {}) };
}

function rosterMember(member: RosterMember, ids: EntryIds) {
  if (member === "self") return { type: "self" as const };
  if (typeof member === "string") return ids.agent(member).id;
  const agent = ids.agent(member.agent);
  return member.pin ? { type: "agent" as const, id: agent.id, version: agent.version } : agent.id;
}

/**
 * The agent's definition in resource-input shape. Every MCP server the agent names becomes an `mcp_servers`
 * entry plus its `mcp_toolset` tool, appended after the entry's own tools (the API wants each server
 * referenced by a toolset, CONTRACT.md "Agents").
 */
export function agentDefinition(key: string, agent: FleetAgent, ids: EntryIds): AgentDefinition {
  const uses = (agent.mcpServers ?? []).map(serverUse);
  const servers = uses.map((use) => ({ type: "url" as const, ...ids.mcpServer(use.server) }));
  const toolsets = uses.map((use, index) => ({
    type: "mcp_toolset" as const,
    mcpServerName: servers[index]?.name ?? use.server,
    ...(use.configs ? { configs: use.configs } : {}),
    ...(use.defaultConfig ? { defaultConfig: use.defaultConfig } : {}),
  }));
  const definition: AgentDefinition = {
    // The name (the key unless set), every body field the entry holds as the API takes it (model, system,
    // description, metadata, and whatever the API adds), then the fields the fleet names by key.
    name: agent.name ?? key,
    ...(pick(agent, AGENT_ENTRY.verbatim) as Pick<AgentDefinition, "model">),
    tools: nonEmpty([...(agent.tools ?? []), ...toolsets]),
    mcpServers: nonEmpty(servers),
    skills: nonEmpty((agent.skills ?? []).map((use) => skillBinding(use, ids))),
    multiagent: agent.multiagent ? { type: "coordinator", agents: agent.multiagent.agents.map((member) => rosterMember(member, ids)) } : undefined,
  };
  return Object.fromEntries(Object.entries(definition).filter(([, value]) => value !== undefined)) as AgentDefinition;
}
