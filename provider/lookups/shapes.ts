// What a lookup returns: the API object in the resources' camelCase shape (provider/kinds: the declared
// fields and the server-computed outputs), with its id, and with the provider's owner metadata taken out of
// `metadata` into `managedBy`. A deployment reads as its resource declares it (a pinned agent, a cron
// schedule, a map of environment variables, `paused`). Pure functions: no I/O, no Pulumi.
import { describeSchedule } from "../api/cron";
import type { Agent, Deployment, Environment, MemoryStore, QoderFile, Skill, SkillVersion, Vault } from "../client";
import { type AgentOutputs, type AgentView, agentKind } from "../kinds/agent";
import { declaredMetadata, environmentVariablesMap } from "../kinds/deployment";
import { type AnyKind, bodyFields } from "../kinds/descriptor";
import { type EnvironmentOutputs, type EnvironmentView, environmentKind } from "../kinds/environment";
import { type MemoryStoreOutputs, type MemoryStoreView, memoryStoreKind } from "../kinds/memory-store";
import { type VaultOutputs, type VaultView, vaultKind } from "../kinds/vault";
import { OWNER_METADATA_KEY, withOwner } from "../lifecycle/rules";

/** Who manages an object, from the metadata every object a pulumi-qoder stack creates carries. */
export interface Managed {
  /**
   * The stack resource that created it (`<stack identity>/<project>/<stack>/<type>/<name>`, the
   * `pulumi-qoder.owner` metadata), or null when no pulumi-qoder stack did.
   */
  managedBy: string | null;
  /** The object's metadata, without the provider's `pulumi-qoder.owner` key. */
  metadata: Record<string, string>;
}

/** The fields a simple kind's lookup returns: the descriptor's body fields (metadata aside) and its outputs. */
type KindFields<View, Outputs> = Exclude<keyof View, "metadata"> | keyof Outputs;

export type GetAgentResult = Pick<Agent, "id" | KindFields<AgentView, AgentOutputs>> & Managed;

export type GetEnvironmentResult = Pick<
  Environment,
  "id" | Exclude<KindFields<EnvironmentView, EnvironmentOutputs>, "description" | "deletionPolicy">
> & {
  description: string;
} & Managed;

export type GetSkillResult = Pick<Skill, "id" | "displayTitle" | "source" | "latestVersion" | "createdAt" | "updatedAt"> & {
  /** The SKILL.md `name` of the latest version ("" when the API has no descriptor for it, e.g. a built-in skill). */
  skillName: string;
  /** The SKILL.md `description` of the latest version. */
  description: string;
} & Managed;

export type GetVaultResult = Pick<Vault, "id" | Exclude<KindFields<VaultView, VaultOutputs>, "deletionPolicy">> & Managed;

export type GetMemoryStoreResult = Pick<
  MemoryStore,
  "id" | Exclude<KindFields<MemoryStoreView, MemoryStoreOutputs>, "description" | "deletionPolicy">
> & {
  description: string;
} & Managed;

export type GetFileResult = Pick<QoderFile, "id" | "filename" | "sizeBytes" | "mimeType" | "downloadable" | "scope" | "createdAt"> & Managed;

/** A deployment as its resource declares it, with the resource's outputs. */
export interface GetDeploymentResult extends Managed {
  id: string;
  name: string;
  description: string;
  /** The agent runs use, at the version they pin: ready for another deployment's `agent`. */
  agent: { id: string; version: number };
  environmentId: string;
  /** null: manual runs only. */
  schedule: { cron: string; timezone: string } | null;
  initialEvents: Deployment["initialEvents"];
  /** As the API echoes them: a GitHub repository's `authorizationToken` is write-only and never returned. */
  resources: Deployment["resources"];
  vaultIds: string[];
  /**
   * Name → value. Values may be credentials: the Output form (`getDeploymentOutput`) is a Pulumi secret
   * whenever this is not empty.
   */
  environmentVariables: Record<string, string>;
  /** True while scheduled runs are paused, by a call or by the service. */
  paused: boolean;
  status: string;
  pausedReason: Deployment["pausedReason"];
  agentVersion: number;
  scheduleDescription: string | null;
  upcomingRunsAt: string[];
  lastRunAt: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The owner key moved out of the metadata into `managedBy`. */
export function managed(metadata: Record<string, unknown> | undefined): Managed {
  const owner = metadata?.[OWNER_METADATA_KEY];
  return { managedBy: typeof owner === "string" ? owner : null, metadata: withOwner(metadata ?? {}, undefined) ?? {} };
}

export function agentResult(agent: Agent): GetAgentResult {
  return kindResult<GetAgentResult>(agentKind, agent);
}

export function environmentResult(environment: Environment): GetEnvironmentResult {
  return kindResult<GetEnvironmentResult>(environmentKind, environment);
}

/**
 * A kind's object in its resource's shape, from the descriptor: the id, every body field but metadata (absent
 * ones as the API's default, e.g. a description of `""`), the outputs, and the metadata split by `managed`.
 */
function kindResult<T>(kind: object, remote: object): T {
  const { fields, outputs } = kind as AnyKind;
  const object = remote as Record<string, unknown>;
  const out: Record<string, unknown> = { id: object.id };
  for (const name of [...bodyFields(kind).filter((field) => field !== "metadata"), ...Object.keys(outputs)]) {
    out[name] = object[name] ?? fields[name]?.default ?? object[name];
  }
  return { ...out, ...managed(object.metadata as Record<string, unknown> | undefined) } as T;
}

/** `version` is the latest version's descriptor, when the API has one. */
export function skillResult(skill: Skill, version: SkillVersion | undefined): GetSkillResult {
  return {
    id: skill.id,
    displayTitle: skill.displayTitle,
    skillName: version?.name ?? "",
    description: version?.description ?? "",
    source: skill.source,
    latestVersion: skill.latestVersion,
    createdAt: skill.createdAt,
    updatedAt: skill.updatedAt,
    ...managed(skill.metadata),
  };
}

export function vaultResult(vault: Vault): GetVaultResult {
  return kindResult<GetVaultResult>(vaultKind, vault);
}

export function memoryStoreResult(store: MemoryStore): GetMemoryStoreResult {
  return kindResult<GetMemoryStoreResult>(memoryStoreKind, store);
}

export function fileResult(file: QoderFile): GetFileResult {
  return {
    id: file.id,
    filename: file.filename,
    sizeBytes: file.sizeBytes,
    mimeType: file.mimeType,
    downloadable: file.downloadable,
    scope: file.scope,
    createdAt: file.createdAt,
    ...managed(file.metadata),
  };
}

export function deploymentResult(deployment: Deployment): GetDeploymentResult {
  const schedule = deployment.schedule;
  return {
    id: deployment.id,
    name: deployment.name,
    description: deployment.description ?? "",
    agent: { id: deployment.agent.id, version: deployment.agent.version },
    environmentId: deployment.environmentId,
    schedule: schedule ? { cron: schedule.expression, timezone: schedule.timezone } : null,
    initialEvents: deployment.initialEvents,
    resources: deployment.resources,
    vaultIds: deployment.vaultIds,
    environmentVariables: environmentVariablesMap(deployment.environmentVariables),
    paused: deployment.status === "paused",
    status: deployment.status,
    pausedReason: deployment.pausedReason ?? null,
    agentVersion: deployment.agent.version,
    scheduleDescription: schedule ? sentence(schedule.expression, schedule.timezone) : null,
    upcomingRunsAt: schedule?.upcomingRunsAt ?? [],
    lastRunAt: schedule?.lastRunAt ?? null,
    archivedAt: deployment.archivedAt ?? null,
    createdAt: deployment.createdAt,
    updatedAt: deployment.updatedAt,
    ...managed(declaredMetadata(deployment.metadata)),
  };
}

/** A schedule the server holds but our cron reader cannot put in words is still a schedule: no sentence then. */
function sentence(expression: string, timezone: string): string | null {
  try {
    return describeSchedule(expression, timezone);
  } catch {
    return null;
  }
}

/** A deployment's environment variables may hold credentials: its Output form is a secret while it has any. */
export function deploymentHoldsSecrets(deployment: GetDeploymentResult): boolean {
  return Object.keys(deployment.environmentVariables).length > 0;
}
