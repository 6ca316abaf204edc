// The Deployment kind (api-deployments.md §12): the fleet's cron job. Every field updates in place; `paused`
// is the desired state, applied with pause/unpause after a create or update; destroy archives it (the API has
// no delete). The schedule and the environment variables take another form on the wire than in a program.
import type { z } from "zod";
import type { CamelCased } from "../api/casing";
import type { DeploymentCreateParams } from "../api/deployment";
import { CAS_CONFIG_KEY, contentAsBlocks, isRecord } from "../api/records";
import { defineKind } from "./descriptor";

type WireBody = CamelCased<z.input<typeof DeploymentCreateParams>>;

/** An agent id (its latest version when applied), or `{ id, version }` to pin one (e.g. `agent.version`). */
export type DeploymentAgent = string | { id: string; version?: number };
/** When scheduled runs fire: a standard 5-field cron expression matched on the wall clock of an IANA timezone. */
export interface DeploymentSchedule {
  cron: string;
  timezone: string;
}
export type DeploymentEvent = WireBody["initialEvents"][number];
export type DeploymentResource = NonNullable<WireBody["resources"]>[number];

/** A deployment as declared. */
export type DeploymentView = Omit<WireBody, "agent" | "schedule" | "environmentVariables" | "metadata" | "budget"> & {
  agent: DeploymentAgent;
  /** Absent: manual runs only. */
  schedule?: DeploymentSchedule;
  /** Sorted into the API's `KEY=VALUE` lines. */
  environmentVariables?: Record<string, string>;
  metadata?: Record<string, string>;
  /** The desired state: `true` pauses scheduled runs (pause/unpause, never the update body). */
  paused?: boolean;
};

export interface DeploymentOutputs {
  status: string;
  pausedReason: { type: string; error?: { type: string } } | null;
  agentVersion: number;
  scheduleDescription: string | null;
  upcomingRunsAt: string[];
  lastRunAt: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An agent reference as compared: an id follows the latest version, so only a pinned version is compared. */
function normalizeAgent(agent: unknown): unknown {
  if (!isRecord(agent)) return agent;
  return agent.version === undefined ? { id: agent.id } : { id: agent.id, version: agent.version };
}

function normalizeEvents(events: unknown): unknown {
  return Array.isArray(events) ? events.map(contentAsBlocks) : events;
}

/** Resources as the API echoes them: a memory store's access defaults to read_write. */
function normalizeResources(resources: unknown): unknown {
  if (!Array.isArray(resources)) return resources;
  return resources.map((resource) =>
    isRecord(resource) && resource.type === "memory_store" && resource.access === undefined ? { ...resource, access: "read_write" } : resource,
  );
}

/** Vault ids are a set: their order never shows as a change. */
function normalizeVaultIds(ids: unknown): unknown {
  return Array.isArray(ids) ? [...ids].map(String).sort() : ids;
}

/** An environment variable's name: the API takes the variables as `KEY=VALUE` lines. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The API's form: one `KEY=VALUE` line per variable, keys sorted, so the same map is always the same text. */
export function environmentVariablesText(variables: unknown): string {
  if (!isRecord(variables)) return "";
  return Object.keys(variables)
    .sort()
    .map((key) => `${key}=${String(variables[key])}`)
    .join("\n");
}

/** The map a `KEY=VALUE` text stands for (the value is everything after the first `=`). */
export function environmentVariablesMap(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (line.trim() === "" || at <= 0) continue;
    Object.defineProperty(out, line.slice(0, at), { value: line.slice(at + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The wire's agent reference for a declared one: an object pins, so it carries `type: "agent"`. */
export function agentReference(agent: unknown): unknown {
  if (!isRecord(agent)) return agent;
  return { type: "agent", id: agent.id, ...(agent.version === undefined ? {} : { version: agent.version }) };
}

/** The wire's schedule for a declared one, or null for manual runs only. */
export function scheduleBody(schedule: unknown): unknown {
  if (!isRecord(schedule)) return schedule ?? null;
  return { type: "cron", expression: schedule.cron, timezone: schedule.timezone };
}

/** The create body (camelCase) of declared inputs. */
export function deploymentBody(inputs: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (value === undefined || !BODY_INPUTS.has(name)) continue;
    if (name === "agent") body.agent = agentReference(value);
    else if (name === "schedule") body.schedule = scheduleBody(value);
    else if (name === "environmentVariables") body.environmentVariables = environmentVariablesText(value);
    else body[name] = value;
  }
  return body;
}

const BODY_INPUTS = new Set([
  "name",
  "description",
  "agent",
  "environmentId",
  "schedule",
  "initialEvents",
  "resources",
  "vaultIds",
  "environmentVariables",
  "metadata",
]);

/** The server's own `cas_config` key is not declared metadata (api-deployments.md §2.6). */
export function declaredMetadata(metadata: Record<string, unknown>): Record<string, string> {
  const { [CAS_CONFIG_KEY]: _server, ...rest } = metadata;
  return rest as Record<string, string>;
}

export const deploymentKind = defineKind<DeploymentView, DeploymentOutputs>({
  type: "Deployment",
  idPrefix: "dep_",
  idNoun: "a deployment id",
  get wire() {
    return (require("../api/deployment") as typeof import("../api/deployment")).DeploymentCreateParams;
  },
  toBody: deploymentBody,
  inputPath: (path) => path.replace(/^schedule\.expression/, "schedule.cron").replace(/^schedule\.type/, "schedule"),
  fields: {
    name: {},
    description: { default: "", cleared: "" },
    agent: { normalize: normalizeAgent },
    environmentId: {},
    schedule: { default: null, cleared: null },
    initialEvents: { normalize: normalizeEvents },
    resources: { default: [], cleared: [], normalize: normalizeResources, secrets: [["*", "authorizationToken"]] },
    vaultIds: { default: [], cleared: [], normalize: normalizeVaultIds },
    environmentVariables: { default: {}, cleared: {} },
    metadata: { default: {} },
    paused: { default: false, ownCall: true },
  },
  outputs: {
    status: "active or paused: what the API reports, whoever paused it.",
    pausedReason: "null, {type: manual}, or {type: error, error: {type}} when the service paused it after a scheduled run failed.",
    agentVersion: "The agent version runs use (an id is pinned to the latest version when applied).",
    scheduleDescription: "The schedule in words, with its timezone; null for manual runs only.",
    upcomingRunsAt: "The next five fire times (UTC); empty for manual runs only.",
    lastRunAt: "When the last run started, or null.",
    archivedAt: "When the deployment was archived, or null.",
    createdAt: "When the deployment was created.",
    updatedAt: "When the deployment last changed.",
  },
});
