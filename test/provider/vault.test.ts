// Vault lifecycle against the emulator: every API field replaces (no vault update exists), destroy deletes
// or archives, a replaced vault's credentials are made anew, and adoption refuses a vault whose fixed fields differ.
import { describe, expect, it } from "vitest";
import { vaultLifecycle as vault } from "../../provider/lifecycle/vault";
import { vaultCredentialLifecycle as credential } from "../../provider/lifecycle/vault-credential";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();

describe("vault", () => {
  it("vault: a new displayName or metadata replaces", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci", metadata: { team: "a" } });
    expect((await checkAndDiff(vault, id, outs, { displayName: "cd", metadata: { team: "b" } })).diff.replaces).toEqual(["displayName", "metadata"]);
  });

  it("vault: refresh without drift leaves no diff", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci" });
    const read = await vault.read(id, outs);
    expect((await checkAndDiff(vault, id, read.props ?? {}, { displayName: "ci" })).diff.changes).toBe(false);
  });

  it("vault: destroy deletes it with its credentials", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci" });
    const auth = { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "tok" };
    const child = await checkAndCreate(credential, { vaultId: id, auth });
    await vault.delete(id, outs);
    expect([h.emulator.admin.get("vaults", id), h.emulator.admin.get("vault_credentials", child.id)]).toEqual([undefined, undefined]);
  });

  it("vault: a replaced vault gets its credentials created anew, under a key of their own", async () => {
    const auth = { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "tok" };
    const first = await checkAndCreate(vault, { displayName: "ci" });
    const old = await checkAndCreate(credential, { vaultId: first.id, auth, __identity: "p/s/VaultCredential/github" });
    const second = await checkAndCreate(vault, { displayName: "ci-2" });
    const replacement = await checkAndCreate(credential, { vaultId: second.id, auth, __identity: "p/s/VaultCredential/github" });
    expect(replacement.id).not.toBe(old.id);
    expect(h.emulator.admin.get("vault_credentials", replacement.id)?.vault_id).toBe(second.id);
  });

  it("vault: deletionPolicy archive archives it", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci", deletionPolicy: "archive" });
    await vault.delete(id, outs);
    expect(h.emulator.admin.get("vaults", id)?.archived_at).toEqual(expect.any(String));
  });

  it("vault: adoption refuses a vault with another displayName", async () => {
    const { id } = await checkAndCreate(vault, { displayName: "ci" });
    await expect(checkAndCreate(vault, { displayName: "cd", adoptId: id })).rejects.toThrow(
      `Vault: cannot adopt ${id}: its displayName differs, and a vault cannot be renamed`,
    );
  });
});
