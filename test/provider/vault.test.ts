// Vault lifecycle against the emulator: every API field replaces (no vault update exists), destroy deletes
// or archives, and adoption refuses a vault whose fixed fields differ.
import { describe, expect, it } from "vitest";
import { vaultLifecycle as vault } from "../../provider/resources/vault";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();

describe("vault", () => {
  it("vault: a new displayName or metadata replaces", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci", metadata: { team: "a" } });
    expect((await checkAndDiff(vault, id, outs, { displayName: "cd", metadata: { team: "b" } })).diff.replaces).toEqual([
      "displayName",
      "metadata",
    ]);
  });

  it("vault: refresh without drift leaves no diff", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci" });
    const read = await vault.read(id, outs);
    expect((await checkAndDiff(vault, id, read.props ?? {}, { displayName: "ci" })).diff.changes).toBe(false);
  });

  it("vault: destroy deletes it with its credentials", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci" });
    await vault.delete(id, outs);
    expect(h.emulator.admin.get("vaults", id)).toBeUndefined();
  });

  it("vault: deletionPolicy archive archives it", async () => {
    const { id, outs } = await checkAndCreate(vault, { displayName: "ci", deletionPolicy: "archive" });
    await vault.delete(id, outs);
    expect(h.emulator.admin.get("vaults", id)?.archived_at).not.toBeNull();
  });

  it("vault: adoption refuses a vault with another displayName", async () => {
    const { id } = await checkAndCreate(vault, { displayName: "ci" });
    await expect(checkAndCreate(vault, { displayName: "cd", adoptId: id })).rejects.toThrow(
      `Vault: cannot adopt ${id}: its displayName differs, and a vault cannot be renamed`,
    );
  });
});
