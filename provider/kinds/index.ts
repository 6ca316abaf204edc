// Every kind's descriptor, by type name: what generic code (adoption, documentation checks) walks.
import { agentKind } from "./agent";
import type { AnyKind } from "./descriptor";
import { environmentKind } from "./environment";
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
};

export * from "./agent";
export * from "./descriptor";
export * from "./environment";
export * from "./memory";
export * from "./memory-store";
export * from "./skill";
export * from "./tokens";
export * from "./vault";
export * from "./vault-credential";
