// The API's own cross-field rules on each entry the fleet schema accepted, as it parsed them: the agent
// definition exactly as the Agent resource would send it (wire AgentCreateParams, with its MCP and roster
// rules), environment configs (wire EnvironmentConfig) and deployments' create bodies (wire
// DeploymentCreateParams). Same schemas and words as the API layer; no API call.
import type { z } from "zod";
import { AgentCreateParams, BUILT_IN_TOOLS } from "../api/agent";
import { camelCaseKey, toWire } from "../api/casing";
import { DeploymentCreateParams } from "../api/deployment";
import { EnvironmentConfig } from "../api/environment";
import { isRecord } from "../api/records";
import { deploymentKind } from "../kinds/deployment";
import { camelMessage } from "./camel";
import { agentDefinition, mcpServerOf, type EntryIds } from "./agent-definition";
import { deploymentDefinition, environmentKeyOf, type DeploymentIds } from "./deployment-definition";
import type { FleetProblem, Path } from "./problems";
import type { FleetAgent, FleetDeployment, FleetDocument, FleetEnvironment } from "./schema";
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

/** Stand-in ids of the entries a deployment names: enough for the rules, which look at shapes only. */
const DEPLOYMENT_PLACEHOLDERS: DeploymentIds = {
  agent: (key) => ({ id: `agent_${key}`, version: 1 }),
  environment: (key) => `env_${key}`,
  vault: (key) => `vault_${key}`,
  memoryStore: (key) => `memstore_${key}`,
  file: (key) => `file_${key}`,
};

/** The entry's property for a field of a wire resource: `file_id` is `file` (or `fileId`), `url` `githubRepository`. */
function resourceField(field: string, use: unknown): string {
  if (field === "file_id") return isRecord(use) && "fileId" in use ? "fileId" : "file";
  return { memory_store_id: "memoryStore", url: "githubRepository", authorization_token: "token" }[field] ?? camelCaseKey(field);
}

/** A wire path of the deployment body as the place in the entry a person wrote. */
function deploymentIssuePath(wirePath: readonly PropertyKey[], entry: FleetDeployment): Path {
  const [field, ...rest] = wirePath.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  if (field === undefined) return [];
  if (field === "environment_id") return ["environment"];
  if (field === "vault_ids") return ["vaults", ...rest];
  if (field === "initial_events") return entry.initialEvents === undefined ? ["prompt"] : ["initialEvents", ...camelPath(rest)];
  if (field === "resources" && typeof rest[0] === "number" && typeof rest[1] === "string") {
    return ["resources", rest[0], resourceField(rest[1], entry.resources?.[rest[0]]), ...camelPath(rest.slice(2))];
  }
  // The schedule's wire form is { type: cron, expression, timezone }; the entry's { cron, timezone }.
  if (field === "schedule") return rest[0] === "expression" ? ["schedule", "cron"] : rest[0] === "type" ? ["schedule"] : camelPath([field, ...rest]);
  return camelPath([field as string, ...rest]);
}

/**
 * The deployment as the Deployment resource would send it (its create body from kinds/deployment.ts), checked
 * with the wire schema its check uses: schedule, events, limits, in the wire's words.
 */
function deploymentProblems(key: string, deployment: FleetDeployment, document: FleetDocument): FleetProblem[] {
  // An environment the entry leaves unresolved is fleet/references.ts's to report; any stand-in does here.
  const environment = environmentKeyOf(document, deployment.environment) ?? "";
  const body = deploymentKind.toBody!(deploymentDefinition(key, deployment, environment, DEPLOYMENT_PLACEHOLDERS) as Record<string, unknown>);
  // Neither events nor a prompt is fleet/references.ts's to report, and a `{ secret: key }` token left
  // unresolved is fleet/secrets.ts's: the stand-ins the body carries for them are no problem of their own.
  const unwritten = deployment.initialEvents === undefined && deployment.prompt === undefined;
  const standIn = (path: readonly PropertyKey[]) =>
    (unwritten && path[0] === "initial_events") || (path[0] === "resources" && path[2] === "authorization_token");
  return issuesOf(DeploymentCreateParams, toWire(body))
    .filter((issue) => !standIn(issue.path))
    .map((issue) => ({
      path: ["deployments", key, ...deploymentIssuePath(issue.path, deployment)],
      message: camelMessage(issue.message, DeploymentCreateParams),
    }));
}

/**
 * The rules of every agent, environment and deployment of `document`: the document as the fleet schema parsed
 * it or, when it has problems, the entries the schema accepted (fleet/validate.ts). Per entry, so one broken
 * entry does not hide the rule violations of the others.
 */
export function apiRuleProblems(document: FleetDocument): FleetProblem[] {
  const ids = placeholderIds(document);
  return [
    ...Object.entries(document.agents ?? {}).flatMap(([key, agent]) => agentProblems(key, agent, ids)),
    ...Object.entries(document.environments ?? {}).flatMap(([key, environment]) => environmentProblems(key, environment)),
    ...Object.entries(document.deployments ?? {}).flatMap(([key, deployment]) => deploymentProblems(key, deployment, document)),
  ];
}
