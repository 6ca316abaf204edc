// Every kind's descriptor, by type name: what generic code (adoption, documentation checks) walks.
import { agentKind } from "./agent";
import { deploymentKind } from "./deployment";
import type { AnyKind } from "./descriptor";
import { environmentKind } from "./environment";
import { fileKind } from "./file";
import { memoryKind } from "./memory";
import { memoryStoreKind } from "./memory-store";
import { skillKind } from "./skill";
import type { KindType } from "./tokens";
import { vaultKind } from "./vault";
import { vaultCredentialKind } from "./vault-credential";

export const KINDS: Readonly<Record<KindType, AnyKind>> = {
  Agent: agentKind as unknown as AnyKind,
  Environment: environmentKind as unknown as AnyKind,
  Skill: skillKind as unknown as AnyKind,
  Vault: vaultKind as unknown as AnyKind,
  VaultCredential: vaultCredentialKind as unknown as AnyKind,
  MemoryStore: memoryStoreKind as unknown as AnyKind,
  Memory: memoryKind as unknown as AnyKind,
  File: fileKind as unknown as AnyKind,
  Deployment: deploymentKind as unknown as AnyKind,
};

export * from "./agent";
export * from "./deployment";
export * from "./descriptor";
export * from "./environment";
export * from "./file";
export * from "./memory";
export * from "./memory-store";
export * from "./skill";
export * from "./tokens";
export * from "./vault";
export * from "./vault-credential";
