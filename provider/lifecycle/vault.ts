// The Vault resource: the API has no vault update, so a changed `displayName` or `metadata` replaces the
// vault (its credentials follow, since they depend on its id); destroy deletes it with its credentials, or
// archives it with `deletionPolicy: "archive"` (CONTRACT.md "Vaults").
import type { Vault as RemoteVault, VaultCreateParams } from "../client";
import { bodyFields } from "../kinds/descriptor";
import { vaultKind } from "../kinds/vault";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { pick, unlessNotFound } from "./rules";

const BODY = bodyFields(vaultKind);

export const vaultLifecycle = defineLifecycle<RemoteVault>({
  kind: vaultKind,
  async create(inputs, key) {
    const body = pick(inputs, BODY) as VaultCreateParams;
    return (await apiClient()).vaults.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve: (id) => unlessNotFound(async () => (await apiClient()).vaults.retrieve(id)),
  update(id) {
    // Every API field replaces, so the engine never asks for an update that must reach the API.
    throw new Error(`Vault ${id}: the API cannot update a vault; its changes replace it`);
  },
  async remove(id, props, key) {
    const client = await apiClient();
    if (props.deletionPolicy === "archive") await client.vaults.archive(id, { idempotencyKey: key("archive", { id }) });
    else await client.vaults.delete(id, { idempotencyKey: key("delete", { id }) });
  },
  isRetired: (remote) => Boolean(remote.archivedAt),
  checkAdoptable: (remote, inputs) =>
    remote.displayName === inputs.displayName ? undefined : "its displayName differs, and a vault cannot be renamed",
});
