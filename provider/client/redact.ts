// The one secret scrubber for every log line and error message the client produces (DESIGN.md "Reliability
// rules": the token and credential secrets never appear in plain text). Depends on nothing.

/** Object keys whose values are secrets, in wire (snake_case) and user (camelCase) spelling, lower-cased. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  "token",
  "access_token",
  "accesstoken",
  "refresh_token",
  "refreshtoken",
  "client_secret",
  "clientsecret",
  "secret_value",
  "secretvalue",
  "authorization",
  "proxy-authorization",
]);

export const REDACTED = "[REDACTED]";

// Shapes that are secrets whatever key they sit under: bearer credentials and personal access tokens
// (CONTRACT.md "Transport": PATs start with `pt-`).
const SECRET_PATTERNS: readonly RegExp[] = [/(Bearer\s+)[^\s"',;]+/gi, /\bpt-[A-Za-z0-9._~+/=-]{4,}/g];

/** True when `key` names a secret field (exact match: `token_endpoint` is not a secret, `token` is). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase());
}

/**
 * Returns a copy of `value` safe to print: secret fields become `[REDACTED]`, and every string has the
 * `knownSecrets` (the token, secrets sent in the request) and secret-looking patterns masked.
 */
export function redact<T>(value: T, knownSecrets: readonly string[] = []): T {
  const secrets = knownSecrets.filter((s) => s.length >= 4);
  return redactValue(value, secrets) as T;
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = isSecretKey(key) && inner !== null && inner !== undefined ? REDACTED : redactValue(inner, secrets);
    }
    return out;
  }
  return value;
}

function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: unknown) => (typeof prefix === "string" ? `${prefix}${REDACTED}` : REDACTED));
  }
  return out;
}

/** Collects the string values held under secret keys anywhere in `value` (a request body, headers). */
export function collectSecrets(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, into);
  } else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (isSecretKey(key) && typeof inner === "string") into.push(inner);
      else collectSecrets(inner, into);
    }
  }
  return into;
}
