// The body of `POST /sessions` for one agent (api-memory-sessions.md §3.2), snake_case as the API takes it,
// built from resource outputs: the agent pinned at its deployed version, the environment, vaults, stores.
import * as pulumi from "@pulumi/pulumi";
import type { SessionCreateParams } from "../api/session";
import type { Agent } from "../resources/agent";
import type { Environment } from "../resources/environment";
import type { MemoryStore } from "../resources/memory-store";
import type { Vault } from "../resources/vault";

/** What the stack exports per agent; an application adds a title, metadata or events and sends it. */
export type SessionPreset = Pick<SessionCreateParams, "agent" | "vault_ids" | "resources"> & { environment_id?: string };

export interface SessionParts {
  agent: Agent;
  /** Absent when the agent names none and the fleet has several (or no) environments. */
  environment?: Environment;
  vaults: Vault[];
  memoryStores: { store: MemoryStore; access?: "read_write" | "read_only"; instructions?: pulumi.Input<string> }[];
}

export function sessionPreset(parts: SessionParts): pulumi.Output<SessionPreset> {
  return pulumi.output({
    // Pinned: a session started from the preset runs the version this deployment made (§3.5).
    agent: { type: "agent" as const, id: parts.agent.id, version: parts.agent.version },
    ...(parts.environment ? { environment_id: parts.environment.id } : {}),
    vault_ids: parts.vaults.map((vault) => vault.id),
    resources: parts.memoryStores.map((use) => ({
      type: "memory_store" as const,
      memory_store_id: use.store.id,
      // Stated, not left to the server: Qoder does not document the default (§2.16).
      access: use.access ?? ("read_write" as const),
      ...(use.instructions === undefined ? {} : { instructions: use.instructions }),
    })),
  }) as pulumi.Output<SessionPreset>;
}
