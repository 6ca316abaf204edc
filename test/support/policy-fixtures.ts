// Compliant props for each kind, as the policy unit tests start from them; each test changes one thing.
// Test data only: imports nothing from provider/ beyond the policy layer's testing helpers.
import { testing } from "../../provider/policy";

export const { UNKNOWN } = testing;

/** Marks every value that must never reach a message. */
export const SECRET = "s3cr3t-VALUE";

export function agentProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "reviewer",
    model: "auto",
    system: "You review pull requests.",
    tools: [{ type: "agent_toolset_20260401" }, { type: "mcp_toolset", mcpServerName: "docs" }],
    mcpServers: [{ type: "url", name: "docs", url: "https://mcp.example.com/docs" }],
    skills: [],
    metadata: { team: "platform", owner: "alice" },
    multiagent: null,
    __provider: "exports.handler = () => require('pulumi-qoder/runtime')",
    ...overrides,
  };
}

export function environmentProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "sandbox",
    config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.example.com"] } },
    metadata: { team: "platform", owner: "alice" },
    deletionPolicy: "delete",
    ...overrides,
  };
}

export function vaultProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { displayName: "ci", metadata: { team: "platform", owner: "alice" }, ...overrides };
}

export function bearerCredentialProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vaultId: "vault_0123456789abcdef0123456789abcdef",
    auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/docs", token: SECRET },
    ...overrides,
  };
}

export function oauthCredentialProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vaultId: "vault_0123456789abcdef0123456789abcdef",
    auth: {
      type: "mcp_oauth",
      mcpServerUrl: "https://mcp.example.com/issues",
      accessToken: SECRET,
      refresh: {
        clientId: "client",
        refreshToken: SECRET,
        tokenEndpoint: "https://auth.example.com/token",
        tokenEndpointAuth: { type: "none" },
      },
    },
    ...overrides,
  };
}

export function envVarCredentialProps(networking: unknown = { type: "limited", allowedHosts: ["api.example.com"] }) {
  return {
    vaultId: "vault_0123456789abcdef0123456789abcdef",
    auth: { type: "environment_variable", secretName: "API_KEY", secretValue: SECRET, networking },
  };
}

export function memoryStoreProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "notes", metadata: { team: "platform", owner: "alice" }, ...overrides };
}

export function skillProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { directory: "./skills/review", metadata: {}, latestVersion: "1759000000000000", skillName: "review", ...overrides };
}

export const AGENT_ID = "agent_0123456789abcdef0123456789abcdef";

/** A deployment that passes every rule in any stack: hourly on weekdays, a pinned agent, an allowed repository. */
export function deploymentProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "digest",
    agent: { id: AGENT_ID, version: 3 },
    environmentId: "env_0123456789abcdef0123456789abcdef",
    schedule: { cron: "0 9-17 * * 1-5", timezone: "Europe/Berlin" },
    initialEvents: [{ type: "user.message", content: "Summarise yesterday's pull requests." }],
    resources: [{ type: "github_repository", url: "https://github.com/acme/tools", authorizationToken: SECRET }],
    vaultIds: [],
    environmentVariables: { LOG_LEVEL: "info" },
    metadata: { team: "platform", owner: "alice" },
    ...overrides,
  };
}

export function fileProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { path: "./rubric.md", name: "rubric.md", metadata: { team: "platform", owner: "alice" }, contentHash: "0".repeat(64), ...overrides };
}
