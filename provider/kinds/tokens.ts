// The kinds' names and the type tokens derived from them: dynamic resources carry no class a policy could
// match, so the engine, state and policies know a kind by this string. Constants only, imports nothing: the
// policy pack loads this module and no other of the provider.

export const KIND_TYPES = ["Agent", "Environment", "Skill", "Vault", "VaultCredential", "MemoryStore", "Memory", "File", "Deployment"] as const;
export type KindType = (typeof KIND_TYPES)[number];

/** The module Pulumi gives every dynamic resource, and the one our resources register under. */
export const TOKEN_PREFIX = "pulumi-nodejs:dynamic/qoder:";

export function typeToken<T extends string>(type: T): `${typeof TOKEN_PREFIX}${T}` {
  return `${TOKEN_PREFIX}${type}`;
}
