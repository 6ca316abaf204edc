// The Agent kind (CONTRACT.md "Agents"): every field updates in place under optimistic concurrency on
// `version`; absent optional fields mean what the API stores by default; destroy archives.
import type { z } from "zod";
import type { AgentCreateParams } from "../api/agent";
import type { CamelCased } from "../api/casing";
import { defineKind } from "./descriptor";

/** An agent as declared: the create body in camelCase. */
export type AgentView = CamelCased<z.input<typeof AgentCreateParams>>;
export type AgentModel = AgentView["model"];
export type AgentTool = NonNullable<AgentView["tools"]>[number];
export type AgentMcpServer = NonNullable<AgentView["mcpServers"]>[number];
export type AgentSkill = NonNullable<AgentView["skills"]>[number];
export type AgentMultiagent = NonNullable<AgentView["multiagent"]>;

export interface AgentOutputs {
  version: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const agentKind = defineKind<AgentView, AgentOutputs>({
  type: "Agent",
  idPrefix: "agent_",
  idNoun: "an agent id",
  get wire() {
    return (require("../api/agent") as typeof import("../api/agent")).AgentCreateParams;
  },
  fields: {
    name: {},
    model: {},
    system: { default: "", cleared: "" },
    description: { default: "", cleared: "" },
    tools: { default: [], cleared: [] },
    mcpServers: { default: [], cleared: [] },
    skills: { default: [], cleared: [] },
    metadata: { default: {} },
    multiagent: { default: null, cleared: null },
  },
  outputs: {
    version: "Bumped by every update; sessions pin an agent at a version.",
    archivedAt: "When the agent was archived, or null.",
    createdAt: "When the agent was created.",
    updatedAt: "When the agent last changed.",
  },
});
