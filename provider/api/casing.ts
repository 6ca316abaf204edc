// The one place that maps camelCase (users, resource inputs) <-> snake_case (wire). Generic deep key
// conversion plus an exception list for user-keyed maps. Pure functions; depends on nothing.

/**
 * Keys whose value is kept verbatim in both directions: their keys (and values) belong to the user.
 * `metadata` and session `environment_variables` are user-keyed string maps; a custom tool's `input_schema`
 * is a JSON Schema whose property names are the user's own.
 */
const VERBATIM_KEYS = new Set(["metadata", "environment_variables", "environmentVariables", "input_schema", "inputSchema"]);

/**
 * Keys whose value, when it is an object map (not an array), is keyed by a name the user chose: its keys are
 * kept and only the values are converted. Tool `configs` may be written keyed by tool name (`Bash`,
 * `WebFetch`), which a naive conversion would turn into `bash`/`web_fetch`.
 */
const NAME_KEYED_MAP_KEYS = new Set(["configs"]);

/** `contextWindow` → `context_window`, `contentSha256` → `content_sha256`. */
export function snakeCaseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** `context_window` → `contextWindow`, `content_sha256` → `contentSha256`. */
export function camelCaseKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Sets an own key, whatever its name: user maps may hold `__proto__`, which plain assignment would take as
 * the object's prototype (dropping the key), and `toString` or `constructor`, which are ordinary keys here.
 */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deepClone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepClone);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) setKey(out, key, deepClone(inner));
    return out;
  }
  return value;
}

function convert(value: unknown, mapKey: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, mapKey));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const mapped = mapKey(key);
    if (VERBATIM_KEYS.has(key)) {
      setKey(out, mapped, deepClone(inner));
    } else if (NAME_KEYED_MAP_KEYS.has(key) && isPlainObject(inner)) {
      const map: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(inner)) setKey(map, name, convert(entry, mapKey));
      setKey(out, mapped, map);
    } else {
      setKey(out, mapped, convert(inner, mapKey));
    }
  }
  return out;
}

/** Converts a user-side (camelCase) value to its wire (snake_case) form, deeply, honouring the exceptions. */
export function toWire<T = unknown>(value: unknown): T {
  return convert(value, snakeCaseKey) as T;
}

/** Converts a wire (snake_case) value to its user-side (camelCase) form, deeply, honouring the exceptions. */
export function fromWire<T = unknown>(value: unknown): T {
  return convert(value, camelCaseKey) as T;
}

/** `content_sha256` → `contentSha256`, at the type level (mirrors casing.ts `camelCaseKey`). */
type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : S;

/** A wire (snake_case) type as users see it: every key camelCased, deeply. */
export type CamelCased<T> = T extends readonly (infer Item)[]
  ? CamelCased<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelKey<K> : K]: CamelCased<T[K]> }
    : T;
