// The body of `POST /sessions` for one agent (api-memory-sessions.md §3.2), snake_case as the API takes it,
// built from resource outputs: the agent pinned at its deployed version, the environment, vaults, stores, and
// the files and GitHub repositories the agent's entry lists. A repository's token stays a Pulumi secret.
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentResource } from "../api/deployment";
import type { SessionCreateParams } from "../api/session";
import type { Agent } from "../resources/agent";
import type { Environment } from "../resources/environment";
import type { MemoryStore } from "../resources/memory-store";
import type { Vault } from "../resources/vault";
import type { ResourceDefinition } from "./deployment-definition";

/** What the stack exports per agent; an application adds a title, metadata or events and sends it. */
export type SessionPreset = Pick<SessionCreateParams, "agent" | "vault_ids"> & {
  environment_id?: string;
  /** Memory stores, files and GitHub repositories (sessions take the last at creation only). */
  resources: DeploymentResource[];
};

export interface SessionParts {
  agent: Agent;
  /** Absent when the agent names none and the fleet has several (or no) environments. */
  environment?: Environment;
  vaults: Vault[];
  memoryStores: { store: MemoryStore; access?: "read_write" | "read_only"; instructions?: pulumi.Input<string> }[];
  /** Files and repositories, as fleet/deployment-definition.ts resolves them (camelCase). */
  resources?: ResourceDefinition[];
}

type Loose = Record<string, pulumi.Input<unknown>>;

/** A file or repository in the API's snake_case; the token is marked secret whatever marked it before. */
function presetResource(resource: ResourceDefinition): pulumi.Output<unknown> {
  return pulumi.output(resource).apply((plain) => {
    const item = plain as unknown as Loose;
    const mount = item.mountPath === undefined ? {} : { mount_path: item.mountPath };
    if (item.type === "file") return pulumi.output({ type: "file", file_id: item.fileId, ...mount });
    if (item.type === "memory_store") {
      return pulumi.output({
        type: "memory_store",
        memory_store_id: item.memoryStoreId,
        access: item.access ?? "read_write",
        ...(item.instructions === undefined ? {} : { instructions: item.instructions }),
      });
    }
    return pulumi.output({
      type: "github_repository",
      url: item.url,
      authorization_token: pulumi.secret(item.authorizationToken),
      ...mount,
      ...(item.checkout === undefined ? {} : { checkout: item.checkout }),
    });
  });
}

export function sessionPreset(parts: SessionParts): pulumi.Output<SessionPreset> {
  return pulumi.output({
    // Pinned: a session started from the preset runs the version this deployment made (§3.5).
    agent: { type: "agent" as const, id: parts.agent.id, version: parts.agent.version },
    ...(parts.environment ? { environment_id: parts.environment.id } : {}),
    vault_ids: parts.vaults.map((vault) => vault.id),
    resources: [
      ...parts.memoryStores.map((use) => ({
        type: "memory_store" as const,
        memory_store_id: use.store.id,
        // Stated, not left to the server: Qoder does not document the default (§2.16).
        access: use.access ?? ("read_write" as const),
        ...(use.instructions === undefined ? {} : { instructions: use.instructions }),
      })),
      ...(parts.resources ?? []).map(presetResource),
    ],
  }) as pulumi.Output<SessionPreset>;
}
