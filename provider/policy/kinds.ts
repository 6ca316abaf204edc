// Our resource kinds as policies see them: type tokens and the props views (camelCase resource inputs, any
// value possibly unknown in preview). The views derive from the kind descriptors (provider/kinds) through
// `import type`, which leaves nothing to load at run time; the tokens come from provider/kinds/tokens.ts,
// which imports nothing. Must not load provider/resources or Pulumi's runtime (one SDK copy per pack).
import type { AgentOutputs, AgentView } from "../kinds/agent";
import type { DeploymentOutputs, DeploymentView } from "../kinds/deployment";
import type { DeletionPolicy as KindDeletionPolicy } from "../kinds/descriptor";
import type { EnvironmentOutputs, EnvironmentView } from "../kinds/environment";
import type { FileOutputs, FileView } from "../kinds/file";
import type { MemoryOutputs, MemoryView } from "../kinds/memory";
import type { MemoryStoreOutputs, MemoryStoreView } from "../kinds/memory-store";
import type { SkillOutputs, SkillView } from "../kinds/skill";
import { KIND_TYPES, type KindType, typeToken } from "../kinds/tokens";
import type { VaultOutputs, VaultView } from "../kinds/vault";
import type { VaultCredentialOutputs, VaultCredentialView } from "../kinds/vault-credential";
import type { Unknown } from "./values";

export type QoderKind = KindType;
export const QODER_KINDS: readonly QoderKind[] = KIND_TYPES;

/** Type tokens: dynamic resources carry no class a policy could match, so rules match these strings. */
export const QODER_TYPES = Object.fromEntries(KIND_TYPES.map((kind) => [kind, typeToken(kind)])) as {
  readonly [K in QoderKind]: `pulumi-nodejs:dynamic/qoder:${K}`;
};

/** The kind of a type token, or undefined for anything that is not ours. */
export function kindOfType(type: string): QoderKind | undefined {
  return QODER_KINDS.find((kind) => QODER_TYPES[kind] === type);
}

/**
 * What a policy may find at a place whose declared type is T: T itself, absent, or unknown (preview).
 * Object and array levels include `Unknown`, so the compiler makes a rule check before looking inside.
 */
export type Seen<T> = unknown extends T
  ? unknown
  : T extends string | number | boolean | null | undefined
    ? T | Unknown
    : T extends readonly (infer E)[]
      ? readonly Seen<E>[] | Unknown
      : { readonly [K in keyof T]?: Seen<T[K]> } | Unknown;

export type Metadata = Record<string, string>;
export type DeletionPolicy = KindDeletionPolicy;

/** A resource's props: its inputs, `adoptId`, and (in stack policies, once it exists) its outputs. */
type PropsOf<View, Outputs> = View & { adoptId?: string } & Partial<Outputs>;

export type AgentModel = AgentView["model"];
export type AgentTool = NonNullable<AgentView["tools"]>[number];
type AgentToolset = Extract<AgentTool, { type: "agent_toolset_20260401" }>;
export type ToolConfig = NonNullable<AgentToolset["configs"]>[number];
export type ToolDefaultConfig = NonNullable<AgentToolset["defaultConfig"]>;
export type McpServer = NonNullable<AgentView["mcpServers"]>[number];
export type SkillBinding = NonNullable<AgentView["skills"]>[number];
export type Multiagent = NonNullable<AgentView["multiagent"]>;
export type MultiagentMember = Multiagent["agents"][number];
export type AgentProps = PropsOf<AgentView, AgentOutputs>;

export type EnvironmentConfig = NonNullable<EnvironmentView["config"]>;
export type Networking = NonNullable<Extract<EnvironmentConfig, { type: "cloud" }>["networking"]>;
export type EnvironmentProps = PropsOf<EnvironmentView, EnvironmentOutputs>;

/** `skillName` and `contentHash` are derived by the provider's check from the directory. */
export type SkillProps = PropsOf<SkillView, SkillOutputs>;
export type VaultProps = PropsOf<VaultView, VaultOutputs>;

export type CredentialAuth = VaultCredentialView["auth"];
export type TokenEndpointAuth = NonNullable<Extract<CredentialAuth, { type: "mcp_oauth" }>["refresh"]>["tokenEndpointAuth"];
export type VaultCredentialProps = PropsOf<VaultCredentialView, VaultCredentialOutputs>;
export type MemoryStoreProps = PropsOf<MemoryStoreView, MemoryStoreOutputs>;
export type MemoryProps = PropsOf<MemoryView, MemoryOutputs>;

export type FileProps = PropsOf<FileView, FileOutputs>;
export type DeploymentSchedule = NonNullable<DeploymentView["schedule"]>;
export type DeploymentResource = NonNullable<DeploymentView["resources"]>[number];
export type DeploymentProps = PropsOf<DeploymentView, DeploymentOutputs>;

export interface KindProps {
  Agent: AgentProps;
  Environment: EnvironmentProps;
  Skill: SkillProps;
  Vault: VaultProps;
  VaultCredential: VaultCredentialProps;
  MemoryStore: MemoryStoreProps;
  Memory: MemoryProps;
  File: FileProps;
  Deployment: DeploymentProps;
}

/** A kind's props as a policy receives them: every level possibly absent or unknown. */
export type SeenProps<K extends QoderKind> = Exclude<Seen<KindProps[K]>, Unknown>;
