// Plain-object helpers every layer shares: what counts as a record, picking fields from one, defining an own
// key, and the wire shapes a program-side module needs without loading a schema. No imports, so a module may
// use these without loading zod (the package entry loads no schema: test/engine/package-fit.test.ts).

/** A plain JSON-like object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The named fields that are set, dropping undefined ones (the API's "omitted"). */
export function pick(record: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (record[name] !== undefined) out[name] = record[name];
  return out;
}

/** Defines an own, enumerable key: `__proto__` too, which plain assignment would take as the prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Counts Unicode code points, which is how the API counts metadata lengths (CONTRACT.md "Shared shapes"). */
export function codePointLength(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

export const METADATA_LIMITS = { maxKeys: 16, maxKeyLength: 64, maxValueLength: 512 } as const;

export const SKILL_LIMITS = {
  displayTitleMax: 255,
  /** Zip size and unpacked total, each (CONTRACT.md "Skills": ≤50 MB). */
  packageMaxBytes: 50 * 1024 * 1024,
} as const;

/** The manifest every package holds, under its one top-level folder (CONTRACT.md "Skills"). */
export const SKILL_MANIFEST = "SKILL.md";

/** The metadata key the server keeps for itself (api-deployments.md §2.6): exempt from the limits, never diffed. */
export const CAS_CONFIG_KEY = "cas_config";

/** A D1 event's string `content` as the one text block it means (api-deployments.md §11.3). */
export function contentAsBlocks(event: unknown): unknown {
  if (!isRecord(event) || typeof event.content !== "string") return event;
  return { ...event, content: [{ type: "text", text: event.content }] };
}
