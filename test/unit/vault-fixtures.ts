// Shared request bodies and setup of the vault emulator tests: one of each credential auth variant with
// recognisable secret values, and a fresh emulator holding one vault. Not a test file itself.
import { inProcess } from "./emulator-harness";

export const bearer = (overrides: Record<string, unknown> = {}) => ({
  auth: { type: "static_bearer", mcp_server_url: "https://mcp.example.com/mcp", token: "tok-secret-1", ...overrides },
});
export const oauth = (overrides: Record<string, unknown> = {}) => ({
  auth: {
    type: "mcp_oauth",
    mcp_server_url: "https://oauth.example.com/mcp",
    access_token: "access-secret-1",
    expires_at: "2026-08-20T08:00:00Z",
    refresh: {
      client_id: "client-1",
      refresh_token: "refresh-secret-1",
      token_endpoint: "https://oauth.example.com/token",
      token_endpoint_auth: { type: "client_secret_post", client_secret: "client-secret-1" },
      scope: "read",
    },
    ...overrides,
  },
});
export const envVar = () => ({
  auth: {
    type: "environment_variable",
    secret_name: "GITHUB_TOKEN",
    secret_value: "env-secret-1",
    networking: { type: "limited", allowed_hosts: ["api.github.com"] },
    injection_location: { header: true },
  },
});

export async function setup() {
  const emulator = inProcess();
  const vault = (await emulator.call("POST", "/vaults", { display_name: "ops", metadata: { team: "platform" } })).body;
  const addCredential = async (body: unknown) => (await emulator.call("POST", `/vaults/${vault.id}/credentials`, body)).body;
  return { ...emulator, vault, addCredential, base: `/vaults/${vault.id}/credentials` };
}
