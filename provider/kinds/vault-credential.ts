// The VaultCredential kind (CONTRACT.md "Vaults"): a rotation of a secret updates in place, another auth type
// or an immutable auth field replaces it; the write-only secrets are never read back.
import type { z } from "zod";
import type { VaultCredentialCreateParams } from "../api/vault";
import type { CamelCased } from "../api/casing";
import { authNeedsReplace, normalizeAuth, SECRET_AUTH_PATHS } from "./credential-auth";
import { defineKind, deletionPolicy, type DeletionPolicy } from "./descriptor";

/** `displayName` is left out: the API accepts it and never stores it. */
export type VaultCredentialView = {
  /** The vault that holds it (`vault.id`); another vault replaces the credential. */
  vaultId: string;
} & Omit<CamelCased<z.input<typeof VaultCredentialCreateParams>>, "displayName"> & {
    /** `"delete"` (default) or `"archive"`. */
    deletionPolicy?: DeletionPolicy;
  };
/** `static_bearer`, `mcp_oauth` or `environment_variable` (CONTRACT.md "Vaults"), camelCase. */
export type CredentialAuth = VaultCredentialView["auth"];

export interface VaultCredentialOutputs {
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const vaultCredentialKind = defineKind<VaultCredentialView, VaultCredentialOutputs>({
  type: "VaultCredential",
  idPrefix: "vcred_",
  idNoun: "a vault credential id",
  get wire() {
    return (require("../api/vault") as typeof import("../api/vault")).VaultCredentialCreateParams;
  },
  parent: { field: "vaultId", type: "Vault", idPrefix: "vault_", idNoun: "a vault id" },
  fields: {
    vaultId: { replace: true },
    auth: { normalize: normalizeAuth, replace: authNeedsReplace, secrets: SECRET_AUTH_PATHS },
    metadata: { default: {} },
    deletionPolicy: deletionPolicy("delete"),
  },
  outputs: {
    archivedAt: "When the credential was archived, or null.",
    createdAt: "When the credential was created.",
    updatedAt: "When the credential last changed.",
  },
});
