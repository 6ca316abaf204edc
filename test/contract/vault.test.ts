// Vaults and credentials, client ↔ emulator (CONTRACT.md "Vaults"): secrets go in, never come back.
import { beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError } from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const SECRET = "sk-contract-secret-987654";
const bearer = (url = "https://mcp.example.test/mcp") => ({ auth: { type: "static_bearer" as const, mcpServerUrl: url, token: SECRET } });
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
      auth: { type: "environment_variable", secretName: "API_KEY", secretValue: SECRET, networking: { type: "limited", allowedHosts: ["api.example.test"] } },
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
    const rotated = await t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "static_bearer", token: `${SECRET}-2` }, metadata: { rotated: "yes" } });
    expect(rotated.metadata).toEqual({ rotated: "yes" });
  });

  it("credential: changing an immutable auth field is a 400", async () => {
    const credential = await t.client.vaults.credentials.create(vaultId, bearer());
    const update = t.client.vaults.credentials.update(vaultId, credential.id, { auth: { type: "static_bearer", mcpServerUrl: "https://other.test" } } as never);
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
    await expect(t.client.vaults.credentials.delete(vaultId, credential.id)).resolves.toEqual({ id: credential.id, type: "vault_credential_deleted" });
  });

  it("credential: the secret never appears in an error message", async () => {
    await t.client.vaults.credentials.create(vaultId, bearer());
    const err = await rejectionOf(t.client.vaults.credentials.create(vaultId, bearer()));
    expect(err.message.includes(SECRET)).toBe(false);
  });
});
