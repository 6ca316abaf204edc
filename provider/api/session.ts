// Wire schemas of Sessions at the depth the emulator and tests need (CONTRACT.md "Sessions, Events, Files"):
// create/get/list/update/archive/delete and the resources union. Sessions are runtime objects, not resources.
import { z } from "zod";
import { ArchivableListParams, ListEnvelope, Metadata, MetadataPatch, MetadataRecord, Timestamp, UserMap } from "./common";

export const SESSION_LIMITS = { resourceInstructionsMax: 4096 } as const;

/** A string binds the agent's latest version; an object may pin one. */
export const SessionAgentRef = z
  .union([
    z.string().min(1),
    z.strictObject({
      type: z.literal("agent"),
      id: z.string().min(1),
      version: z.number().int().min(1).optional().meta({ description: "Pinned version; omitted means latest." }),
    }),
  ])
  .meta({ description: "The agent to run: an id (latest version) or {type: agent, id, version?}." });
export type SessionAgentRef = z.infer<typeof SessionAgentRef>;

export const MemoryStoreResource = z.strictObject({
  type: z.literal("memory_store"),
  memory_store_id: z.string().min(1),
  access: z.enum(["read_write", "read_only"]).optional().meta({ description: "Defaults to read_write." }),
  instructions: z.string().max(SESSION_LIMITS.resourceInstructionsMax).optional(),
});
export const FileResource = z.strictObject({
  type: z.literal("file"),
  file_id: z.string().min(1),
  mount_path: z.string().min(1).optional(),
});
export const SessionResourceParams = z.discriminatedUnion("type", [MemoryStoreResource, FileResource]);
export type SessionResourceParams = z.infer<typeof SessionResourceParams>;

/** `POST /sessions` body. */
export const SessionCreateParams = z.strictObject({
  agent: SessionAgentRef,
  environment_id: z.string().min(1).meta({ description: "Environment the session runs in." }),
  title: z.string().nullable().optional(),
  metadata: Metadata.optional(),
  vault_ids: z.array(z.string().min(1)).optional().meta({ description: "Vaults to use; fixed after creation." }),
  resources: z.array(SessionResourceParams).optional(),
  environment_variables: UserMap(z.string(), z.string()).optional(),
});
export type SessionCreateParams = z.infer<typeof SessionCreateParams>;

/** `POST /sessions/{id}` body (title and metadata only; vault_ids cannot change). */
export const SessionUpdateParams = z.strictObject({
  title: z.string().nullable().optional(),
  metadata: MetadataPatch.optional(),
});
export type SessionUpdateParams = z.infer<typeof SessionUpdateParams>;

export const SessionListParams = ArchivableListParams.extend({
  agent_id: z.string().min(1).optional().meta({ description: "Only sessions of this agent." }),
  environment_id: z.string().min(1).optional().meta({ description: "Only sessions in this environment." }),
  deployment_id: z.string().min(1).optional().meta({ description: "Only sessions a run of this deployment created." }),
});
export type SessionListParams = z.infer<typeof SessionListParams>;

/** The agent snapshot a session carries (taken at creation). */
export const SessionAgentSnapshot = z.looseObject({
  id: z.string(),
  type: z.string().default("agent"),
  version: z.number().int().optional(),
});

/** Older generations carried `agent_id` beside (or instead of) the snapshot. */
function normaliseLegacySession(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const body = { ...(input as Record<string, unknown>) };
  if (body.agent === undefined && typeof body.agent_id === "string") body.agent = { id: body.agent_id, type: "agent" };
  return body;
}

/** A session as read back. Tolerant of unknown fields (stats, usage, outcome_evaluations, …). */
export const Session = z.preprocess(
  normaliseLegacySession,
  z.looseObject({
    id: z.string(),
    type: z.literal("session").default("session"),
    agent: SessionAgentSnapshot,
    environment_id: z.string(),
    title: z.string().nullable().default(null),
    status: z.string(),
    metadata: MetadataRecord,
    resources: z.array(z.looseObject({ type: z.string() })).default([]),
    vault_ids: z.array(z.string()).default([]),
    environment_variables: UserMap(z.string(), z.string()).default({}),
    deployment_id: z.string().nullable().default(null),
    archived_at: Timestamp.nullable().default(null),
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
);
export type Session = z.output<typeof Session>;

export const SessionList = ListEnvelope(Session);
export type SessionList = z.output<typeof SessionList>;
