// The Agent resource as a program declares it (provider/kinds/agent.ts says what each field does).
import { agentKind, type AgentOutputs, type AgentView } from "../kinds/agent";
import agentEntry = require("./entry/agent");
import { type ArgsOf, kindResource } from "./resource";

export type { AgentMcpServer, AgentModel, AgentMultiagent, AgentOutputs, AgentSkill, AgentTool, AgentView } from "../kinds/agent";
export type AgentArgs = ArgsOf<AgentView>;

/** A Qoder agent. Every change updates it in place as a new version; destroying it archives it (the API has no delete). */
export const Agent = kindResource<AgentView, AgentOutputs>(agentKind, agentEntry);
export type Agent = InstanceType<typeof Agent>;
