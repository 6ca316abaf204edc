// Plain-object helpers every layer shares: what counts as a record, and picking fields from one. No imports.

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
