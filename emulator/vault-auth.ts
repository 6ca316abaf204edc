// Credential `auth` handling for the emulator (CONTRACT.md "Vaults"): splitting secrets from the view the API
// returns, the rotation rules (same type, immutable fields, no refresh block added later) and the merge.
// Depends on provider/api and emulator/errors only.
import {
  CREDENTIAL_SECRET_FIELDS,
  IMMUTABLE_AUTH_FIELDS,
  type CredentialAuth,
  type CredentialAuthType,
  type CredentialAuthUpdate,
  type CredentialAuthView,
} from "../provider/api";
import { isRecord } from "../provider/api/records";
import { invalid } from "./errors";

/** Write-only values by dotted path inside `auth` (`token`, `refresh.refresh_token`, …). */
export type Secrets = Record<string, string>;

type Json = Record<string, unknown>;
const SECRET_FIELDS: ReadonlySet<string> = new Set(CREDENTIAL_SECRET_FIELDS);

/** Copies `value` without its secret fields, collecting them under their dotted paths. */
function strip(value: Json, secrets: Secrets, prefix: string): Json {
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (SECRET_FIELDS.has(key) && typeof inner === "string") secrets[path] = inner;
    else out[key] = isRecord(inner) ? strip(inner, secrets, path) : structuredClone(inner);
  }
  return out;
}

/**
 * The stored view of a new credential's auth and its secrets. An OAuth view always carries `expires_at`
 * (null when not given), as the documented objects do.
 */
export function splitAuth(auth: CredentialAuth): { view: CredentialAuthView; secrets: Secrets } {
  const secrets: Secrets = {};
  const view = strip(auth, secrets, "") as CredentialAuthView;
  if (auth.type === "mcp_oauth" && view.expires_at === undefined) view.expires_at = null;
  return { view, secrets };
}

function has(value: Json, dotted: string): boolean {
  let current: unknown = value;
  for (const key of dotted.split(".")) {
    if (!isRecord(current) || !(key in current)) return false;
    current = current[key];
  }
  return true;
}

/**
 * Rules checked on the raw `auth` of an update before its shape is validated, so the caller gets the
 * specific reason: `type` is required and must equal the stored type; immutable fields are refused; a refresh
 * block cannot be added to a credential created without one (CONTRACT.md "Vaults", all 400).
 */
export function checkRotation(stored: CredentialAuthView, raw: unknown): void {
  if (!isRecord(raw)) throw invalid("Field 'auth' must be an object.", "auth");
  if (raw.type === undefined) throw invalid("Missing required field: auth.type", "auth.type");
  if (raw.type !== stored.type) {
    throw invalid(`auth.type must match the credential's type '${stored.type}'; it cannot change.`, "auth.type");
  }
  const immutable = IMMUTABLE_AUTH_FIELDS[stored.type as CredentialAuthType] ?? [];
  for (const path of immutable) {
    if (has(raw, path)) throw invalid(`Field 'auth.${path}' cannot be changed after the credential is created.`, `auth.${path}`);
  }
  if (raw.refresh !== undefined && !isRecord(stored.refresh)) {
    throw invalid("A refresh block cannot be added to a credential created without one.", "auth.refresh");
  }
}

/** Merges `patch` into `base`: objects merge key by key, except `token_endpoint_auth`, which is a union and replaces. */
function merge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isRecord(value) && isRecord(current) && key !== "token_endpoint_auth" ? merge(current, value) : value;
  }
  return out;
}

/**
 * Applies a validated rotation: non-secret fields merge into the view (`null` clears `expires_at` or
 * `refresh.scope`), sent secrets replace the stored ones, and a replaced `token_endpoint_auth` drops the
 * old client secret.
 */
export function rotateAuth(
  stored: CredentialAuthView,
  secrets: Readonly<Secrets>,
  update: CredentialAuthUpdate,
): { view: CredentialAuthView; secrets: Secrets } {
  const sent: Secrets = {};
  const patch = strip(update, sent, "");
  const next: Secrets = { ...secrets };
  if (update.type === "mcp_oauth" && update.refresh?.token_endpoint_auth !== undefined) {
    delete next["refresh.token_endpoint_auth.client_secret"];
  }
  return { view: merge(stored, patch) as CredentialAuthView, secrets: { ...next, ...sent } };
}

/** The MCP server a credential is for, if its type has one (duplicate checks key on it). */
export function serverUrlOf(auth: CredentialAuthView): string | undefined {
  return typeof auth.mcp_server_url === "string" ? auth.mcp_server_url : undefined;
}
