// The Agent resource: typed inputs and outputs, its lifecycle (everything updates in place under optimistic
// concurrency on `version`; destroy archives, since the API has no delete) and its Resource class.
import * as pulumi from "@pulumi/pulumi";
import * as wire from "../api/agent";
import { ConflictError } from "../client/errors";
import type { Agent as RemoteAgent, AgentCreateParams } from "../client";
import { apiClient } from "./connection";
import agentEntry = require("./entry/agent");
import { defineLifecycle } from "./kind";
import { metadataPatch, pick, schemaFailures, unlessNotFound, type Fields, type Props } from "./lifecycle";
import { adoptIdFailures } from "./provider-inputs";
import { registerProps, TOKEN_PREFIX, type DeepInput } from "./resource";

type Definition = Omit<AgentCreateParams, "name" | "model">;
export type AgentModel = AgentCreateParams["model"];
export type AgentTool = NonNullable<Definition["tools"]>[number];
export type AgentMcpServer = NonNullable<Definition["mcpServers"]>[number];
export type AgentSkill = NonNullable<Definition["skills"]>[number];
export type AgentMultiagent = NonNullable<Definition["multiagent"]>;

export interface AgentArgs {
  /** 1–256 characters. */
  name: pulumi.Input<string>;
  /** A model id (`"ultimate"`, `"auto"`) or `{ id, effort?, contextWindow? }`. */
  model: DeepInput<AgentModel>;
  /** The system prompt, up to 100 000 characters. */
  system?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  tools?: DeepInput<AgentTool[]>;
  /** Each server must be named by an `mcp_toolset` tool. */
  mcpServers?: DeepInput<AgentMcpServer[]>;
  /** `{ type: "custom", skillId: skill.id, version?: skill.latestVersion }`; no version follows the latest. */
  skills?: DeepInput<AgentSkill[]>;
  metadata?: DeepInput<Record<string, string>>;
  /** A coordinator's roster: agent ids (e.g. `other.id`), `{ type: "agent", id, version }` or `{ type: "self" }`. */
  multiagent?: DeepInput<AgentMultiagent | null>;
  /** Take over this existing agent instead of creating one (README, "Adoption"). */
  adoptId?: pulumi.Input<string>;
}

const API_FIELDS = ["name", "model", "system", "description", "tools", "mcpServers", "skills", "metadata", "multiagent"] as const;

/** Absent optional fields mean what the API stores by default (CONTRACT.md "Agents"). */
const fields: Fields = {
  name: {},
  model: {},
  system: { default: "" },
  description: { default: "" },
  tools: { default: [] },
  mcpServers: { default: [] },
  skills: { default: [] },
  metadata: { default: {} },
  multiagent: { default: null },
};

/** What an update sends for a field the program no longer sets. */
const CLEARED: Props = { system: "", description: "", tools: [], mcpServers: [], skills: [], multiagent: null };

export const agentLifecycle = defineLifecycle<RemoteAgent>({
  label: "Agent",
  fields,
  validate(inputs) {
    return [...schemaFailures(wire.AgentCreateParams, pick(inputs, API_FIELDS)), ...adoptIdFailures(inputs.adoptId, "agent_", "an agent id")];
  },
  create(inputs, key) {
    const body = pick(inputs, API_FIELDS) as AgentCreateParams;
    return apiClient().agents.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve(id) {
    return unlessNotFound(() => apiClient().agents.retrieve(id));
  },
  async update(id, olds, news, key) {
    const body: Props = { version: olds.version };
    for (const name of API_FIELDS) {
      if (name === "metadata") body.metadata = metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>);
      else body[name] = news[name] ?? CLEARED[name];
    }
    try {
      return await apiClient().agents.update(id, body as never, { idempotencyKey: key("update", body) });
    } catch (err) {
      if (err instanceof ConflictError) throw changedOutsidePulumi(id, news, olds);
      throw err;
    }
  },
  async remove(id, _props, key) {
    await apiClient().agents.archive(id, { idempotencyKey: key("archive", { id }) });
  },
  toInputs: (remote) => pick(remote as unknown as Props, API_FIELDS),
  toOutputs: (remote) => ({
    version: remote.version,
    archivedAt: remote.archivedAt ?? null,
    createdAt: remote.createdAt,
    updatedAt: remote.updatedAt,
  }),
  isRetired: (remote) => Boolean(remote.archivedAt),
});

/** A 409 on update: someone changed the agent since our state was written (DESIGN.md, "Reliability rules"). */
function changedOutsidePulumi(id: string, news: Props, olds: Props): Error {
  return new Error(
    `Agent "${String(news.name)}" (${id}) was changed outside Pulumi: the API is past version ${String(olds.version)} ` +
      "recorded in state, and overwriting it would lose that change. Run `pulumi refresh` to record the current " +
      "agent, review the diff, then run `pulumi up` again.",
  );
}

/** A Qoder agent. Destroying it archives it: the API keeps archived agents and has no delete. */
export class Agent extends pulumi.dynamic.Resource {
  static readonly __pulumiType = `${TOKEN_PREFIX}Agent`;

  declare readonly name: pulumi.Output<string>;
  declare readonly model: pulumi.Output<AgentModel>;
  declare readonly system: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly tools: pulumi.Output<AgentTool[] | undefined>;
  declare readonly mcpServers: pulumi.Output<AgentMcpServer[] | undefined>;
  declare readonly skills: pulumi.Output<AgentSkill[] | undefined>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  declare readonly multiagent: pulumi.Output<AgentMultiagent | null | undefined>;
  /** Bumped by every update; sessions pin an agent at a version. */
  declare readonly version: pulumi.Output<number>;
  declare readonly archivedAt: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: AgentArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["version", "archivedAt", "createdAt", "updatedAt"];
    super(agentEntry, name, registerProps("Agent", name, args, outputs), opts, "qoder", "Agent");
  }
}
