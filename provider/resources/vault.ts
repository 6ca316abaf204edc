// The Vault resource as a program declares it (provider/kinds/vault.ts says what each field does).
import type { DeletionPolicy } from "../kinds/descriptor";
import { vaultKind, type VaultOutputs, type VaultView } from "../kinds/vault";
import vaultEntry = require("./entry/vault");
import { type ArgsOf, kindResource } from "./resource";

export type { VaultOutputs, VaultView } from "../kinds/vault";
export type VaultArgs = ArgsOf<VaultView>;
export type VaultDeletionPolicy = DeletionPolicy;

/** A vault: credentials for MCP servers and environment variables that sessions use. Every change replaces it. */
export const Vault = kindResource<VaultView, VaultOutputs>(vaultKind, vaultEntry);
export type Vault = InstanceType<typeof Vault>;
