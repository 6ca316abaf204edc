// The API's own cross-field rules on each entry the fleet schema accepted, as it parsed them: the agent
// definition exactly as the Agent resource would send it (wire AgentCreateParams, with its MCP and roster
// rules) and environment configs (wire EnvironmentConfig). Same schemas and words as the API layer; no API call.
import type { z } from "zod";
import { AgentCreateParams, BUILT_IN_TOOLS } from "../api/agent";
import { camelCaseKey, toWire } from "../api/casing";
import { EnvironmentConfig } from "../api/environment";
import { camelMessage } from "./camel";
import { agentDefinition, mcpServerOf, type EntryIds } from "./agent-definition";
import type { FleetProblem, Path } from "./problems";
import type { FleetAgent, FleetDocument, FleetEnvironment } from "./schema";
import { didYouMean } from "./suggest";

/**
 * Stand-in ids: enough for the rules, which look at names and shapes, never at real objects. An MCP server
 * the document does not declare, or declares in a way the schema refuses, gets a stand-in URL (and its key as
 * its name): fleet/references.ts reports the unknown key, the schema the broken entry.
 */
function placeholderIds(document: FleetDocument): EntryIds {
  return {
    skill: (key) => ({ id: `skill_${key}`, latestVersion: "1" }),
    agent: (key) => ({ id: `agent_${key}`, version: 1 }),
    mcpServer: (key) => {
      const server = mcpServerOf(document, key);
      return { ...server, url: server.url || "https://unknown.invalid/" };
    },
  };
}

/** Map keys of user-keyed maps stay as written; every other wire key reads in camelCase. */
function camelPath(path: readonly PropertyKey[]): Path {
  const out: (string | number)[] = [];
  let verbatim = false;
  for (const segment of path) {
    const name: string | number = typeof segment === "number" ? segment : verbatim ? String(segment) : camelCaseKey(String(segment));
    verbatim = name === "metadata" || name === "inputSchema";
    out.push(name);
  }
  return out;
}

/**
 * A wire path of the agent body as the place in the entry a person wrote: the generated MCP toolsets and
 * servers point at the `mcpServers` item that produced them.
 */
function agentIssuePath(wirePath: readonly PropertyKey[], ownTools: number): Path {
  const [field, index, ...rest] = wirePath;
  if (field === "tools" && typeof index === "number" && index >= ownTools) return ["mcpServers", index - ownTools];
  if (field === "mcp_servers" && typeof index === "number") return ["mcpServers", index];
  if (field === "skills" && typeof index === "number") return ["skills", index];
  return camelPath([field as PropertyKey, ...(index === undefined ? [] : [index]), ...rest].filter((part) => part !== undefined));
}

function issuesOf(schema: z.ZodType, value: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues;
}

/** The API's "unknown tool name 'Bashh'" gains the built-in it most likely meant. */
function withToolHint(message: string): string {
  const unknown = /^unknown tool name '(.+)'$/.exec(message)?.[1];
  return unknown === undefined ? message : `${message}${didYouMean(unknown, BUILT_IN_TOOLS)}`;
}

function agentProblems(key: string, agent: FleetAgent, ids: EntryIds): FleetProblem[] {
  const body = toWire(agentDefinition(key, agent, ids));
  const ownTools = agent.tools?.length ?? 0;
  return issuesOf(AgentCreateParams, body).map((issue) => ({
    path: ["agents", key, ...agentIssuePath(issue.path, ownTools)],
    message: withToolHint(camelMessage(issue.message, AgentCreateParams)),
  }));
}

function environmentProblems(key: string, environment: FleetEnvironment): FleetProblem[] {
  if (environment.config === undefined) return [];
  return issuesOf(EnvironmentConfig, toWire(environment.config)).map((issue) => ({
    path: ["environments", key, "config", ...camelPath(issue.path)],
    message: camelMessage(issue.message, EnvironmentConfig),
  }));
}

/**
 * The rules of every agent and environment of `document`: the document as the fleet schema parsed it or,
 * when it has problems, the entries the schema accepted (fleet/validate.ts). Per entry, so one broken entry
 * does not hide the rule violations of the others.
 */
export function apiRuleProblems(document: FleetDocument): FleetProblem[] {
  const ids = placeholderIds(document);
  return [
    ...Object.entries(document.agents ?? {}).flatMap(([key, agent]) => agentProblems(key, agent, ids)),
    ...Object.entries(document.environments ?? {}).flatMap(([key, environment]) => environmentProblems(key, environment)),
  ];
}
