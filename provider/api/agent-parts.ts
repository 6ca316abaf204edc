// Nested parts of an agent definition (CONTRACT.md "Agents"): model, tools, MCP servers, skills, multiagent,
// and the cross-field rules that client checks and the emulator share. Pure zod; no I/O.
import { z } from "zod";
export const AGENT_LIMITS = {
  nameMax: 256,
  systemMax: 100_000,
  descriptionMax: 2048,
  toolsMax: 128,
  mcpServersMax: 20,
  skillsMax: 20,
  multiagentMax: 20,
} as const;

/**
 * Built-in tool names of `agent_toolset_20260401`. CONTRACT.md lists the first eight; the docs' tools page and
 * the official skill add the last three. Unknown names are rejected (newest docs: 400 "unknown tool name").
 */
export const BUILT_IN_TOOLS = [
  "Bash",
  "Read",
  "Write",
  "Edit",
  "Glob",
  "Grep",
  "WebFetch",
  "WebSearch",
  "DeliverArtifacts",
  "ImageGen",
  "ImageSearch",
] as const;

/** Tool `type` that needs the `x-qoder-beta: browser-use-2026-07-14` header on write (CONTRACT.md "Transport"). */
export const BROWSER_TOOLSET_TYPE = "browser_toolset_20260714";
export const BROWSER_BETA = "browser-use-2026-07-14";

export const AgentModelConfig = z
  .strictObject({
    id: z.string().min(1).meta({ description: "Model id, e.g. ultimate." }),
    effort: z.string().min(1).optional().meta({ description: "Reasoning effort, for models that offer efforts." }),
    context_window: z.number().int().positive().optional().meta({ description: "Context window in tokens." }),
    speed: z.string().min(1).optional().meta({ description: "standard or fast (SDK-documented)." }),
    inference_geo: z.string().min(1).optional().meta({ description: "Inference region (SDK-documented)." }),
  })
  .meta({ description: "Model object; replaced whole on update." });
export const AgentModel = z
  .union([z.string().min(1), AgentModelConfig])
  .meta({ description: "A model id string (ultimate, auto) or {id, effort?, context_window?}." });
export type AgentModel = z.infer<typeof AgentModel>;

export const PermissionPolicy = z
  .strictObject({ type: z.enum(["always_allow", "always_ask", "always_deny"]) })
  .meta({ description: "always_ask pauses the session for a user.tool_confirmation." });

export const ToolConfig = z.strictObject({
  name: z.string().min(1).meta({ description: "Tool name the config applies to." }),
  enabled: z.boolean().optional(),
  permission_policy: PermissionPolicy.optional(),
});
export const ToolDefaultConfig = z.strictObject({
  enabled: z.boolean().optional().meta({ description: "Defaults to true." }),
  permission_policy: PermissionPolicy.optional(),
});

export const AgentToolsetTool = z.strictObject({
  type: z.literal("agent_toolset_20260401"),
  enabled_tools: z.array(z.string()).optional().meta({ description: "Allowlist of built-ins; omitted or empty means all built-ins." }),
  disallowed_tools: z.array(z.string()).optional().meta({ description: "Built-ins hidden from the model." }),
  configs: z.array(ToolConfig).optional(),
  default_config: ToolDefaultConfig.optional(),
});
export const McpToolsetTool = z.strictObject({
  type: z.literal("mcp_toolset"),
  mcp_server_name: z.string().min(1).max(255).meta({ description: "Must match an mcp_servers[].name." }),
  configs: z.array(ToolConfig).optional(),
  default_config: ToolDefaultConfig.optional(),
});
export const CustomTool = z.strictObject({
  type: z.literal("custom"),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be 1–128 letters, digits, _ or -")
    .meta({ description: "Tool name, 1–128 of letters, digits, _ and -." }),
  description: z.string().meta({ description: "What the tool does, shown to the model." }),
  input_schema: z.record(z.string(), z.unknown()).meta({ description: "JSON Schema of the tool input." }),
});
export const BrowserToolsetTool = z
  .strictObject({ type: z.literal(BROWSER_TOOLSET_TYPE) })
  .meta({ description: "Beta: needs the x-qoder-beta: browser-use-2026-07-14 header on write." });

export const AgentTool = z.discriminatedUnion("type", [AgentToolsetTool, McpToolsetTool, CustomTool, BrowserToolsetTool]);
export type AgentTool = z.infer<typeof AgentTool>;

export const McpServer = z.strictObject({
  type: z.literal("url"),
  name: z.string().min(1).max(255).meta({ description: "Unique within the agent; referenced by an mcp_toolset." }),
  url: z.string().min(1).meta({ description: "Streamable-HTTP endpoint of the server." }),
});
export type McpServer = z.infer<typeof McpServer>;

export const SkillBinding = z
  .strictObject({
    type: z.enum(["custom", "qoder"]),
    skill_id: z.string().min(1).meta({ description: "skill_ id (custom) or a managed skill name (qoder)." }),
    version: z.string().min(1).optional().meta({ description: "Pinned skill version; omitted means latest." }),
  })
  .meta({ description: "A skill made available to the agent." });
export type SkillBinding = z.infer<typeof SkillBinding>;

export const MultiagentMember = z.union([
  z.string().min(1).meta({ description: "An agent id (latest version)." }),
  z.strictObject({ type: z.literal("agent"), id: z.string().min(1), version: z.number().int().min(1) }),
  z.strictObject({ type: z.literal("self") }),
]);
export type MultiagentMember = z.infer<typeof MultiagentMember>;

export const Multiagent = z
  .strictObject({
    type: z.literal("coordinator"),
    agents: z.array(MultiagentMember).min(1).max(AGENT_LIMITS.multiagentMax),
  })
  .meta({ description: "Makes the agent a coordinator of 1–20 member agents (members may not coordinate)." });
export type Multiagent = z.infer<typeof Multiagent>;

/** The parts of an agent definition the cross-field rules look at. */
export interface AgentDefinitionParts {
  tools?: readonly AgentTool[] | null | undefined;
  mcp_servers?: readonly McpServer[] | null | undefined;
  multiagent?: Multiagent | null | undefined;
}

/** A rule violation found by `agentDefinitionIssues`, with its path in the request body. */
export interface DefinitionIssue {
  message: string;
  path: (string | number)[];
}

function builtInIssues(tool: z.infer<typeof AgentToolsetTool>, index: number): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const known = new Set<string>(BUILT_IN_TOOLS);
  const lists = [
    ["enabled_tools", tool.enabled_tools ?? []],
    ["disallowed_tools", tool.disallowed_tools ?? []],
    ["configs", (tool.configs ?? []).map((config) => config.name)],
  ] as const;
  for (const [field, names] of lists) {
    names.forEach((name, at) => {
      if (!known.has(name)) issues.push({ message: `unknown tool name '${name}'`, path: ["tools", index, field, at] });
    });
  }
  const disallowed = new Set(tool.disallowed_tools ?? []);
  (tool.enabled_tools ?? []).forEach((name, at) => {
    if (disallowed.has(name)) {
      issues.push({ message: `tool '${name}' is both enabled and disallowed`, path: ["tools", index, "enabled_tools", at] });
    }
  });
  return issues;
}

function multiagentIssues(multiagent: Multiagent, tools: readonly AgentTool[]): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  if (!tools.some((tool) => tool.type === "agent_toolset_20260401")) {
    issues.push({ message: "multiagent requires an agent_toolset_20260401 tool", path: ["multiagent"] });
  }
  const seen = new Set<string>();
  multiagent.agents.forEach((member, at) => {
    const key = typeof member === "string" ? `agent:${member}` : member.type === "self" ? "self" : `agent:${member.id}`;
    if (seen.has(key)) issues.push({ message: "multiagent members must be distinct", path: ["multiagent", "agents", at] });
    seen.add(key);
  });
  return issues;
}

/**
 * Cross-field rules of an agent definition (CONTRACT.md "Agents"): MCP server names unique, each server
 * referenced by an `mcp_toolset` and each toolset naming a declared server, known built-in tool names,
 * multiagent needing an agent toolset. Used by the create schema and, against the merged result of an update,
 * by the emulator ("arrays are replaced whole", so the rule must hold for the resulting agent).
 */
export function agentDefinitionIssues(parts: AgentDefinitionParts): DefinitionIssue[] {
  const tools = parts.tools ?? [];
  const servers = parts.mcp_servers ?? [];
  const issues: DefinitionIssue[] = [];
  const names = new Set<string>();
  servers.forEach((server, at) => {
    if (names.has(server.name)) {
      issues.push({ message: `duplicate MCP server name '${server.name}'`, path: ["mcp_servers", at, "name"] });
    }
    names.add(server.name);
  });
  const referenced = new Set<string>();
  tools.forEach((tool, at) => {
    if (tool.type === "mcp_toolset") {
      referenced.add(tool.mcp_server_name);
      if (!names.has(tool.mcp_server_name)) {
        issues.push({
          message: `mcp_toolset references unknown MCP server '${tool.mcp_server_name}'`,
          path: ["tools", at, "mcp_server_name"],
        });
      }
    }
    if (tool.type === "agent_toolset_20260401") issues.push(...builtInIssues(tool, at));
  });
  servers.forEach((server, at) => {
    if (!referenced.has(server.name)) {
      issues.push({
        message: `MCP server '${server.name}' is not referenced by any mcp_toolset tool`,
        path: ["mcp_servers", at],
      });
    }
  });
  if (parts.multiagent) issues.push(...multiagentIssues(parts.multiagent, tools));
  return issues;
}
