// Our resource kinds as policies see them: type tokens and the props views (camelCase resource inputs, any
// value possibly unknown in preview). Types and constants only; must not import provider/resources (the pack
// process must never load the dynamic-provider machinery) or any runtime module.
import type { Unknown } from "./values";

/** Type tokens: dynamic resources carry no class a policy could match, so rules match these strings. */
export const QODER_TYPES = {
  Agent: "pulumi-nodejs:dynamic/qoder:Agent",
  Environment: "pulumi-nodejs:dynamic/qoder:Environment",
  Skill: "pulumi-nodejs:dynamic/qoder:Skill",
  Vault: "pulumi-nodejs:dynamic/qoder:Vault",
  VaultCredential: "pulumi-nodejs:dynamic/qoder:VaultCredential",
  MemoryStore: "pulumi-nodejs:dynamic/qoder:MemoryStore",
  Memory: "pulumi-nodejs:dynamic/qoder:Memory",
} as const;

export type QoderKind = keyof typeof QODER_TYPES;
export const QODER_KINDS = Object.keys(QODER_TYPES) as QoderKind[];

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
export type DeletionPolicy = "delete" | "archive";

export type AgentModel = string | { id: string; effort?: string; contextWindow?: number };
export interface ToolConfig {
  name: string;
  enabled?: boolean;
  permissionPolicy?: { type: "always_allow" | "always_ask" | "always_deny" };
}
export type ToolDefaultConfig = Omit<ToolConfig, "name">;
export type AgentTool =
  | {
      type: "agent_toolset_20260401";
      enabledTools?: string[];
      disallowedTools?: string[];
      configs?: ToolConfig[];
      defaultConfig?: ToolDefaultConfig;
    }
  | { type: "mcp_toolset"; mcpServerName: string; configs?: ToolConfig[]; defaultConfig?: ToolDefaultConfig }
  | { type: "custom"; name: string; description: string; inputSchema: Record<string, unknown> }
  | { type: "browser_toolset_20260714" };
export interface McpServer {
  type: "url";
  name: string;
  url: string;
}
export interface SkillBinding {
  type: "custom" | "qoder";
  skillId: string;
  version?: string;
}
export type MultiagentMember = string | { type: "agent"; id: string; version?: number } | { type: "self" };
export interface Multiagent {
  type: "coordinator";
  agents: MultiagentMember[];
}

export interface AgentProps {
  name: string;
  model: AgentModel;
  system?: string;
  description?: string;
  tools?: AgentTool[];
  mcpServers?: McpServer[];
  skills?: SkillBinding[];
  metadata?: Metadata;
  multiagent?: Multiagent | null;
  adoptId?: string;
  // Outputs, present in stack policies (which see outputs) once the agent exists.
  version?: number;
  archivedAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export type Networking =
  | { type: "unrestricted" }
  | { type: "limited"; allowedHosts?: string[]; allowPackageManagers?: boolean; allowMcpServers?: boolean };
export type EnvironmentConfig =
  | {
      type: "cloud";
      networking?: Networking;
      packages?: Partial<Record<"apt" | "cargo" | "gem" | "go" | "npm" | "pip", string[]>>;
      setupScript?: string;
    }
  | { type: "self_hosted" };
export interface EnvironmentProps {
  name: string;
  description?: string;
  config?: EnvironmentConfig;
  metadata?: Metadata;
  deletionPolicy?: DeletionPolicy;
}

export interface SkillProps {
  directory: string;
  displayTitle?: string;
  metadata?: Metadata;
  // Derived by the provider's check from the directory: the SKILL.md name and the content hash.
  skillName?: string;
  contentHash?: string;
  latestVersion?: string;
}

export interface VaultProps {
  displayName: string;
  metadata?: Metadata;
  deletionPolicy?: DeletionPolicy;
}

export type TokenEndpointAuth = { type: "none" } | { type: "client_secret_basic" | "client_secret_post"; clientSecret: string };
export type CredentialAuth =
  | { type: "static_bearer"; mcpServerUrl: string; token: string }
  | {
      type: "mcp_oauth";
      mcpServerUrl: string;
      accessToken: string;
      expiresAt?: string;
      refresh?: {
        clientId: string;
        refreshToken: string;
        tokenEndpoint: string;
        tokenEndpointAuth: TokenEndpointAuth;
        resource?: string;
        scope?: string;
      };
    }
  | {
      type: "environment_variable";
      secretName: string;
      secretValue: string;
      networking: { type: "unrestricted" } | { type: "limited"; allowedHosts: string[] };
      injectionLocation?: { header?: string; body?: string };
    };
export interface VaultCredentialProps {
  vaultId: string;
  auth: CredentialAuth;
  metadata?: Metadata;
  deletionPolicy?: DeletionPolicy;
}

export interface MemoryStoreProps {
  name: string;
  description?: string;
  metadata?: Metadata;
  deletionPolicy?: DeletionPolicy;
}

export interface MemoryProps {
  memoryStoreId: string;
  path: string;
  content: string;
  metadata?: Metadata;
}

export interface KindProps {
  Agent: AgentProps;
  Environment: EnvironmentProps;
  Skill: SkillProps;
  Vault: VaultProps;
  VaultCredential: VaultCredentialProps;
  MemoryStore: MemoryStoreProps;
  Memory: MemoryProps;
}

/** A kind's props as a policy receives them: every level possibly absent or unknown. */
export type SeenProps<K extends QoderKind> = Exclude<Seen<KindProps[K]>, Unknown>;
