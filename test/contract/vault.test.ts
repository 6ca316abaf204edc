// Vaults and credentials, client ↔ emulator (CONTRACT.md "Vaults"): secrets go in, never come back.
import { beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError } from "../../provider/client/index";
import { credentialSecrets } from "../../emulator/routes/vault";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const SECRET = "sk-contract-secret-987654";
const bearer = (url = "https://mcp.example.test/mcp") => ({ auth: { type: "static_bearer" as const, mcpServerUrl: url, token: SECRET } });
const oauth = (withRefresh = true) => ({
  auth: {
    type: "mcp_oauth" as const,
    mcpServerUrl: "https://mcp.example.test/oauth",
    accessToken: SECRET,
    ...(withRefresh
      ? {
          refresh: {
            clientId: "client-1",
            refreshToken: `${SECRET}-r`,
            tokenEndpoint: "https://idp.example.test/token",
            tokenEndpointAuth: { type: "none" as const },
          },
        }
      : {}),
  },
});
const envVar = () => ({
  auth: {
    type: "environment_variable" as const,
    secretName: "API_KEY",
    secretValue: SECRET,
    networking: { type: "limited" as const, allowedHosts: ["api.example.test"] },
  },
});
let vaultId: string;

beforeEach(async () => {
  vaultId = (await t.client.vaults.create({ displayName: "team" })).id;
});

describe("vaults", () => {
  it("vault: create answers the vault with an empty credential list", async () => {
    const vault = await t.client.vaults.create({ displayName: "ops", metadata: { env: "prod" } });
    expect([vault.type, vault.displayName, vault.credentials, vault.metadata]).toEqual(["vault", "ops", [], { env: "prod" }]);
  });

  it("vault: retrieve and list return the vault", async () => {
    const listed = await t.client.vaults.list().toArray();
    await expect(t.client.vaults.retrieve(vaultId)).resolves.toMatchObject({ id: vaultId });
    expect(listed.map((v) => v.id)).toEqual([vaultId]);
  });

  it("vault: archive sets archivedAt", async () => {
    await expect(t.client.vaults.archive(vaultId)).resolves.toMatchObject({ archivedAt: expect.any(String) });
  });

  it("vault: delete answers vault_deleted and takes the credentials along", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    await expect(t.client.vaults.delete(vaultId)).resolves.toEqual({ id: vaultId, type: "vault_deleted" });
    await expect(t.client.vaults.credentials.retrieve(vaultId, credential.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("vault: a missing display name is a 400", async () => {
    await expect(t.client.vaults.create({} as never)).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe("credentials", () => {
  it("credential: create answers the credential without its secret", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    expect([credential.type, credential.vaultId, credential.auth, JSON.stringify(credential).includes(SECRET)]).toEqual([
      "vault_credential",
      vaultId,
      { type: "static_bearer", mcpServerUrl: "https://mcp.example.test/mcp" },
      false,
    ]);
  });

  it("credential: an environment variable credential keeps its name and networking", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, {
      auth: {
        type: "environment_variable",
        secretName: "API_KEY",
        secretValue: SECRET,
        networking: { type: "limited", allowedHosts: ["api.example.test"] },
      },
    });
    expect([credential.auth.secretName, credential.auth.networking?.allowedHosts]).toEqual(["API_KEY", ["api.example.test"]]);
  });

  it("credential: an OAuth credential keeps its refresh block without secrets", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, {
      auth: {
        type: "mcp_oauth",
        mcpServerUrl: "https://mcp.example.test/oauth",
        accessToken: SECRET,
        refresh: {
          clientId: "client-1",
          refreshToken: `${SECRET}-r`,
          tokenEndpoint: "https://idp.example.test/token",
          tokenEndpointAuth: { type: "client_secret_post", clientSecret: `${SECRET}-c` },
        },
      },
    });
    expect([credential.auth.refresh?.clientId, JSON.stringify(credential).includes(SECRET)]).toEqual(["client-1", false]);
  });

  it("credential: retrieve and list return it", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const listed = await t.client.vaults.credentials.list(vaultId).toArray();
    await expect(t.client.vaults.credentials.retrieve(vaultId, credential.id)).resolves.toEqual(credential);
    expect(listed.map((c) => c.id)).toEqual([credential.id]);
  });

  it("credential: rotating the token succeeds", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const rotated = await t.client.vaults.credentials.update(vaultId, credential.id, {
      auth: { type: "static_bearer", token: `${SECRET}-2` },
      metadata: { rotated: "yes" },
    });
    expect(rotated.metadata).toEqual({ rotated: "yes" });
  });

  it("credential: changing an immutable auth field is a 400", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const update = t.client.vaults.credentials.update(vaultId, credential.id, {
      auth: { type: "static_bearer", mcpServerUrl: "https://other.test" },
    } as never);
    await expect(update).rejects.toBeInstanceOf(BadRequestError);
  });

  it("credential: changing auth.type is a 400", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const update = t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "environment_variable", secretValue: "x" } });
    await expect(update).rejects.toBeInstanceOf(BadRequestError);
  });

  it("credential: a second active credential for the same MCP server is a 409", async () => {
    await t.client.vaults.credentials.create(vaultId, bearer());
    await expect(t.client.vaults.credentials.create(vaultId, bearer())).rejects.toBeInstanceOf(ConflictError);
  });

  it("credential: archiving twice is a 409", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    await t.client.vaults.credentials.archive(vaultId, credential.id);
    const err = await rejectionOf(t.client.vaults.credentials.archive(vaultId, credential.id));
    expect(err).toBeInstanceOf(ConflictError);
  });

  it("credential: delete answers vault_credential_deleted", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    await expect(t.client.vaults.credentials.delete(vaultId, credential.id)).resolves.toEqual({
      id: credential.id,
      type: "vault_credential_deleted",
    });
  });

  it("credential: the secret never appears in an error message", async () => {
    await t.client.vaults.credentials.create(vaultId, bearer());
    const err = await rejectionOf(t.client.vaults.credentials.create(vaultId, bearer()));
    expect(err.message.includes(SECRET)).toBe(false);
  });
});

describe("vault rules", () => {
  it("vault: a display name over 255 characters is a 400 on display_name", async () => {
    await expect(rejectionOf(t.client.vaults.create({ displayName: "v".repeat(256) }))).resolves.toMatchObject({
      status: 400,
      param: "display_name",
    });
  });

  it("vault: retrieve leaves out the credential list the create answer had", async () => {
    expect((await t.client.vaults.retrieve(vaultId)).credentials).toBeUndefined();
  });

  it("vault: list hides archived vaults unless asked", async () => {
    await t.client.vaults.archive(vaultId);
    const counts = [(await t.client.vaults.list().toArray()).length, (await t.client.vaults.list({ includeArchived: true }).toArray()).length];
    expect(counts).toEqual([0, 1]);
  });

  it("vault: retrieve of an unknown id is a 404", async () => {
    await expect(t.client.vaults.retrieve("vault_00000000000000000000000000000000")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("credential rules", () => {
  it("credential: create answers HTTP 201 with displayName and archivedAt null", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const status = t.emulator.admin.requests().at(-1)?.status;
    expect([status, credential.displayName, credential.archivedAt]).toEqual([201, null, null]);
  });

  it("credential: a rotated token reaches the server and is still not returned", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const rotated = await t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "static_bearer", token: `${SECRET}-2` } });
    expect([credentialSecrets(t.emulator.state, credential.id)?.token, JSON.stringify(rotated).includes(SECRET)]).toEqual([`${SECRET}-2`, false]);
  });

  it("credential: an OAuth rotation updates expiresAt and refresh.scope", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, oauth());
    const update = {
      auth: { type: "mcp_oauth" as const, accessToken: `${SECRET}-2`, expiresAt: "2027-01-01T00:00:00Z", refresh: { scope: "read" } },
    };
    const rotated = await t.client.vaults.credentials.update(vaultId, credential.id, update);
    expect([rotated.auth.expiresAt, rotated.auth.refresh?.scope, rotated.auth.refresh?.clientId]).toEqual([
      "2027-01-01T00:00:00Z",
      "read",
      "client-1",
    ]);
  });

  it("credential: an OAuth rotation may switch token_endpoint_auth", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, oauth());
    const update = {
      auth: { type: "mcp_oauth" as const, refresh: { tokenEndpointAuth: { type: "client_secret_basic" as const, clientSecret: `${SECRET}-c` } } },
    };
    const rotated = await t.client.vaults.credentials.update(vaultId, credential.id, update);
    expect(rotated.auth.refresh?.tokenEndpointAuth).toEqual({ type: "client_secret_basic" });
  });

  it.each([
    ["refresh.client_id", { refresh: { clientId: "client-2" } }],
    ["refresh.token_endpoint", { refresh: { tokenEndpoint: "https://idp.example.test/other" } }],
    ["mcp_server_url", { mcpServerUrl: "https://mcp.example.test/other" }],
  ])("credential: changing the OAuth field %s is a 400 on it", async (field, change) => {
    const credential = await t.client.vaults.credentials.create(vaultId, oauth());
    const update = t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "mcp_oauth", ...change } } as never);
    await expect(rejectionOf(update)).resolves.toMatchObject({ status: 400, param: `auth.${field}` });
  });

  it("credential: a refresh block cannot be added later", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, oauth(false));
    const update = t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "mcp_oauth", refresh: { scope: "read" } } });
    await expect(rejectionOf(update)).resolves.toMatchObject({ status: 400, param: "auth.refresh" });
  });

  it.each([
    ["secret_name", { secretName: "OTHER_KEY" }],
    ["networking", { networking: { type: "unrestricted" } }],
  ])("credential: changing the environment variable's %s is a 400 on it", async (field, change) => {
    const credential = await t.client.vaults.credentials.create(vaultId, envVar());
    const update = t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "environment_variable", ...change } } as never);
    await expect(rejectionOf(update)).resolves.toMatchObject({ status: 400, param: `auth.${field}` });
  });

  it("credential: an environment variable's value can be rotated", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, envVar());
    await t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "environment_variable", secretValue: `${SECRET}-v2` } });
    expect(credentialSecrets(t.emulator.state, credential.id)?.secret_value).toBe(`${SECRET}-v2`);
  });

  it("credential: metadata on update is a patch", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, { ...bearer(), metadata: { a: "1", b: "2" } });
    const updated = await t.client.vaults.credentials.update(vaultId, credential.id, { metadata: { a: null, c: "3" } });
    expect(updated.metadata).toEqual({ b: "2", c: "3" });
  });

  it("credential: list hides archived credentials unless asked", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    await t.client.vaults.credentials.archive(vaultId, credential.id);
    const visible = await t.client.vaults.credentials.list(vaultId).toArray();
    const all = await t.client.vaults.credentials.list(vaultId, { includeArchived: true }).toArray();
    expect([visible.length, all.map((c) => c.id)]).toEqual([0, [credential.id]]);
  });

  it("credential: an archived credential frees its MCP server URL for a new one", async () => {
    const first = await t.client.vaults.credentials.create(vaultId, bearer());
    await t.client.vaults.credentials.archive(vaultId, first.id);
    await expect(t.client.vaults.credentials.create(vaultId, bearer())).resolves.toMatchObject({ vaultId });
  });

  it("credential: retrieve through another vault is a 404", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const other = await t.client.vaults.create({ displayName: "other" });
    await expect(t.client.vaults.credentials.retrieve(other.id, credential.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
