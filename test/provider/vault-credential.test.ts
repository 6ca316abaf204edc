// VaultCredential lifecycle against the emulator: rotation in place, immutable fields replacing (first when
// the MCP URL stays), refresh keeping write-only secrets, drift of non-secret fields, adoption, deletion.
import { describe, expect, it } from "vitest";
import { vaultCredentialLifecycle as credential } from "../../provider/lifecycle/vault-credential";
import { vaultLifecycle as vault } from "../../provider/lifecycle/vault";
import { UNKNOWN, type Props } from "../../provider/lifecycle/rules";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();
const bearer = (token: string, url = "https://mcp.example.com/github") => ({ type: "static_bearer", mcpServerUrl: url, token });
const oauth = {
  type: "mcp_oauth",
  mcpServerUrl: "https://mcp.example.com/issues",
  accessToken: "at-one",
  expiresAt: "2027-01-01T00:00:00Z",
  refresh: {
    clientId: "fleet",
    refreshToken: "rt-one",
    tokenEndpoint: "https://auth.example.com/token",
    tokenEndpointAuth: { type: "client_secret_post", clientSecret: "cs-one" },
    scope: "read",
  },
};

async function newVault(): Promise<string> {
  return (await checkAndCreate(vault, { displayName: "ci" })).id;
}

describe("vault credential", () => {
  it("vault-credential: create stores the auth without its secret in the answer", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok-1") });
    expect(id).toMatch(/^vcred_/);
    expect((outs.auth as Props).token).toBe("tok-1");
    expect(JSON.stringify(h.emulator.admin.get("vault_credentials", id))).not.toContain("tok-1");
  });

  it("vault-credential: refresh keeps the applied secret and leaves no diff", async () => {
    const vaultId = await newVault();
    const news = { vaultId, auth: oauth, metadata: { team: "a" } };
    const { id, outs } = await checkAndCreate(credential, news);
    const read = await credential.read(id, outs);
    expect(read.inputs).toMatchObject({ auth: oauth });
    const { diff } = await checkAndDiff(credential, id, read.props ?? {}, news);
    expect(diff.changes).toBe(false);
  });

  it("vault-credential: a new token is a rotation in place", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok-1") });
    const news = { vaultId, auth: bearer("tok-2") };
    const { diff } = await checkAndDiff(credential, id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    await credential.update(id, outs, news);
    expect(h.emulator.admin.count("POST", "/vaults/:vault_id/credentials/:credential_id")).toBe(1);
  });

  it("vault-credential: an OAuth rotation sends the refresh fields the API lets change", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: oauth });
    const rotated = { ...oauth, accessToken: "at-two", refresh: { ...oauth.refresh, refreshToken: "rt-two", scope: "write" } };
    const updated = await credential.update(id, outs, { vaultId, auth: rotated });
    expect(h.emulator.admin.get("vault_credentials", id)).toMatchObject({ auth: { refresh: { scope: "write" } } });
    expect((updated.outs!.auth as Props).accessToken).toBe("at-two");
  });

  it("vault-credential: another MCP URL replaces, and the new one may be created first", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok") });
    const { diff } = await checkAndDiff(credential, id, outs, { vaultId, auth: bearer("tok", "https://mcp.example.com/other") });
    expect(diff).toMatchObject({ changes: true, replaces: ["auth"], deleteBeforeReplace: false });
  });

  it("vault-credential: another auth type on the same MCP URL replaces, deleting the old one first", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok", oauth.mcpServerUrl) });
    const { diff } = await checkAndDiff(credential, id, outs, { vaultId, auth: oauth });
    expect(diff).toMatchObject({ replaces: ["auth"], deleteBeforeReplace: true });
  });

  it("vault-credential: adding a refresh block later replaces (the API cannot add one)", async () => {
    const vaultId = await newVault();
    const { refresh: _refresh, ...withoutRefresh } = oauth;
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: withoutRefresh });
    const { diff } = await checkAndDiff(credential, id, outs, { vaultId, auth: oauth });
    expect(diff.replaces).toEqual(["auth"]);
  });

  it("vault-credential: an unknown vault id in preview passes check and replaces", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok") });
    const { diff } = await checkAndDiff(credential, id, outs, { vaultId: UNKNOWN, auth: bearer("tok") });
    expect(diff.replaces).toEqual(["vaultId"]);
  });

  it("vault-credential: check names the field of an invalid auth without echoing its secret", async () => {
    const checked = await credential.check({}, { vaultId: "vault_x", auth: { type: "static_bearer", token: "tok-secret-9" } });
    expect(checked.failures?.map((failure) => failure.property)).toEqual(["auth.mcpServerUrl"]);
    expect(JSON.stringify(checked.failures)).not.toContain("tok-secret-9");
  });

  it("vault-credential: a non-secret field changed outside Pulumi shows as drift after refresh", async () => {
    const vaultId = await newVault();
    const news = { vaultId, auth: oauth };
    const { id, outs } = await checkAndCreate(credential, news);
    const stored = h.emulator.admin.get("vault_credentials", id) as unknown as { auth: Props };
    h.emulator.admin.patch("vault_credentials", id, { auth: { ...stored.auth, expires_at: "2028-01-01T00:00:00Z" } });
    const read = await credential.read(id, outs);
    const { diff } = await checkAndDiff(credential, id, read.props ?? {}, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("vault-credential: adoption takes over a credential and rotates its secret to the declared one", async () => {
    const vaultId = await newVault();
    const existing = await checkAndCreate(credential, { vaultId, auth: bearer("old-token") });
    h.emulator.admin.clearLog();
    const adopted = await checkAndCreate(credential, { vaultId, auth: bearer("new-token"), adoptId: existing.id });
    expect(adopted.id).toBe(existing.id);
    expect(h.emulator.admin.count("POST", "/vaults/:vault_id/credentials/:credential_id")).toBe(1);
  });

  it("vault-credential: adoption refuses a credential whose MCP URL differs", async () => {
    const vaultId = await newVault();
    const existing = await checkAndCreate(credential, { vaultId, auth: bearer("tok") });
    const adopting = checkAndCreate(credential, { vaultId, auth: bearer("tok", "https://mcp.example.com/x"), adoptId: existing.id });
    await expect(adopting).rejects.toThrow(/cannot adopt vcred_\w+: its auth.type or an immutable auth field differs/);
  });

  it("vault-credential: deletionPolicy archive archives, and a second archive is no error", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok"), deletionPolicy: "archive" });
    h.emulator.admin.archive("vault_credentials", id);
    await credential.delete(id, outs);
    expect(h.emulator.admin.get("vault_credentials", id)?.archived_at).toEqual(expect.any(String));
  });

  it("vault-credential: destroy deletes, and a credential gone already is no error", async () => {
    const vaultId = await newVault();
    const { id, outs } = await checkAndCreate(credential, { vaultId, auth: bearer("tok") });
    await credential.delete(id, outs);
    expect(h.emulator.admin.get("vault_credentials", id)).toBeUndefined();
    await expect(credential.delete(id, outs)).resolves.toBeUndefined();
  });
});
