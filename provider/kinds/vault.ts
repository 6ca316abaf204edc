// The Vault kind (CONTRACT.md "Vaults"): the API cannot update a vault, so every change replaces it;
// destroy deletes it (or archives it with `deletionPolicy: "archive"`).
import type { z } from "zod";
import type { VaultCreateParams } from "../api/vault";
import type { CamelCased } from "../api/casing";
import { defineKind, deletionPolicy, type DeletionPolicy } from "./descriptor";

export type VaultView = CamelCased<z.input<typeof VaultCreateParams>> & {
  /** `"delete"` (default) or `"archive"`. */
  deletionPolicy?: DeletionPolicy;
};

export interface VaultOutputs {
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const vaultKind = defineKind<VaultView, VaultOutputs>({
  type: "Vault",
  idPrefix: "vault_",
  idNoun: "a vault id",
  get wire() {
    return (require("../api/vault") as typeof import("../api/vault")).VaultCreateParams;
  },
  fields: {
    displayName: { replace: true },
    metadata: { default: {}, replace: true },
    deletionPolicy: deletionPolicy("delete"),
  },
  outputs: {
    archivedAt: "When the vault was archived, or null.",
    createdAt: "When the vault was created.",
    updatedAt: "When the vault last changed.",
  },
});
