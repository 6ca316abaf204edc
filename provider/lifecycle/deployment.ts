// The Deployment lifecycle (provider/kinds/deployment.ts, api-deployments.md §12.3): create then pause when
// `paused`; update sends only the changed fields (an agent given by id would otherwise be re-pinned to its
// latest version by any edit), then pauses or unpauses; an archived deployment is gone; destroy archives.
import { describeSchedule, upcomingRuns } from "../api/cron";
import { isRecord } from "../api/records";
import type { DeploymentCreateParams, Deployment as RemoteDeployment } from "../client";
import { isConflict, isNotFound } from "../client/errors";
import { answerFacts, withAnswerFacts } from "../client/resource";
import {
  agentReference,
  declaredMetadata,
  deploymentBody,
  deploymentKind,
  environmentVariablesMap,
  environmentVariablesText,
  scheduleBody,
  VARIABLE_NAME,
} from "../kinds/deployment";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { changedFields, containsUnknown, heldBy, isUnknown, metadataPatch, UNKNOWN, unlessNotFound, type Props } from "./rules";

const FIELDS = deploymentKind.fields as Record<string, import("../kinds/descriptor").FieldSpec>;

export const deploymentLifecycle = defineLifecycle<RemoteDeployment>({
  kind: deploymentKind,
  validate: (inputs) => [...pausedFailures(inputs.paused), ...environmentVariableFailures(inputs.environmentVariables)],
  // The schedule in words and its next runs, before anything is applied: what a reviewer reads in a preview.
  async prepare(inputs) {
    return { inputs: { ...inputs, ...scheduleOutputs(inputs.schedule) }, failures: [] };
  },
  async create(inputs, key) {
    const body = deploymentBody(inputs) as DeploymentCreateParams;
    const client = await apiClient();
    const created = await client.deployments.create(body, { idempotencyKey: key("create", body) });
    if (inputs.paused !== true) return created;
    const paused = await setPaused(created.id, true, key("pause", { id: created.id }), { afterCreate: true });
    // The pause answers for the create: the engine trusts it without a read exactly when it trusts the create.
    return withAnswerFacts(paused, answerFacts(created));
  },
  explainCreateFailure: async (inputs, err) => (isConflict(err) ? ((await nameTaken(inputs)) ?? err) : err),
  // An archived deployment takes no runs and no changes, and its name is gone: it no longer exists (§12.3).
  retrieve: async (id) => {
    const remote = await unlessNotFound(async () => (await apiClient()).deployments.retrieve(id));
    return remote?.archivedAt ? undefined : remote;
  },
  async update(id, olds, news, key) {
    const client = await apiClient();
    const changed = changedFields(FIELDS, olds, news).filter((name) => name !== "paused");
    let remote: RemoteDeployment | undefined;
    if (changed.length > 0) {
      const body = updateBody(changed, olds, news);
      remote = await client.deployments.update(id, body as never, { idempotencyKey: key("update", body) });
    }
    // What the API holds now, not what state says: a pause or unpause made outside Pulumi since the last
    // refresh would make the call a 409.
    const current = remote ?? (await client.deployments.retrieve(id));
    if (news.paused === true && current.status !== "paused") return setPaused(id, true, key("pause", { id }));
    if (news.paused !== true && current.status === "paused") {
      await unpauseBlocker(id, current, news);
      return setPaused(id, false, key("unpause", { id }));
    }
    return current;
  },
  async remove(id, _props, key) {
    const deployments = (await apiClient()).deployments;
    try {
      await deployments.archive(id, { idempotencyKey: key("archive", { id }) });
    } catch (err) {
      // Archived already (out of band, or by an earlier run that died): where destroy wants it.
      if (!isConflict(err) || !(await deployments.retrieve(id)).archivedAt) throw err;
    }
  },
  toInputs: (remote, applied) => ({
    name: remote.name,
    description: remote.description ?? "",
    // The form the program declared: an id follows the latest version, so only a pinned version is read back.
    agent: isRecord(applied.agent) && applied.agent.version !== undefined ? { id: remote.agent.id, version: remote.agent.version } : remote.agent.id,
    environmentId: remote.environmentId,
    schedule: remote.schedule ? { cron: remote.schedule.expression, timezone: remote.schedule.timezone } : undefined,
    initialEvents: remote.initialEvents,
    resources: withAppliedTokens(remote.resources, applied.resources),
    vaultIds: remote.vaultIds,
    environmentVariables: environmentVariablesMap(remote.environmentVariables),
    metadata: declaredMetadata(remote.metadata),
    // Paused by a call or by the service: either way the deployment runs nothing until it is unpaused.
    paused: remote.status === "paused",
  }),
  toOutputs: (remote) => ({
    status: remote.status,
    pausedReason: remote.pausedReason ?? null,
    agentVersion: remote.agent.version,
    scheduleDescription: remote.schedule ? describeSchedule(remote.schedule.expression, remote.schedule.timezone) : null,
    upcomingRunsAt: remote.schedule?.upcomingRunsAt ?? [],
    lastRunAt: remote.schedule?.lastRunAt ?? null,
    archivedAt: remote.archivedAt ?? null,
    createdAt: remote.createdAt,
    updatedAt: remote.updatedAt,
  }),
});

/**
 * Pauses or unpauses. A 409 is no failure when the deployment already is as wanted (changed outside Pulumi in
 * between). Right after a create it is no failure either when the deployment is archived: the create replayed
 * the answer of an earlier create whose deployment has been archived since, and the engine, which finds it
 * archived, creates a fresh one under the next key.
 */
async function setPaused(id: string, paused: boolean, idempotencyKey: string, options: { afterCreate?: boolean } = {}): Promise<RemoteDeployment> {
  const deployments = (await apiClient()).deployments;
  try {
    return await (paused ? deployments.pause(id, { idempotencyKey }) : deployments.unpause(id, { idempotencyKey }));
  } catch (err) {
    if (!isConflict(err)) throw err;
    const current = await deployments.retrieve(id);
    if (current.archivedAt ? options.afterCreate : (current.status === "paused") === paused) return current;
    throw err;
  }
}

/** The schedule's sentence and next fire times, from the declared schedule (unknown while it is). */
function scheduleOutputs(schedule: unknown): Props {
  if (schedule === undefined || schedule === null) return { scheduleDescription: null, upcomingRunsAt: [] };
  if (containsUnknown(schedule) || !isRecord(schedule)) return { scheduleDescription: UNKNOWN, upcomingRunsAt: UNKNOWN };
  const cron = String(schedule.cron);
  const timezone = String(schedule.timezone);
  return { scheduleDescription: describeSchedule(cron, timezone), upcomingRunsAt: upcomingRuns(cron, timezone) };
}

function pausedFailures(paused: unknown) {
  if (paused === undefined || typeof paused === "boolean" || isUnknown(paused)) return [];
  return [{ property: "paused", reason: "must be true or false" }];
}

/** The API takes the map as `KEY=VALUE` lines: a name must be a variable name, and no value may hold a line break. */
function environmentVariableFailures(variables: unknown) {
  if (!isRecord(variables)) return [];
  return Object.entries(variables).flatMap(([name, value]) => {
    if (!VARIABLE_NAME.test(name))
      return [{ property: `environmentVariables.${name}`, reason: "must be a variable name (letters, digits and _, not starting with a digit)" }];
    if (typeof value === "string" && /[\r\n]/.test(value))
      return [{ property: `environmentVariables.${name}`, reason: "must not hold a line break" }];
    return [];
  });
}

/** The merge-patch of an update: the changed fields only, each cleared as the API wants, metadata as a patch. */
function updateBody(changed: readonly string[], olds: Props, news: Props): Props {
  const body: Props = {};
  for (const name of changed) {
    const value = news[name];
    if (name === "metadata") body.metadata = metadataPatch(olds.metadata as Record<string, string>, value as Record<string, string>);
    else if (name === "agent") body.agent = agentReference(value);
    else if (name === "schedule") body.schedule = scheduleBody(value);
    else if (name === "environmentVariables") body.environmentVariables = environmentVariablesText(value);
    else body[name] = value ?? FIELDS[name]?.cleared;
  }
  return body;
}

/** Write-only GitHub tokens are never echoed: the applied one stands for the same repository. */
function withAppliedTokens(remote: readonly Props[], applied: unknown): Props[] {
  const declared = Array.isArray(applied) ? (applied as Props[]) : [];
  return remote.map((resource, index) => {
    if (resource.type !== "github_repository") return resource;
    const same = declared[index];
    const token = isRecord(same) && same.url === resource.url ? same.authorizationToken : undefined;
    return token === undefined ? resource : { ...resource, authorizationToken: token };
  });
}

/**
 * The service pauses a deployment whose scheduled run failed for a cause that would fail every run (an
 * archived environment, a missing vault). Unpausing it while the cause stands would only fail again at the
 * next fire, so `up` refuses and says what to fix; a cause it cannot check is left to the API.
 */
async function unpauseBlocker(id: string, remote: RemoteDeployment, news: Props): Promise<void> {
  const reason = remote.pausedReason;
  const cause = reason?.type === "error" ? reason.error?.type : undefined;
  if (cause === undefined) return;
  const problem = await standingCause(cause, remote);
  if (problem === undefined) return;
  throw new Error(
    `Deployment "${String(news.name)}" (${id}) was paused by the service after a scheduled run failed with ${cause}: ${problem}. ` +
      "Unpausing it now would fail again at the next run. Fix that (point the deployment at a live object, or let " +
      "Pulumi recreate the archived one with `pulumi refresh` and `pulumi up`), or set `paused: true` to keep it paused.",
  );
}

/** What still causes the failure the service paused the deployment for, or undefined when it is gone. */
async function standingCause(cause: string, remote: RemoteDeployment): Promise<string | undefined> {
  const client = await apiClient();
  const lookup = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  switch (cause) {
    case "agent_archived_error": {
      const agent = await lookup(() => client.agents.retrieve(remote.agent.id));
      return agent?.archivedAt ? `agent ${remote.agent.id} is archived` : agent ? undefined : `agent ${remote.agent.id} does not exist`;
    }
    case "environment_archived_error":
    case "environment_not_found_error": {
      const environment = await lookup(() => client.environments.retrieve(remote.environmentId));
      if (!environment) return `environment ${remote.environmentId} does not exist`;
      return environment.archivedAt ? `environment ${remote.environmentId} is archived` : undefined;
    }
    case "vault_archived_error":
    case "vault_not_found_error": {
      for (const vaultId of remote.vaultIds) {
        const vault = await lookup(() => client.vaults.retrieve(vaultId));
        if (!vault) return `vault ${vaultId} does not exist`;
        if (vault.archivedAt) return `vault ${vaultId} is archived`;
      }
      return undefined;
    }
    case "file_not_found_error": {
      for (const resource of remote.resources) {
        if (resource.type !== "file") continue;
        const fileId = String(resource.fileId);
        if (!(await lookup(() => client.files.retrieve(fileId)))) return `file ${fileId} does not exist`;
      }
      return undefined;
    }
    case "memory_store_archived_error": {
      for (const resource of remote.resources) {
        if (resource.type !== "memory_store") continue;
        const storeId = String(resource.memoryStoreId);
        const store = await lookup(() => client.memoryStores.retrieve(storeId));
        if (!store || store.archivedAt) return `memory store ${storeId} is ${store ? "archived" : "gone"}`;
      }
      return undefined;
    }
    case "self_hosted_resources_unsupported_error": {
      const environment = await lookup(() => client.environments.retrieve(remote.environmentId));
      const selfHosted = environment?.config?.type === "self_hosted";
      const mounts = remote.resources.some((resource) => resource.type === "file" || resource.type === "github_repository");
      return selfHosted && mounts ? `environment ${remote.environmentId} is self-hosted, which mounts memory stores only` : undefined;
    }
    default:
      return undefined;
  }
}

/** A create refused because a live deployment has the name: name it, who holds it, and the adoptId that takes it over. */
async function nameTaken(inputs: Props): Promise<Error | undefined> {
  const name = String(inputs.name);
  for await (const deployment of (await apiClient()).deployments.list()) {
    if (deployment.name !== name) continue;
    return new Error(
      `Deployment: a live deployment is already named "${name}" (${deployment.id}); ${heldBy(declaredMetadata(deployment.metadata))}. ` +
        `Deployment names are unique among live deployments: set adoptId: "${deployment.id}" to manage it, or choose another name.`,
    );
  }
  return undefined;
}
