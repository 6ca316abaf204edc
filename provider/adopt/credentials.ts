// A vault credential as a fleet entry. The API never returns secrets (CONTRACT.md "Vaults", W), so each
// write-only field becomes `{ secret: <config key> }`: the user sets those keys, and adoption rotates the
// credential to the values they set (kind.ts `adopt` sends write-only fields, which count as changed).
import { z } from "zod";
import { snakeCaseKey } from "../api/casing";
import { isRecord } from "../api/records";
import { CredentialAuth as WireCredentialAuth } from "../api/vault";
import type { VaultCredential } from "../client";
import type { Path } from "../fleet/problems";
import type { FleetCredential } from "../fleet/schema";
import { SECRET_AUTH_PATHS } from "../kinds/credential-auth";
import type { KeyAllocator } from "./keys";

type Json = Record<string, unknown>;

/** A config key the user must set, and the credential field it stands for. */
export interface SecretToSet {
  configKey: string;
  /** `vaults.<vault>.credentials.<credential>.auth.<field>`. */
  path: Path;
}

/**
 * The object schema `schema` stands for where `value` sits: optional and nullable unwrapped, and a union's
 * variant chosen by `value.type`. Undefined when `value` is not an object or its type is not one of the union's.
 */
function objectSchemaOf(schema: z.ZodType, value: unknown): z.ZodObject | undefined {
  if (!isRecord(value)) return undefined;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return objectSchemaOf(schema.unwrap() as z.ZodType, value);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const variant = (schema.options as z.ZodType[]).find(
      (option) => option instanceof z.ZodObject && option.shape.type?.safeParse(value.type).success,
    );
    return variant && objectSchemaOf(variant, value);
  }
  return schema instanceof z.ZodObject ? schema : undefined;
}

/** True when the wire schema of this very `auth` (its type, its refresh block) has a field at `path` (camelCase). */
function hasField(auth: Json, path: readonly string[]): boolean {
  let schema: z.ZodType | undefined = WireCredentialAuth;
  let value: unknown = auth;
  for (const key of path) {
    schema = schema && objectSchemaOf(schema, value)?.shape[snakeCaseKey(key)];
    value = isRecord(value) ? value[key] : undefined;
  }
  return schema !== undefined;
}

/**
 * The write-only fields this auth holds, by path inside `auth`: the credential kind's secrets
 * (SECRET_AUTH_PATHS) that the wire schema of its type and refresh block has. Undefined for a type the wire
 * schemas do not know.
 */
function secretPathsOf(auth: Json): string[][] | undefined {
  if (!objectSchemaOf(WireCredentialAuth, auth)) return undefined;
  return SECRET_AUTH_PATHS.filter((path) => hasField(auth, path)).map((path) => [...path]);
}

/** The API answers absent optional fields as null; the fleet writes them absent (its schema has no nulls). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null && inner !== undefined)
      .map(([key, inner]) => [key, withoutNulls(inner)]),
  );
}

function setAt(root: Json, at: readonly string[], value: unknown): void {
  let current = root;
  for (const segment of at.slice(0, -1)) current = current[segment] as Json;
  current[at[at.length - 1]!] = value;
}

/** `https://api.githubcopilot.com/mcp/` → `api.githubcopilot.com`; an environment variable → its name. */
export function credentialName(credential: VaultCredential): string {
  const auth = credential.auth as Json;
  if (typeof auth.secretName === "string") return auth.secretName;
  if (typeof auth.mcpServerUrl === "string") {
    try {
      return new URL(auth.mcpServerUrl).hostname;
    } catch {
      return auth.mcpServerUrl;
    }
  }
  return String(auth.type);
}

const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/**
 * The credential's entry with a `{ secret: <config key> }` at every write-only field, or a problem when its
 * auth type is one the fleet cannot declare. Config keys are `<vault>-<credential>-<field>`, unique.
 */
export function credentialEntry(
  credential: VaultCredential,
  names: { vault: string; credential: string; secretKeys: KeyAllocator; vaultRecreated: boolean },
): { entry: FleetCredential; secrets: SecretToSet[] } | { problem: string } {
  const auth = withoutNulls(credential.auth) as Json;
  const paths = secretPathsOf(auth);
  if (!paths) return { problem: `its auth.type "${String(auth.type)}" is not one the fleet can declare` };
  const secrets: SecretToSet[] = paths.map((at) => {
    const configKey = names.secretKeys.allocate(`${names.vault}-${names.credential}-${kebab(at[at.length - 1]!)}`, "credential-secret");
    setAt(auth, at, { secret: configKey });
    return { configKey, path: ["vaults", names.vault, "credentials", names.credential, "auth", ...at] };
  });
  const entry = {
    auth,
    ...(Object.keys(credential.metadata).length > 0 ? { metadata: credential.metadata } : {}),
    // A credential stays in its vault: one of a vault created anew is created anew with it.
    ...(credential.archivedAt || names.vaultRecreated ? {} : { adoptId: credential.id }),
  } as FleetCredential;
  return { entry, secrets };
}
