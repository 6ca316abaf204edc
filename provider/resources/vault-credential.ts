// The VaultCredential resource as a program declares it (provider/kinds/vault-credential.ts says what each
// field does). The write-only fields of `auth` become Pulumi secrets one by one, so state holds them encrypted.
import type { DeletionPolicy } from "../kinds/descriptor";
import { vaultCredentialKind, type VaultCredentialOutputs, type VaultCredentialView } from "../kinds/vault-credential";
import vaultCredentialEntry = require("./entry/vault-credential");
import { type ArgsOf, kindResource } from "./resource";

export type { CredentialAuth, VaultCredentialOutputs, VaultCredentialView } from "../kinds/vault-credential";
export type VaultCredentialArgs = ArgsOf<VaultCredentialView>;
export type VaultCredentialDeletionPolicy = DeletionPolicy;

/** A credential in a vault: a bearer token or OAuth grant for an MCP server, or an environment variable. */
export const VaultCredential = kindResource<VaultCredentialView, VaultCredentialOutputs>(vaultCredentialKind, vaultCredentialEntry);
export type VaultCredential = InstanceType<typeof VaultCredential>;
