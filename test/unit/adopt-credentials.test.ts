// qoder-adopt's credential entries: which write-only fields of a credential read back from the API become
// `{ secret: <config key> }` placeholders, per auth type and shape (CONTRACT.md "Vaults", W).
import { describe, expect, it } from "vitest";
import { credentialEntry } from "../../provider/adopt/credentials";
import { KeyAllocator } from "../../provider/adopt/keys";
import type { VaultCredential } from "../../provider/client";

const SERVER = "https://mcp.example.com/";

function entryOf(auth: Record<string, unknown>) {
  const credential = { id: "vcred_1", vaultId: "vault_1", auth, metadata: {}, archivedAt: null } as unknown as VaultCredential;
  return credentialEntry(credential, { vault: "tools", credential: "example", secretKeys: new KeyAllocator(), vaultRecreated: false });
}

function secretPaths(auth: Record<string, unknown>): string[] {
  const result = entryOf(auth);
  if ("problem" in result) throw new Error(result.problem);
  return result.secrets.map((secret) => secret.path.slice(5).join("."));
}

describe("qoder-adopt credential secrets", () => {
  it("static_bearer: the token", () => {
    expect(secretPaths({ type: "static_bearer", mcpServerUrl: SERVER })).toEqual(["token"]);
  });

  it("environment_variable: the value", () => {
    const auth = { type: "environment_variable", secretName: "CI_TOKEN", networking: { type: "unrestricted" } };
    expect(secretPaths(auth)).toEqual(["secretValue"]);
  });

  it("mcp_oauth without a refresh block: the access token only", () => {
    expect(secretPaths({ type: "mcp_oauth", mcpServerUrl: SERVER, expiresAt: null, refresh: null })).toEqual(["accessToken"]);
  });

  it("mcp_oauth whose token endpoint takes no client secret: access and refresh tokens", () => {
    const refresh = { clientId: "c", tokenEndpoint: "https://auth.example.com/token", tokenEndpointAuth: { type: "none" } };
    expect(secretPaths({ type: "mcp_oauth", mcpServerUrl: SERVER, refresh })).toEqual(["accessToken", "refresh.refreshToken"]);
  });

  it.each(["client_secret_basic", "client_secret_post"])("mcp_oauth with %s: access token, refresh token and client secret", (type) => {
    const refresh = { clientId: "c", tokenEndpoint: "https://auth.example.com/token", tokenEndpointAuth: { type } };
    const result = entryOf({ type: "mcp_oauth", mcpServerUrl: SERVER, refresh });
    expect("problem" in result ? result.problem : result.secrets).toEqual([
      { configKey: "tools-example-access-token", path: ["vaults", "tools", "credentials", "example", "auth", "accessToken"] },
      { configKey: "tools-example-refresh-token", path: ["vaults", "tools", "credentials", "example", "auth", "refresh", "refreshToken"] },
      {
        configKey: "tools-example-client-secret",
        path: ["vaults", "tools", "credentials", "example", "auth", "refresh", "tokenEndpointAuth", "clientSecret"],
      },
    ]);
    expect("entry" in result && result.entry.auth).toEqual({
      type: "mcp_oauth",
      mcpServerUrl: SERVER,
      accessToken: { secret: "tools-example-access-token" },
      refresh: {
        ...refresh,
        refreshToken: { secret: "tools-example-refresh-token" },
        tokenEndpointAuth: { type, clientSecret: { secret: "tools-example-client-secret" } },
      },
    });
  });

  it("a token endpoint auth type this version does not know: no client secret is asked for", () => {
    const refresh = { clientId: "c", tokenEndpoint: "https://auth.example.com/token", tokenEndpointAuth: { type: "private_key_jwt" } };
    expect(secretPaths({ type: "mcp_oauth", mcpServerUrl: SERVER, refresh })).toEqual(["accessToken", "refresh.refreshToken"]);
  });

  it("an auth type this version does not know is a problem, not an entry", () => {
    expect(entryOf({ type: "workload_identity", audience: "x" })).toEqual({
      problem: 'its auth.type "workload_identity" is not one the fleet can declare',
    });
  });
});
