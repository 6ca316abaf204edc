// Wire schemas of Vaults and credentials (provider/api/vault.ts): auth variants, what an update may carry,
// and tolerant responses (legacy flat credentials).
import { describe, expect, it } from "vitest";
import { Vault, VaultCredential, VaultCredentialCreateParams, VaultCredentialUpdateParams } from "../../provider/api";

const times = { created_at: "2026-05-18T15:34:35.387093Z", updated_at: "2026-05-18T15:34:35.387093Z" };

describe("api vault", () => {
  it("vault: a response without archived_at reads it as null", () => {
    expect(Vault.parse({ id: "vault_1", type: "vault", display_name: "v", status: "active", ...times }).archived_at).toBeNull();
  });

  it("vault credential: a legacy flat credential is read as an auth object", () => {
    const url = "https://x.example.com";
    const legacy = { id: "vcred_1", vault_id: "vault_1", mcp_server_url: url, protocol: "streamable_http", type: "static_bearer" };
    const credential = VaultCredential.parse({ ...legacy, status: "active", ...times });
    expect([credential.type, credential.auth]).toEqual(["vault_credential", { type: "static_bearer", mcp_server_url: url }]);
  });

  it("vault credential: create params need the type's secret", () => {
    const result = VaultCredentialCreateParams.safeParse({ auth: { type: "static_bearer", mcp_server_url: "https://x.example.com" } });
    expect(result.success).toBe(false);
  });

  it("vault credential: update params refuse an immutable field", () => {
    const result = VaultCredentialUpdateParams.safeParse({ auth: { type: "environment_variable", secret_name: "X" } });
    expect(result.success).toBe(false);
  });

  it("vault credential: update params take a new token_endpoint_auth", () => {
    const body = { auth: { type: "mcp_oauth", refresh: { token_endpoint_auth: { type: "client_secret_basic", client_secret: "s" } } } };
    expect(VaultCredentialUpdateParams.safeParse(body).success).toBe(true);
  });
});
