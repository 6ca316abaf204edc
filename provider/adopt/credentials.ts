// A vault credential as a fleet entry. The API never returns secrets (CONTRACT.md "Vaults", W), so each
// write-only field becomes `{ secret: <config key> }`: the user sets those keys, and adoption rotates the
// credential to the values they set (kind.ts `adopt` sends write-only fields, which count as changed).
import { isRecord } from "../api/records";
import type { VaultCredential } from "../client";
import type { Path } from "../fleet/problems";
import type { FleetCredential } from "../fleet/schema";
import type { KeyAllocator } from "./keys";

type Json = Record<string, unknown>;

/** A config key the user must set, and the credential field it stands for. */
export interface SecretToSet {
  configKey: string;
  /** `vaults.<vault>.credentials.<credential>.auth.<field>`. */
  path: Path;
}

/** The write-only fields each auth type needs, by path inside `auth`. */
function secretPathsOf(auth: Json): string[][] | undefined {
  switch (auth.type) {
    case "static_bearer":
      return [["token"]];
    case "environment_variable":
      return [["secretValue"]];
    case "mcp_oauth": {
      const refresh = isRecord(auth.refresh) ? auth.refresh : undefined;
      const endpointAuth = isRecord(refresh?.tokenEndpointAuth) ? refresh.tokenEndpointAuth.type : undefined;
      return [
        ["accessToken"],
        ...(refresh ? [["refresh", "refreshToken"]] : []),
        ...(endpointAuth === "client_secret_basic" || endpointAuth === "client_secret_post"
          ? [["refresh", "tokenEndpointAuth", "clientSecret"]]
          : []),
      ];
    }
    default:
      return undefined;
  }
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
