// Wire schemas of Deployments and their runs (api-deployments.md; §11 decides where sources disagree): create
// and update bodies, the response objects, list params. Pure zod; the cron rules live in cron.ts.
import { z } from "zod";
import { CAS_CONFIG_KEY, contentAsBlocks, isRecord, setOwn } from "./records";
import { ArchivableListParams, ListEnvelope, ListParams, Metadata, MetadataPatch, Timestamp } from "./common";
import { cronProblem, timezoneProblem } from "./cron";
import { FileResource, MemoryStoreResource } from "./session";

export const DEPLOYMENT_LIMITS = {
  nameMax: 256,
  descriptionMax: 2048,
  eventsMin: 1,
  eventsMax: 50,
  resourcesMax: 500,
  vaultIdsMax: 50,
  outcomeIterationsMax: 20,
} as const;

/** A string follows the agent's latest version at apply time; an object pins a version. */
export const DeploymentAgentRef = z
  .union([
    z.string().min(1).max(128),
    z.strictObject({
      type: z.literal("agent"),
      id: z.string().min(1).max(128),
      version: z.number().int().min(1).optional().meta({ description: "Pinned version; omitted means the latest at apply time." }),
    }),
  ])
  .meta({ description: "The agent to run: an id (its latest version when applied) or {type: agent, id, version}." });
export type DeploymentAgentRef = z.infer<typeof DeploymentAgentRef>;

export const CronSchedule = z
  .strictObject({
    type: z.literal("cron"),
    expression: z
      .string()
      .superRefine((text, ctx) => {
        const problem = cronProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
      })
      .meta({ description: "Standard 5-field cron: minute hour day-of-month month day-of-week." }),
    timezone: z
      .string()
      .superRefine((text, ctx) => {
        const problem = timezoneProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
      })
      .meta({ description: "IANA timezone name the expression is matched in, e.g. Europe/Berlin." }),
  })
  .meta({ description: "When scheduled runs fire; absent or null means manual runs only." });
export type CronSchedule = z.infer<typeof CronSchedule>;

const TextBlock = z.strictObject({ type: z.literal("text"), text: z.string().min(1) });
/** Image, document and redacted blocks exist in the SDK types; only text appears in Qoder's examples. */
const OtherBlock = z.looseObject({ type: z.enum(["image", "document", "redacted"]) });
const ContentBlocks = z.array(z.union([TextBlock, OtherBlock])).min(1);

/** Older servers (D1) took and echoed `content` as a plain string; it means one text block. */
const Content = z.union([z.string().min(1), ContentBlocks]).meta({ description: "Text, or content blocks ({type: text, text})." });

export const UserMessageEvent = z.strictObject({ type: z.literal("user.message"), content: Content });
export const SystemMessageEvent = z.strictObject({ type: z.literal("system.message"), content: Content });
export const DefineOutcomeEvent = z.strictObject({
  type: z.literal("user.define_outcome"),
  description: z.string().min(1).meta({ description: "The task specification." }),
  rubric: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("file"), file_id: z.string().min(1) }),
    z.strictObject({ type: z.literal("text"), content: z.string().min(1) }),
  ]),
  max_iterations: z.number().int().min(1).max(DEPLOYMENT_LIMITS.outcomeIterationsMax).optional().meta({ description: "Defaults to 3." }),
});
export const InitialEvent = z.discriminatedUnion("type", [UserMessageEvent, DefineOutcomeEvent, SystemMessageEvent]);
export type InitialEvent = z.infer<typeof InitialEvent>;

/** What a run starts with: 1–50 events, one of them a user message or an outcome to reach. */
export const InitialEvents = z
  .array(InitialEvent)
  .min(DEPLOYMENT_LIMITS.eventsMin, "needs at least one event (a user.message or user.define_outcome)")
  .max(DEPLOYMENT_LIMITS.eventsMax, `may hold at most ${DEPLOYMENT_LIMITS.eventsMax} events`)
  .superRefine((events, ctx) => {
    if (!events.some((event) => event.type === "user.message" || event.type === "user.define_outcome")) {
      ctx.addIssue({ code: "custom", message: "needs a user.message or user.define_outcome event; system.message alone starts nothing" });
    }
  });

export const GitHubRepositoryResource = z.strictObject({
  type: z.literal("github_repository"),
  url: z.url().meta({ description: "The repository's URL." }),
  authorization_token: z.string().min(1).meta({ description: "Write-only: never returned; keep it secret." }),
  mount_path: z.string().min(1).optional().meta({ description: "Defaults to /workspace/<repository name>." }),
  checkout: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("branch"), name: z.string().min(1) }),
      z.strictObject({ type: z.literal("commit"), sha: z.string().min(1) }),
    ])
    .optional()
    .meta({ description: "Defaults to the repository's default branch." }),
});

export const DeploymentResource = z.discriminatedUnion("type", [MemoryStoreResource, FileResource, GitHubRepositoryResource]);
export type DeploymentResource = z.infer<typeof DeploymentResource>;

/** Resource types that need a cloud environment: a self-hosted one can mount memory stores only (§2.4). */
export const CLOUD_ONLY_RESOURCES: readonly string[] = ["file", "github_repository"];

/**
 * Deployment metadata: the usual bag, plus the server's own `cas_config` object, which the limits exempt
 * (api-deployments.md §2.6).
 */
function withCasConfig<T extends z.ZodType>(bag: T) {
  return z.unknown().transform((input, ctx) => {
    if (!isRecord(input)) {
      ctx.addIssue({ code: "invalid_type", expected: "object", input, message: "must be an object" });
      return z.NEVER;
    }
    const { [CAS_CONFIG_KEY]: casConfig, ...rest } = input;
    const parsed = bag.safeParse(rest);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: undefined } as never);
      return z.NEVER;
    }
    const out = { ...(parsed.data as Record<string, unknown>) };
    if (casConfig !== undefined) setOwn(out, CAS_CONFIG_KEY, casConfig);
    return out as z.output<T>;
  });
}

export const DeploymentMetadata = withCasConfig(Metadata).meta({
  description: "Flat string → string labels (≤16 keys); the server's own cas_config key is exempt.",
});

const createShape = {
  name: z.string().min(1).max(DEPLOYMENT_LIMITS.nameMax).meta({ description: "1–256 characters, unique among live deployments." }),
  description: z.string().max(DEPLOYMENT_LIMITS.descriptionMax).optional().meta({ description: "≤2048 characters." }),
  agent: DeploymentAgentRef,
  environment_id: z.string().min(1).max(128).meta({ description: "The environment its sessions run in." }),
  schedule: CronSchedule.nullable().optional(),
  initial_events: InitialEvents,
  resources: z.array(DeploymentResource).max(DEPLOYMENT_LIMITS.resourcesMax).optional().meta({ description: "≤500; mounted in every session." }),
  vault_ids: z.array(z.string().min(1)).max(DEPLOYMENT_LIMITS.vaultIdsMax).optional().meta({ description: "≤50 vaults its sessions use." }),
  environment_variables: z.string().optional().meta({ description: "KEY=VALUE lines, newline-separated." }),
  metadata: DeploymentMetadata.optional(),
  budget: z.looseObject({ type: z.string() }).nullable().optional().meta({ description: "SDK-only; accepted and echoed." }),
};

/** `POST /deployments` body. */
export const DeploymentCreateParams = z.strictObject(createShape);
export type DeploymentCreateParams = z.infer<typeof DeploymentCreateParams>;

/**
 * `POST /deployments/{id}` body: a merge-patch. Absent fields are kept; arrays replace whole; `null` clears
 * `description`, `resources`, `vault_ids` and `budget`, and makes `schedule` manual-only; `metadata` is a patch.
 */
export const DeploymentUpdateParams = z.strictObject({
  name: createShape.name.optional(),
  description: z.string().max(DEPLOYMENT_LIMITS.descriptionMax).nullable().optional(),
  agent: DeploymentAgentRef.optional(),
  environment_id: createShape.environment_id.optional(),
  schedule: CronSchedule.nullable().optional(),
  initial_events: InitialEvents.optional(),
  resources: z.array(DeploymentResource).max(DEPLOYMENT_LIMITS.resourcesMax).nullable().optional(),
  vault_ids: z.array(z.string().min(1)).max(DEPLOYMENT_LIMITS.vaultIdsMax).nullable().optional(),
  environment_variables: z.string().optional(),
  metadata: withCasConfig(MetadataPatch).optional(),
  budget: createShape.budget,
});
export type DeploymentUpdateParams = z.infer<typeof DeploymentUpdateParams>;

/** Every run `error.type` the SDK knows (api-deployments.md §3.3); decoders treat the type as an open string. */
export const RUN_ERROR_TYPES = [
  "environment_archived_error",
  "agent_archived_error",
  "environment_not_found_error",
  "vault_not_found_error",
  "vault_archived_error",
  "file_not_found_error",
  "memory_store_archived_error",
  "skill_not_found_error",
  "session_resource_not_found_error",
  "workspace_archived_error",
  "organization_disabled_error",
  "session_rate_limited_error",
  "session_creation_rejected_error",
  "unknown_error",
  "self_hosted_resources_unsupported_error",
  "mcp_egress_blocked_error",
] as const;

/**
 * The run error types that pause a deployment when a scheduled run fails with them (§2.5): all of §3.3 but
 * the rate limit (the schedule keeps going) and a rejected creation.
 */
export const AUTO_PAUSE_ERROR_TYPES: ReadonlySet<string> = new Set(
  RUN_ERROR_TYPES.filter((type) => type !== "session_rate_limited_error" && type !== "session_creation_rejected_error"),
);

export const DEPLOYMENT_STATUSES = ["active", "paused"] as const;

export const DeploymentListParams = ArchivableListParams.extend({
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
  agent_id: z.string().optional(),
  "created_at[gte]": Timestamp.optional(),
  "created_at[lte]": Timestamp.optional(),
});
export type DeploymentListParams = z.infer<typeof DeploymentListParams>;

export const DeploymentRunListParams = ListParams.extend({
  triggered_after: Timestamp.optional(),
  triggered_before: Timestamp.optional(),
});
export type DeploymentRunListParams = z.infer<typeof DeploymentRunListParams>;

export const AllDeploymentRunsListParams = ListParams.extend({
  deployment_id: z.string().optional(),
  trigger_type: z.enum(["manual", "schedule"]).optional(),
  has_error: z.boolean().optional(),
  "created_at[gt]": Timestamp.optional(),
  "created_at[gte]": Timestamp.optional(),
  "created_at[lt]": Timestamp.optional(),
  "created_at[lte]": Timestamp.optional(),
});
export type AllDeploymentRunsListParams = z.infer<typeof AllDeploymentRunsListParams>;

/** Older servers: string event content. Tolerant of missing arrays and metadata. */
function normaliseLegacyDeployment(input: unknown): unknown {
  if (!isRecord(input) || !Array.isArray(input.initial_events)) return input;
  return { ...input, initial_events: input.initial_events.map(contentAsBlocks) };
}

export const PausedReason = z.looseObject({
  type: z.string().meta({ description: "manual (paused by a call) or error (paused by the service after a failed scheduled run)." }),
  error: z.looseObject({ type: z.string() }).optional(),
});
export type PausedReason = z.infer<typeof PausedReason>;

/** A deployment as read back. Tolerant: unknown fields kept, D1 shapes accepted. */
export const Deployment = z.preprocess(
  normaliseLegacyDeployment,
  z.looseObject({
    id: z.string(),
    type: z.literal("deployment").default("deployment"),
    name: z.string(),
    description: z.string().nullable().default(""),
    agent: z.looseObject({ id: z.string(), type: z.string().default("agent"), version: z.number().int() }),
    environment_id: z.string(),
    environment_variables: z.string().default(""),
    initial_events: z.array(z.looseObject({ type: z.string() })).default([]),
    resources: z.array(z.looseObject({ type: z.string() })).default([]),
    vault_ids: z.array(z.string()).default([]),
    metadata: z.record(z.string(), z.unknown()).default({}),
    schedule: z
      .looseObject({
        type: z.string(),
        expression: z.string(),
        timezone: z.string(),
        upcoming_runs_at: z.array(Timestamp).default([]),
        last_run_at: Timestamp.optional(),
      })
      .nullable()
      .default(null),
    status: z.string(),
    paused_reason: PausedReason.nullable().default(null),
    budget: z.looseObject({ type: z.string() }).nullable().default(null),
    archived_at: Timestamp.nullable().default(null),
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
);
export type Deployment = z.output<typeof Deployment>;
export const DeploymentList = ListEnvelope(Deployment);
export type DeploymentList = z.output<typeof DeploymentList>;

/** One trigger of a deployment: exactly one of `session_id` and `error` is set (api-deployments.md §3.1). */
export const DeploymentRun = z.looseObject({
  id: z.string(),
  type: z.literal("deployment_run").default("deployment_run"),
  deployment_id: z.string(),
  agent: z.looseObject({ id: z.string(), type: z.string().default("agent"), version: z.number().int() }),
  session_id: z.string().nullable().default(null),
  error: z
    .looseObject({ type: z.string(), message: z.string().default("") })
    .nullable()
    .default(null),
  trigger_context: z.looseObject({ type: z.string(), scheduled_at: Timestamp.optional() }),
  created_at: Timestamp,
});
export type DeploymentRun = z.output<typeof DeploymentRun>;
export const DeploymentRunList = ListEnvelope(DeploymentRun);
export type DeploymentRunList = z.output<typeof DeploymentRunList>;
