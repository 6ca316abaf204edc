// The Vault resource: the API has no vault update, so a changed `displayName` or `metadata` replaces the
// vault (its credentials follow, since they depend on its id); destroy deletes it with its credentials, or
// archives it with `deletionPolicy: "archive"` (CONTRACT.md "Vaults").
import * as pulumi from "@pulumi/pulumi";
import * as wire from "../api/vault";
import type { Vault as RemoteVault, VaultCreateParams } from "../client";
import { apiClient } from "./connection";
import vaultEntry = require("./entry/vault");
import { defineLifecycle } from "./kind";
import { pick, schemaFailures, unlessNotFound, type Fields } from "./lifecycle";
import { adoptIdFailures, deletionPolicyFailures, type DeletionPolicy } from "./provider-inputs";
import { registerProps, TOKEN_PREFIX, type DeepInput } from "./resource";

export type VaultDeletionPolicy = DeletionPolicy;

export interface VaultArgs {
  /** 1–255 characters. Fixed after create: a change replaces the vault and its credentials. */
  displayName: pulumi.Input<string>;
  /** Fixed after create, like `displayName`. */
  metadata?: DeepInput<Record<string, string>>;
  /** `"delete"` (default: the vault and its credentials) or `"archive"`. */
  deletionPolicy?: pulumi.Input<VaultDeletionPolicy>;
  /** Take over this existing vault instead of creating one (README, "Adoption"). */
  adoptId?: pulumi.Input<string>;
}

const API_FIELDS = ["displayName", "metadata"] as const;

const fields: Fields = {
  displayName: { replace: true },
  metadata: { default: {}, replace: true },
  deletionPolicy: { default: "delete", local: true },
};

export const vaultLifecycle = defineLifecycle<RemoteVault>({
  label: "Vault",
  fields,
  validate: (inputs) => [
    ...schemaFailures(wire.VaultCreateParams, pick(inputs, API_FIELDS)),
    ...deletionPolicyFailures(inputs.deletionPolicy, ["delete", "archive"]),
    ...adoptIdFailures(inputs.adoptId, "vault_", "a vault id"),
  ],
  create(inputs, key) {
    const body = pick(inputs, API_FIELDS) as VaultCreateParams;
    return apiClient().vaults.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve: (id) => unlessNotFound(() => apiClient().vaults.retrieve(id)),
  update(id) {
    // Every API field replaces, so the engine never asks for an update that must reach the API.
    throw new Error(`Vault ${id}: the API cannot update a vault; its changes replace it`);
  },
  async remove(id, props, key) {
    const client = apiClient();
    if (props.deletionPolicy === "archive") await client.vaults.archive(id, { idempotencyKey: key("archive", { id }) });
    else await client.vaults.delete(id, { idempotencyKey: key("delete", { id }) });
  },
  toInputs: (remote) => pick(remote as unknown as Record<string, unknown>, API_FIELDS),
  toOutputs: (remote) => ({ archivedAt: remote.archivedAt ?? null, createdAt: remote.createdAt, updatedAt: remote.updatedAt }),
  isRetired: (remote) => Boolean(remote.archivedAt),
  checkAdoptable: (remote, inputs) =>
    remote.displayName === inputs.displayName ? undefined : "its displayName differs, and a vault cannot be renamed",
});

/** A vault: credentials for MCP servers and environment variables that sessions use. */
export class Vault extends pulumi.dynamic.Resource {
  static readonly __pulumiType = `${TOKEN_PREFIX}Vault`;

  declare readonly displayName: pulumi.Output<string>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  declare readonly deletionPolicy: pulumi.Output<VaultDeletionPolicy | undefined>;
  declare readonly archivedAt: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: VaultArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["archivedAt", "createdAt", "updatedAt"];
    super(vaultEntry, name, registerProps("Vault", name, args, outputs), opts, "qoder", "Vault");
  }
}
