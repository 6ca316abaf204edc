// Wire schemas of Agents (CONTRACT.md "Agents"): the response object and create/update/list params; the nested
// parts and cross-field rules live in agent-parts.ts. No I/O.
import { z } from "zod";
import { ArchivableListParams, ListEnvelope, ListParams, Metadata, MetadataPatch, MetadataRecord, Timestamp } from "./common";
import { AGENT_LIMITS, AgentModel, AgentTool, McpServer, Multiagent, SkillBinding, agentDefinitionIssues } from "./agent-parts";

export * from "./agent-parts";

const createShape = {
  name: z.string().min(1).max(AGENT_LIMITS.nameMax).meta({ description: "Agent name, 1–256 characters." }),
  model: AgentModel,
  system: z.string().max(AGENT_LIMITS.systemMax).optional().meta({ description: "System prompt, ≤100000 characters." }),
  description: z.string().max(AGENT_LIMITS.descriptionMax).optional().meta({ description: "≤2048 characters." }),
  tools: z.array(AgentTool).max(AGENT_LIMITS.toolsMax).optional().meta({ description: "≤128 tools; none means no tools." }),
  mcp_servers: z.array(McpServer).max(AGENT_LIMITS.mcpServersMax).optional().meta({ description: "≤20 MCP servers." }),
  skills: z.array(SkillBinding).max(AGENT_LIMITS.skillsMax).optional().meta({ description: "≤20 skills." }),
  metadata: Metadata.optional(),
  multiagent: Multiagent.nullable().optional(),
};

/** `POST /agents` body. Strict: unknown fields are a 400, so typos never pass silently. */
export const AgentCreateParams = z.strictObject(createShape).superRefine((body, ctx) => {
  for (const issue of agentDefinitionIssues(body)) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
});
export type AgentCreateParams = z.infer<typeof AgentCreateParams>;

/**
 * `POST /agents/{id}` body. `version` must equal the current version (OCC, CONTRACT.md); omitted fields are
 * kept, arrays replace whole (`null` clears), `metadata` is a patch, `model` and `name` cannot be cleared.
 */
export const AgentUpdateParams = z.strictObject({
  version: z.number().int().min(1).meta({ description: "The agent's current version; a mismatch is a 409." }),
  name: createShape.name.optional(),
  model: AgentModel.optional(),
  system: z.string().max(AGENT_LIMITS.systemMax).nullable().optional(),
  description: z.string().max(AGENT_LIMITS.descriptionMax).nullable().optional(),
  tools: z.array(AgentTool).max(AGENT_LIMITS.toolsMax).nullable().optional(),
  mcp_servers: z.array(McpServer).max(AGENT_LIMITS.mcpServersMax).nullable().optional(),
  skills: z.array(SkillBinding).max(AGENT_LIMITS.skillsMax).nullable().optional(),
  metadata: MetadataPatch.optional(),
  multiagent: Multiagent.nullable().optional(),
});
export type AgentUpdateParams = z.infer<typeof AgentUpdateParams>;

export const AgentListParams = ArchivableListParams;
export type AgentListParams = z.infer<typeof AgentListParams>;
export const AgentVersionListParams = ListParams;
export type AgentVersionListParams = z.infer<typeof AgentVersionListParams>;
export const AgentRetrieveParams = z.strictObject({
  version: z.number().int().min(1).optional().meta({ description: "Return this version's snapshot." }),
});
export type AgentRetrieveParams = z.infer<typeof AgentRetrieveParams>;

/** Older generations: `instructions` mirrored (or replaced) `system`; `description` could be null. */
function normaliseLegacyAgent(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const body = { ...(input as Record<string, unknown>) };
  if (typeof body.system !== "string" && typeof body.instructions === "string") body.system = body.instructions;
  if (body.description === null) body.description = "";
  if (body.system === null) body.system = "";
  return body;
}

/** An agent as read back (also a version snapshot). Tolerant: unknown fields kept, older names accepted. */
export const Agent = z.preprocess(
  normaliseLegacyAgent,
  z.looseObject({
    id: z.string(),
    type: z.literal("agent").default("agent"),
    name: z.string(),
    description: z.string().default(""),
    model: z.union([z.string(), z.looseObject({ id: z.string() })]),
    system: z.string().default(""),
    tools: z.array(z.looseObject({ type: z.string() })).default([]),
    mcp_servers: z.array(z.looseObject({ type: z.string(), name: z.string(), url: z.string() })).default([]),
    skills: z.array(z.looseObject({ type: z.string(), skill_id: z.string() })).default([]),
    metadata: MetadataRecord,
    multiagent: z
      .looseObject({ type: z.string(), agents: z.array(z.unknown()) })
      .nullable()
      .default(null),
    version: z.number().int(),
    archived_at: Timestamp.nullable().default(null),
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
);
export type Agent = z.output<typeof Agent>;

export const AgentList = ListEnvelope(Agent);
export type AgentList = z.output<typeof AgentList>;
