// Resource properties as the summary lists them: flattened to paths (`schedule.cron`, `resources[0].fileId`),
// secrets and token-like keys turned into `[secret]` before anything else sees them, and the changed paths
// of a step with their values before and after. Depends only on secrets.ts.
import { isSecretKey, isSecretValue, SECRET } from "./secrets";

/** The engine's placeholder for a value known only after apply (sdk/go/common/resource/plugin). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A property value made safe to print. */
export type Leaf =
  | { kind: "secret" }
  | { kind: "unknown" }
  | { kind: "value"; value: unknown }
  /** Absent on this side. */
  | { kind: "absent" };

export interface Change {
  path: string;
  before: Leaf;
  after: Leaf;
}

/** Properties no reviewer needs: the engine's and the provider's own bookkeeping. */
function hidden(key: string): boolean {
  return key.startsWith("__");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function");
}

/**
 * path → raw value for every leaf of `inputs`; a Pulumi secret, or anything under a token-like key, is a
 * leaf of its own marked secret. Arrays of scalars stay one leaf; empty objects and arrays are leaves.
 */
export function flatten(inputs: Record<string, unknown> | undefined, skip: ReadonlySet<string> = new Set()): Map<string, Leaf & { raw: unknown }> {
  const out = new Map<string, Leaf & { raw: unknown }>();
  const walk = (value: unknown, path: string, secret: boolean): void => {
    if (isSecretValue(value) || (secret && value !== null && value !== undefined)) {
      out.set(path, { kind: "secret", raw: isSecretValue(value) ? SECRET : value });
      return;
    }
    if (value === UNKNOWN) {
      out.set(path, { kind: "unknown", raw: UNKNOWN });
      return;
    }
    if (Array.isArray(value)) {
      if (value.every((item) => isScalar(item) || isSecretValue(item))) {
        // One leaf: a list of ids or hosts reads best whole, with its unknown and secret items named.
        const shown = value.map((item) => (isSecretValue(item) ? SECRET : item === UNKNOWN ? "(known after apply)" : item));
        out.set(path, { kind: "value", value: shown, raw: value.map((item) => (isSecretValue(item) ? SECRET : item)) });
        return;
      }
      value.forEach((item, index) => walk(item, `${path}[${index}]`, secret));
      return;
    }
    if (isRecord(value)) {
      const keys = Object.keys(value).sort();
      if (keys.length === 0) {
        out.set(path, { kind: "value", value, raw: value });
        return;
      }
      for (const key of keys) walk(value[key], path === "" ? key : `${path}.${key}`, secret || isSecretKey(key));
      return;
    }
    out.set(path, { kind: "value", value, raw: value });
  };
  for (const key of Object.keys(inputs ?? {}).sort()) {
    if (hidden(key) || skip.has(key)) continue;
    walk(inputs![key], key, isSecretKey(key));
  }
  return out;
}

function leaf(entry: (Leaf & { raw: unknown }) | undefined): Leaf {
  if (!entry) return { kind: "absent" };
  const { raw: _raw, ...rest } = entry;
  return rest as Leaf;
}

/** The leaves that differ between old and new inputs, in path order. */
export function changes(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  skip?: ReadonlySet<string>,
): Change[] {
  const a = flatten(before, skip);
  const b = flatten(after, skip);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort(comparePaths);
  const out: Change[] = [];
  for (const path of paths) {
    const x = a.get(path);
    const y = b.get(path);
    if (x && y && canonical(x.raw) === canonical(y.raw)) continue;
    out.push({ path, before: leaf(x), after: leaf(y) });
  }
  return out;
}

/** Every leaf of `inputs` (a create). */
export function properties(inputs: Record<string, unknown> | undefined, skip?: ReadonlySet<string>): Change[] {
  return [...flatten(inputs, skip).entries()]
    .sort(([p], [q]) => comparePaths(p, q))
    .map(([path, entry]) => ({ path, before: { kind: "absent" }, after: leaf(entry) }));
}

/** Paths of secret leaves in `inputs` (what an update that shows no other change may be changing). */
export function secretPaths(inputs: Record<string, unknown> | undefined, skip?: ReadonlySet<string>): string[] {
  return [...flatten(inputs, skip).entries()].filter(([, entry]) => entry.kind === "secret").map(([path]) => path);
}

/** Array indexes sort as numbers: `a[2]` before `a[10]`. */
function comparePaths(p: string, q: string): number {
  return p.localeCompare(q, "en", { numeric: true });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/** A long or multi-line string: shown as a line diff rather than inline. */
export function isLongText(value: Leaf): value is { kind: "value"; value: string } {
  return value.kind === "value" && typeof value.value === "string" && (value.value.includes("\n") || value.value.length > 120);
}
