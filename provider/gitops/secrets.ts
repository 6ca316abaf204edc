// What the preview summary never prints: values Pulumi marks secret, values under a key that names a token,
// and strings shaped like a token wherever they appear. Depends on nothing.

/** Pulumi's signature key and value for a secret in serialized properties (sdk/go/common/resource/sig). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** What every hidden value prints as: the text `pulumi preview --json` itself puts in place of a secret. */
export const SECRET = "[secret]";

/**
 * A secret in preview JSON: `pulumi preview --json` replaces each with the string `[secret]`; the streamed
 * events (PULUMI_ENABLE_STREAMING_JSON_PREVIEW) keep the signature object, with a blinded ciphertext.
 */
export function isSecretValue(value: unknown): boolean {
  if (value === SECRET) return true;
  return value !== null && typeof value === "object" && !Array.isArray(value) && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

// A key names a secret when it holds one of these words…
const SECRET_WORDS =
  /token|secret|passw(?:or)?d|passphrase|api[-_]?key|private[-_]?key|access[-_]?key|signing[-_]?key|credential|bearer|cookie|authorization/i;
// …or ends in a short secret word (`STRIPE_KEY`, `GITHUB_PAT`, `DB_PWD`)…
const SECRET_SUFFIX = /(?:^|[-_.])(?:key|pat|pwd|pass)$/i;
// …unless it names something about the secret rather than the secret: `secretName`, `tokenEndpoint`,
// `credentialId`, `tokenEndpointAuth` (an object whose own secret fields are matched by their names).
const ABOUT = "Name|Names|Id|Ids|Url|Uri|Endpoint|Type|Location|Path|Policy|Count|At|Auth|Description";
const ABOUT_CAMEL = new RegExp(`[a-z0-9](?:${ABOUT})$`);
const ABOUT_SNAKE = new RegExp(`[-_](?:${ABOUT})$`, "i");

/** True when a value stored under `key` must not be printed. */
export function isSecretKey(key: string): boolean {
  if (ABOUT_CAMEL.test(key) || ABOUT_SNAKE.test(key)) return false;
  return SECRET_WORDS.test(key) || SECRET_SUFFIX.test(key);
}

// Shapes that are credentials whatever key they sit under.
const TOKEN_SHAPES: readonly RegExp[] = [
  /\bpt-[A-Za-z0-9._~+/=-]{8,}/g, // Qoder personal access tokens
  /\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{20,})/g, // GitHub tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bsk-[A-Za-z0-9_-]{16,}/g, // API keys of the sk- family
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
  /(\bBearer\s+)[^\s"',;]+/gi, // bearer credentials
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, // PEM private keys
];

/** `text` with every token-shaped part replaced by `[secret]`. */
export function maskTokens(text: string): string {
  let out = text;
  for (const shape of TOKEN_SHAPES) {
    out = out.replace(shape, (_match, prefix: unknown) => (typeof prefix === "string" ? `${prefix}${SECRET}` : SECRET));
  }
  return out;
}
