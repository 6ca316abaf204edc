// Emulator Vaults and credentials routes against CONTRACT.md "Vaults": vault lifecycle, the three auth
// variants, write-only secrets, duplicates, archive and delete (rotation: emulator-vault-credential.test.ts).
import { describe, expect, it } from "vitest";
import { credentialSecrets } from "../../emulator/routes/vault";
import { bearer, envVar, oauth, setup } from "./vault-fixtures";
import { inProcess } from "./emulator-harness";

describe("emulator vaults", () => {
  it("vault: create answers 200 with credentials: []", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/vaults", { display_name: "ops" });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ type: "vault", display_name: "ops", metadata: {}, credentials: [], archived_at: null });
  });

  it("vault: archiving twice is not an error", async () => {
    const { call, vault } = await setup();
    await call("POST", `/vaults/${vault.id}/archive`);
    expect((await call("POST", `/vaults/${vault.id}/archive`)).status).toBe(200);
  });

  it("vault: get omits credentials", async () => {
    const { call, vault } = await setup();
    expect((await call("GET", `/vaults/${vault.id}`)).body).not.toHaveProperty("credentials");
  });

  it("vault: display_name is required", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/vaults", {});
    expect(reply.body.error.param).toBe("display_name");
  });

  it("vault: display_name over 255 characters is a 400", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/vaults", { display_name: "x".repeat(256) });
    expect(reply.status).toBe(400);
  });

  it("vault: list hides archived vaults by default", async () => {
    const { call, vault } = await setup();
    await call("POST", `/vaults/${vault.id}/archive`);
    expect((await call("GET", "/vaults")).body.data).toEqual([]);
  });

  it("vault: list shows archived vaults with include_archived=true", async () => {
    const { call, vault } = await setup();
    await call("POST", `/vaults/${vault.id}/archive`);
    expect((await call("GET", "/vaults?include_archived=true")).body.data).toHaveLength(1);
  });

  it("vault: archive sets archived_at", async () => {
    const { call, vault } = await setup();
    const reply = await call("POST", `/vaults/${vault.id}/archive`);
    expect(reply.body.archived_at).toEqual(expect.any(String));
  });

  it("vault: delete answers vault_deleted", async () => {
    const { call, vault } = await setup();
    expect((await call("DELETE", `/vaults/${vault.id}`)).body).toEqual({ id: vault.id, type: "vault_deleted" });
  });

  it("vault: delete removes its credentials", async () => {
    const { call, vault, addCredential, admin } = await setup();
    await addCredential(bearer());
    await call("DELETE", `/vaults/${vault.id}`);
    expect(admin.list("vault_credentials")).toEqual([]);
  });

  it("vault: get of an unknown id is a 404", async () => {
    const { call } = inProcess();
    expect((await call("GET", `/vaults/vault_${"0".repeat(32)}`)).status).toBe(404);
  });
});

describe("emulator vault credentials", () => {
  it("vault credential: create answers 201 with the secret-free object", async () => {
    const { call, base, vault } = await setup();
    const reply = await call("POST", base, { ...bearer(), metadata: { team: "docs" } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      type: "vault_credential",
      vault_id: vault.id,
      auth: { type: "static_bearer", mcp_server_url: "https://mcp.example.com/mcp" },
      display_name: null,
      metadata: { team: "docs" },
      archived_at: null,
    });
  });

  it("vault credential: static_bearer token is never returned", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    expect(JSON.stringify((await call("GET", `${base}/${credential.id}`)).body)).not.toContain("tok-secret-1");
  });

  it("vault credential: mcp_oauth secrets are never returned", async () => {
    const { addCredential } = await setup();
    const text = JSON.stringify(await addCredential(oauth()));
    expect(text).not.toMatch(/access-secret-1|refresh-secret-1|client-secret-1/);
  });

  it("vault credential: mcp_oauth view keeps the refresh block without secrets", async () => {
    const { addCredential } = await setup();
    const credential = await addCredential(oauth());
    expect(credential.auth.refresh).toEqual({
      client_id: "client-1",
      token_endpoint: "https://oauth.example.com/token",
      token_endpoint_auth: { type: "client_secret_post" },
      scope: "read",
    });
  });

  it("vault credential: environment_variable secret_value is never returned", async () => {
    const { addCredential } = await setup();
    const credential = await addCredential(envVar());
    expect(credential.auth).toEqual({
      type: "environment_variable",
      secret_name: "GITHUB_TOKEN",
      networking: { type: "limited", allowed_hosts: ["api.github.com"] },
      injection_location: { header: true },
    });
  });

  it("vault credential: secrets are stored by the emulator", async () => {
    const { addCredential, ctx } = await setup();
    const credential = await addCredential(bearer());
    expect(credentialSecrets(ctx.state, credential.id)).toEqual({ token: "tok-secret-1" });
  });

  it("vault credential: secrets stay out of the request log", async () => {
    const { addCredential, admin } = await setup();
    await addCredential(oauth());
    expect(JSON.stringify(admin.requests())).not.toMatch(/secret-1/);
  });

  it("vault credential: secrets stay out of the admin object listing", async () => {
    const { addCredential, admin } = await setup();
    await addCredential(envVar());
    expect(JSON.stringify(admin.list("vault_credentials"))).not.toContain("env-secret-1");
  });

  it("vault credential: an unknown auth type is a 400", async () => {
    const { call, base } = await setup();
    expect((await call("POST", base, { auth: { type: "basic", token: "x" } })).status).toBe(400);
  });

  it("vault credential: a missing secret is a 400", async () => {
    const { call, base } = await setup();
    const reply = await call("POST", base, { auth: { type: "static_bearer", mcp_server_url: "https://x.example.com" } });
    expect(reply.body.error.param).toBe("auth.token");
  });

  it("vault credential: a second active credential for the same MCP server is a 409", async () => {
    const { call, base, addCredential } = await setup();
    await addCredential(bearer());
    expect((await call("POST", base, bearer({ token: "other" }))).status).toBe(409);
  });

  it("vault credential: an archived credential frees its MCP server URL", async () => {
    const { call, base, addCredential } = await setup();
    const first = await addCredential(bearer());
    await call("POST", `${base}/${first.id}/archive`);
    expect((await call("POST", base, bearer())).status).toBe(201);
  });

  it("vault credential: create in an unknown vault is a 404", async () => {
    const { call } = inProcess();
    expect((await call("POST", `/vaults/vault_${"0".repeat(32)}/credentials`, bearer())).status).toBe(404);
  });

  it("vault credential: create in an archived vault is a 409", async () => {
    const { call, base, vault } = await setup();
    await call("POST", `/vaults/${vault.id}/archive`);
    expect((await call("POST", base, bearer())).status).toBe(409);
  });

  it("vault credential: list hides archived credentials by default", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    await addCredential(oauth());
    await call("POST", `${base}/${credential.id}/archive`);
    expect((await call("GET", base)).body.data).toHaveLength(1);
  });

  it("vault credential: get through another vault is a 404", async () => {
    const { call, addCredential } = await setup();
    const credential = await addCredential(bearer());
    const other = (await call("POST", "/vaults", { display_name: "other" })).body;
    expect((await call("GET", `/vaults/${other.id}/credentials/${credential.id}`)).status).toBe(404);
  });

  it("vault credential: archive sets archived_at", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    expect((await call("POST", `${base}/${credential.id}/archive`)).body.archived_at).toEqual(expect.any(String));
  });

  it("vault credential: archiving twice is a 409", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    await call("POST", `${base}/${credential.id}/archive`);
    expect((await call("POST", `${base}/${credential.id}/archive`)).status).toBe(409);
  });

  it("vault credential: delete answers vault_credential_deleted", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    expect((await call("DELETE", `${base}/${credential.id}`)).body).toEqual({ id: credential.id, type: "vault_credential_deleted" });
  });

  it("vault credential: a deleted credential is a 404", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    await call("DELETE", `${base}/${credential.id}`);
    expect((await call("GET", `${base}/${credential.id}`)).status).toBe(404);
  });

  it("vault credential: an out-of-band vault delete removes its credentials too", async () => {
    const { vault, addCredential, admin } = await setup();
    await addCredential(bearer());
    admin.remove("vaults", vault.id);
    expect(admin.list("vault_credentials")).toEqual([]);
  });
});
