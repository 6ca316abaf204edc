// Emulator credential rotation against CONTRACT.md "Vaults": `POST /vaults/{id}/credentials/{cid}` keeps the
// stored auth.type, refuses immutable fields and late refresh blocks, merges secrets and metadata.
import { describe, expect, it } from "vitest";
import { credentialSecrets } from "../../emulator/routes/vault";
import { bearer, envVar, oauth, setup } from "./vault-fixtures";

describe("emulator vault credential rotation", () => {
  it("vault credential: rotating the token stores the new secret", async () => {
    const { call, base, addCredential, ctx } = await setup();
    const credential = await addCredential(bearer());
    await call("POST", `${base}/${credential.id}`, { auth: { type: "static_bearer", token: "tok-secret-2" } });
    expect(credentialSecrets(ctx.state, credential.id)).toEqual({ token: "tok-secret-2" });
  });

  it("vault credential: rotation answers 200 without the secret", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    const reply = await call("POST", `${base}/${credential.id}`, { auth: { type: "static_bearer", token: "tok-secret-2" } });
    expect([reply.status, JSON.stringify(reply.body).includes("tok-secret-2")]).toEqual([200, false]);
  });

  it("vault credential: a different auth.type on update is a 400", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    const reply = await call("POST", `${base}/${credential.id}`, { auth: { type: "mcp_oauth", access_token: "x" } });
    expect(reply.body.error.param).toBe("auth.type");
  });

  it("vault credential: changing mcp_server_url is a 400", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    const update = { auth: { type: "static_bearer", mcp_server_url: "https://new.example.com" } };
    const reply = await call("POST", `${base}/${credential.id}`, update);
    expect(reply.body.error.param).toBe("auth.mcp_server_url");
  });

  it("vault credential: changing refresh.client_id is a 400", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(oauth());
    const reply = await call("POST", `${base}/${credential.id}`, { auth: { type: "mcp_oauth", refresh: { client_id: "client-2" } } });
    expect(reply.body.error.param).toBe("auth.refresh.client_id");
  });

  it("vault credential: changing secret_name is a 400", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(envVar());
    const reply = await call("POST", `${base}/${credential.id}`, { auth: { type: "environment_variable", secret_name: "OTHER" } });
    expect(reply.body.error.param).toBe("auth.secret_name");
  });

  it("vault credential: changing networking is a 400", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(envVar());
    const update = { auth: { type: "environment_variable", networking: { type: "unrestricted" } } };
    const reply = await call("POST", `${base}/${credential.id}`, update);
    expect(reply.body.error.param).toBe("auth.networking");
  });

  it("vault credential: adding a refresh block later is a 400", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(oauth({ refresh: undefined }));
    const reply = await call("POST", `${base}/${credential.id}`, { auth: { type: "mcp_oauth", refresh: { refresh_token: "r" } } });
    expect(reply.body.error.param).toBe("auth.refresh");
  });

  it("vault credential: mcp_oauth rotation updates expires_at and scope", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(oauth());
    const update = { auth: { type: "mcp_oauth", access_token: "a2", expires_at: null, refresh: { scope: "write" } } };
    const reply = await call("POST", `${base}/${credential.id}`, update);
    expect([reply.body.auth.expires_at, reply.body.auth.refresh.scope]).toEqual([null, "write"]);
  });

  it("vault credential: replacing token_endpoint_auth drops the old client secret", async () => {
    const { call, base, addCredential, ctx } = await setup();
    const credential = await addCredential(oauth());
    await call("POST", `${base}/${credential.id}`, { auth: { type: "mcp_oauth", refresh: { token_endpoint_auth: { type: "none" } } } });
    expect(credentialSecrets(ctx.state, credential.id)).toEqual({
      access_token: "access-secret-1",
      "refresh.refresh_token": "refresh-secret-1",
    });
  });

  it("vault credential: metadata on update is a patch", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential({ ...bearer(), metadata: { a: "1", b: "2" } });
    const reply = await call("POST", `${base}/${credential.id}`, { metadata: { a: null, c: "3" } });
    expect(reply.body.metadata).toEqual({ b: "2", c: "3" });
  });

  it("vault credential: metadata null on update resets it", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential({ ...bearer(), metadata: { a: "1" } });
    expect((await call("POST", `${base}/${credential.id}`, { metadata: null })).body.metadata).toEqual({});
  });

  it("vault credential: updating an archived credential is a 409", async () => {
    const { call, base, addCredential } = await setup();
    const credential = await addCredential(bearer());
    await call("POST", `${base}/${credential.id}/archive`);
    expect((await call("POST", `${base}/${credential.id}`, { metadata: { a: "1" } })).status).toBe(409);
  });
});
