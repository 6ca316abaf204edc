// The `auth` of a vault credential as the provider handles it (CONTRACT.md "Vaults"): which fields are
// write-only secrets, which changes need a new credential, the rotation body, and how a secret-free remote
// view is compared with what was applied. Pure functions over camelCase data; no I/O.
import { isRecord } from "../api/records";
import { canonicalJson, containsUnknown, isUnknown } from "./values";

type Json = Record<string, unknown>;

/** Write-only secrets by path inside `auth`; the API never returns them, so refresh keeps the applied ones. */
export const SECRET_AUTH_PATHS: readonly (readonly string[])[] = [
  ["token"],
  ["accessToken"],
  ["secretValue"],
  ["refresh", "refreshToken"],
  ["refresh", "tokenEndpointAuth", "clientSecret"],
];

/** Fields fixed at create, per `auth.type`: a change needs a new credential. */
const IMMUTABLE: Readonly<Record<string, readonly (readonly string[])[]>> = {
  static_bearer: [["mcpServerUrl"]],
  mcp_oauth: [["mcpServerUrl"], ["refresh", "clientId"], ["refresh", "tokenEndpoint"], ["refresh", "resource"]],
  environment_variable: [["secretName"], ["networking"], ["injectionLocation"]],
};

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, key) => (isRecord(current) ? current[key] : undefined), value);
}

function withValue(value: Json, path: readonly string[], leaf: unknown): Json {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...value, [head]: leaf };
  const inner = value[head];
  return isRecord(inner) ? { ...value, [head]: withValue(inner, rest, leaf) } : value;
}

/** The API answers absent optional fields as null; absent and null mean the same here. */
export function normalizeAuth(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeAuth);
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === null || inner === undefined) continue;
    // Timestamps compare as instants: `…00Z` and `…00.000Z` are the same expiry.
    out[key] = key === "expiresAt" && typeof inner === "string" && !isUnknown(inner) ? instant(inner) : normalizeAuth(inner);
  }
  return out;
}

function instant(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/**
 * True when going from `old` to `wanted` needs a new credential: another type, an immutable field changed,
 * or a refresh block added or removed (the API can do neither in place).
 */
export function authNeedsReplace(old: unknown, wanted: unknown): boolean {
  if (!isRecord(old) || !isRecord(wanted) || containsUnknown(wanted.type) || old.type !== wanted.type) return true;
  if (isRecord(old.refresh) !== isRecord(wanted.refresh) && !isUnknown(wanted.refresh)) return true;
  return (IMMUTABLE[String(wanted.type)] ?? []).some((path) => {
    const next = at(wanted, path);
    // Compared as canonical JSON: the engine hands inputs over with sorted keys, the API answers in its own order.
    return containsUnknown(next) || canonicalJson(normalizeAuth(at(old, path))) !== canonicalJson(normalizeAuth(next));
  });
}

/**
 * The remote auth as inputs: the secret-free view the API returns with the applied secrets put back, so
 * it equals the applied auth unless a non-secret field changed outside Pulumi.
 */
export function remoteAuthAsInputs(remote: unknown, applied: unknown): unknown {
  if (!isRecord(remote)) return remote;
  let merged: Json = remote;
  for (const path of SECRET_AUTH_PATHS) {
    const secret = at(applied, path);
    const parent = path.length === 1 ? remote : at(remote, path.slice(0, -1));
    if (secret !== undefined && isRecord(parent)) merged = withValue(merged, path, secret);
  }
  return merged;
}

/** The rotation body: the stored type plus every field the API lets change (CONTRACT.md "Vaults"). */
export function rotationBody(auth: Json): Json {
  switch (auth.type) {
    case "static_bearer":
      return { type: auth.type, token: auth.token };
    case "environment_variable":
      return { type: auth.type, secretValue: auth.secretValue };
    case "mcp_oauth": {
      const body: Json = { type: auth.type, accessToken: auth.accessToken, expiresAt: auth.expiresAt ?? null };
      const refresh = auth.refresh;
      if (isRecord(refresh)) {
        body.refresh = {
          refreshToken: refresh.refreshToken,
          scope: refresh.scope ?? null,
          tokenEndpointAuth: refresh.tokenEndpointAuth,
        };
      }
      return body;
    }
    default:
      return { type: auth.type };
  }
}

/** The MCP server a credential serves, if any: two live credentials of one vault may not share it. */
export function serverUrlOf(auth: unknown): string | undefined {
  const url = at(auth, ["mcpServerUrl"]);
  return typeof url === "string" && !isUnknown(url) ? url : undefined;
}
