// The agent entry of the fleet document: the API's agent definition in camelCase (provider/api/agent.ts, through
// the Agent kind's descriptor), with skills, MCP servers, roster members, environment, vaults and memory stores
// named by their keys, and the files and GitHub repositories its session preset mounts.
import { z } from "zod";
import * as agent from "../api/agent";
import { MemoryStoreResource } from "../api/session";
import type { CamelCased } from "../client";
import { agentKind } from "../kinds/agent";
import { camelSchema } from "./camel";
import { fleetEntry, fleetKind, wireField } from "./derive";
import { SessionResourceUse } from "./schema-deployment";
import { adoptId, contentFile, Ref, ResourceOptions } from "./schema-parts";

/** MCP toolsets are not written as tools: each MCP server an agent names gets its toolset (see McpServerUse). */
type AgentTool = CamelCased<z.output<typeof agent.AgentToolsetTool | typeof agent.CustomTool | typeof agent.BrowserToolsetTool>>;

/** camelSchema keeps each option's runtime class (a ZodObject), which is what discriminatedUnion needs. */
const toolOption = (schema: z.ZodType) => camelSchema(schema) as unknown as z.ZodObject<{ type: z.ZodLiteral<string> }>;

const toolOptions = [toolOption(agent.AgentToolsetTool), toolOption(agent.CustomTool), toolOption(agent.BrowserToolsetTool)] as const;
const AgentTool = z
  .discriminatedUnion("type", toolOptions)
  .meta({ description: "agent_toolset_20260401 (built-ins), custom, or browser_toolset_20260714 (beta)." }) as unknown as z.ZodType<AgentTool>;

const McpToolset = (camelSchema(agent.McpToolsetTool) as unknown as z.ZodObject).shape;
type McpToolsetInput = z.output<ReturnType<typeof camelSchema<typeof agent.McpToolsetTool>>>;

export const McpServerUse = z
  .union([
    Ref("MCP server"),
    z.strictObject({
      server: Ref("MCP server"),
      configs: McpToolset.configs as z.ZodOptional<z.ZodType<NonNullable<McpToolsetInput["configs"]>>>,
      defaultConfig: McpToolset.defaultConfig as z.ZodOptional<z.ZodType<NonNullable<McpToolsetInput["defaultConfig"]>>>,
    }),
  ])
  .meta({
    description: "An MCP server by key (its toolset with default settings), or { server, configs?, defaultConfig? } to set tool permissions.",
  });

export const SkillUse = z
  .union([
    Ref("skill"),
    z.strictObject({
      skill: Ref("skill"),
      pin: z
        .boolean()
        .optional()
        .meta({ description: "Pin the skill's current version: a new skill version then gives the agent a new version too." }),
    }),
    z.strictObject({
      qoder: agent.SkillBinding.shape.skill_id.meta({ description: "A skill Qoder provides, by name." }),
      version: agent.SkillBinding.shape.version,
    }),
  ])
  .meta({ description: "A skill by key (latest version), { skill, pin }, or { qoder: <name> } for a Qoder-provided skill." });

export const RosterMember = z
  .union([
    Ref("agent").meta({ description: "An agent key (latest version), or self for the coordinator itself." }),
    z.strictObject({
      agent: Ref("agent"),
      pin: z.boolean().optional().meta({ description: "Pin the member's current version." }),
    }),
  ])
  .meta({ description: "A member agent by key, `self`, or { agent, pin }." });

export const AgentMultiagent = z
  .strictObject({
    type: z.literal("coordinator").optional().meta({ description: "The only kind of roster today." }),
    agents: z.array(RosterMember).min(1).max(agent.AGENT_LIMITS.multiagentMax),
  })
  .meta({ description: "Makes the agent a coordinator of 1–20 member agents (members may not coordinate)." });

export const MemoryStoreUse = z
  .union([
    Ref("memory store"),
    z.strictObject({
      store: Ref("memory store"),
      access: MemoryStoreResource.shape.access,
      instructions: MemoryStoreResource.shape.instructions.meta({
        description: "How the agent should use the store, ≤4096 characters.",
      }),
    }),
  ])
  .meta({ description: "A memory store by key (read_write), or { store, access, instructions? }." });

const AGENT = fleetKind(agentKind, agent.AgentCreateParams, { stated: { system: ["system", "systemFile"] } });

/** The agent entry: every field of the API's agent definition the fleet does not name by key comes from the wire. */
export const AGENT_ENTRY = fleetEntry(AGENT, {
  name: wireField(AGENT, "name").optional().meta({ description: "Agent name, 1–256 characters; defaults to the key." }),
  systemFile: contentFile("The system prompt read from this file instead (UTF-8, ≤100000 characters)"),
  tools: z.array(AgentTool).max(agent.AGENT_LIMITS.toolsMax).optional().meta({ description: "Tools besides MCP toolsets." }),
  mcpServers: z
    .array(McpServerUse)
    .max(agent.AGENT_LIMITS.mcpServersMax)
    .optional()
    .meta({ description: "MCP servers (keys of mcpServers) the agent may call." }),
  skills: z.array(SkillUse).max(agent.AGENT_LIMITS.skillsMax).optional(),
  multiagent: AgentMultiagent.optional(),
  environment: Ref("environment")
    .optional()
    .meta({ description: "The environment its sessions run in; defaults to the only environment when there is one." }),
  vaults: z.array(Ref("vault")).optional().meta({ description: "Vaults its sessions use (the session preset's vault_ids)." }),
  memoryStores: z.array(MemoryStoreUse).optional().meta({ description: "Memory stores its sessions attach." }),
  resources: z
    .array(SessionResourceUse)
    .optional()
    .meta({ description: "Files and GitHub repositories its sessions mount (the session preset's resources, after its memory stores)." }),
  adoptId: adoptId("agent", "agent"),
  options: ResourceOptions.optional(),
});

export const FleetAgent = z
  .strictObject(AGENT_ENTRY.shape)
  // Not both system and systemFile (fleet/content-files.ts reports it in words).
  .meta({
    description: "An agent. Updates in place (its version goes up); destroying it archives it.",
    not: { required: ["system", "systemFile"] },
  });
export type FleetAgent = z.infer<typeof FleetAgent>;
