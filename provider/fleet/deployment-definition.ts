// One fleet deployment entry as the Deployment resource's inputs, and the resources a deployment or an agent's
// session preset mounts, with files, memory stores, vaults, the environment and the agent resolved from keys.
// Shared by validation (placeholder ids) and the builder (resource outputs, so Pulumi orders the resources).
import type * as pulumi from "@pulumi/pulumi";
import { pick } from "../api/records";
import type { DeploymentArgs, DeploymentResource } from "../resources/deployment";
import type { DeepInput } from "../resources/resource";
import type { FleetDocument } from "./schema";
import { DEPLOYMENT_ENTRY, type DeploymentResourceUse, type FleetDeployment, type SessionResourceUse } from "./schema-deployment";

/** How keys become ids: resource outputs in the builder, placeholders when checking the API's rules. */
export interface DeploymentIds {
  agent(key: string): { id: pulumi.Input<string>; version: pulumi.Input<number> };
  environment(key: string): pulumi.Input<string>;
  vault(key: string): pulumi.Input<string>;
  memoryStore(key: string): pulumi.Input<string>;
  file(key: string): pulumi.Input<string>;
}

export type DeploymentDefinition = Omit<DeploymentArgs, "adoptId">;
export type ResourceDefinition = DeepInput<DeploymentResource>;

/**
 * The environment an entry's sessions use: the one it names, else the only environment of the document, else
 * none (a deployment must then name one: fleet/references.ts says so).
 */
export function environmentKeyOf(document: FleetDocument, named: string | undefined): string | undefined {
  if (named !== undefined) return named;
  const keys = Object.keys(document.environments ?? {});
  return keys.length === 1 ? keys[0] : undefined;
}

const withMountPath = (mountPath: string | undefined) => (mountPath === undefined ? {} : { mountPath });

/** A resource of a deployment or a session preset, as the Deployment resource takes it (camelCase). */
export function resourceDefinition(use: DeploymentResourceUse | SessionResourceUse, ids: DeploymentIds): ResourceDefinition {
  if ("file" in use) return { type: "file", fileId: ids.file(use.file), ...withMountPath(use.mountPath) };
  if ("fileId" in use) return { type: "file", fileId: use.fileId, ...withMountPath(use.mountPath) };
  if ("memoryStore" in use) {
    return {
      type: "memory_store",
      memoryStoreId: ids.memoryStore(use.memoryStore),
      ...(use.access === undefined ? {} : { access: use.access }),
      ...(use.instructions === undefined ? {} : { instructions: use.instructions }),
    };
  }
  // A valid document has its `{ secret: key }` tokens resolved to their values (fleet/secrets.ts).
  return {
    type: "github_repository",
    url: use.githubRepository,
    authorizationToken: use.token as string,
    ...withMountPath(use.mountPath),
    ...(use.checkout === undefined ? {} : { checkout: use.checkout }),
  };
}

/** The events a run starts with: as written, or the one user message `prompt` stands for. */
export function initialEventsOf(entry: FleetDeployment): DeploymentDefinition["initialEvents"] {
  if (entry.initialEvents !== undefined) return entry.initialEvents as DeploymentDefinition["initialEvents"];
  return [{ type: "user.message", content: [{ type: "text", text: entry.prompt ?? "" }] }];
}

/**
 * The deployment's inputs. `agent` is the agent's id (its latest version at each run) or, pinned, its id and
 * current version, so a new agent version updates the deployment to it. `environmentKey` is the entry's
 * environment or the document's only one.
 */
export function deploymentDefinition(key: string, entry: FleetDeployment, environmentKey: string, ids: DeploymentIds): DeploymentDefinition {
  const agentKey = typeof entry.agent === "string" ? entry.agent : entry.agent.agent;
  const agent = ids.agent(agentKey);
  const pinned = typeof entry.agent !== "string" && entry.agent.pin === true;
  const definition: DeploymentDefinition = {
    name: entry.name ?? key,
    // Every body field the entry holds as the API takes it (description, and whatever the API adds).
    ...(pick(entry, DEPLOYMENT_ENTRY.verbatim) as Partial<DeploymentDefinition>),
    agent: pinned ? { id: agent.id, version: agent.version } : agent.id,
    environmentId: ids.environment(environmentKey),
    schedule: entry.schedule,
    initialEvents: initialEventsOf(entry),
    resources: entry.resources?.map((use) => resourceDefinition(use, ids)),
    vaultIds: entry.vaults?.map((vault) => ids.vault(vault)),
    // A valid document has its `{ secret: key }` values resolved (fleet/secrets.ts).
    environmentVariables: entry.environmentVariables as Record<string, string> | undefined,
    metadata: entry.metadata,
    paused: entry.paused,
  };
  return Object.fromEntries(Object.entries(definition).filter(([, value]) => value !== undefined)) as DeploymentDefinition;
}
