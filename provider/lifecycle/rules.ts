// Shared lifecycle rules for every kind: unknown values in preview, local check against the wire schemas,
// field-by-field diff and refresh, idempotency keys, and the 404/409/partial-create rules (DESIGN.md).
// Runs in the dynamic-provider process; must not import @pulumi/pulumi's runtime or anything of fleet/.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { camelCaseKey, toWire } from "../api/casing";
import { codePointLength, METADATA_LIMITS, setOwn } from "../api/records";
import { isConflict, isNotFound } from "../client/errors";
import { bodyFields, clearedValues, type FieldSpec } from "../kinds/descriptor";
import { canonicalJson, containsUnknown, isUnknown } from "../kinds/values";

export { canonicalJson, containsUnknown, isUnknown, UNKNOWN } from "../kinds/values";
export { pick } from "../api/records";
export type { FieldSpec } from "../kinds/descriptor";

export type Props = Record<string, unknown>;

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export type Fields = Record<string, FieldSpec>;

/** A field's value in the form diff and refresh compare: the API default stands in for absence. */
export function comparable(spec: FieldSpec, value: unknown): unknown {
  const present = value === undefined || value === null ? (spec.default ?? value) : value;
  return spec.normalize && present !== undefined && present !== null ? spec.normalize(present) : present;
}

export function sameValue(spec: FieldSpec, a: unknown, b: unknown): boolean {
  return canonicalJson(comparable(spec, a)) === canonicalJson(comparable(spec, b));
}

/**
 * `olds` are the outputs in state, which echo every input (DESIGN.md). Unknown values count as changes, or
 * as replacements for fields the API cannot update.
 */
export function diffFields(fields: Fields, olds: Props, news: Props): DiffResult {
  const changed = changedFields(fields, olds, news);
  const replaces = changed.filter((name) => {
    const replace = fields[name]?.replace;
    return typeof replace === "function" ? containsUnknown(news[name]) || replace(olds[name], news[name]) : replace === true;
  });
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}

export function changedFields(fields: Fields, olds: Props, news: Props): string[] {
  return Object.entries(fields)
    .filter(([name, spec]) => containsUnknown(news[name]) || !sameValue(spec, olds[name], news[name]))
    .map(([name]) => name);
}

/**
 * The inputs a refresh records: a field keeps the applied value while the remote one means the same, and
 * takes the remote value when someone changed it, so the next preview shows exactly that drift.
 */
export function refreshedInputs(fields: Fields, applied: Props, remote: Props): Props {
  const inputs: Props = {};
  for (const [name, spec] of Object.entries(fields)) {
    const value = spec.notReadBack || spec.local || sameValue(spec, applied[name], remote[name]) ? applied[name] : remote[name];
    if (value !== undefined) inputs[name] = value;
  }
  return inputs;
}

/**
 * Checks inputs against a wire schema locally (no API call, DESIGN.md): inputs go to the wire form, and each
 * issue comes back with its camelCase property path. Issues at or inside an unknown value are preview
 * placeholders, not errors.
 */
export function schemaFailures(schema: z.ZodType, inputs: Props): CheckFailure[] {
  const result = schema.safeParse(toWire(inputs));
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !pathHitsUnknown(inputs, issue.path))
    .map((issue) => ({ property: propertyPath(issue.path), reason: issue.message }));
}

function pathHitsUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = root;
  for (const segment of path) {
    if (isUnknown(current)) return true;
    if (current === null || typeof current !== "object") return false;
    const key = typeof segment === "string" && !Array.isArray(current) ? matchingKey(current as Props, segment) : segment;
    current = (current as Record<PropertyKey, unknown>)[key as PropertyKey];
  }
  return containsUnknown(current);
}

/** The wire key `mcp_servers` is the input key `mcpServers`, but user map keys are kept as they are. */
function matchingKey(object: Props, wireKey: string): string {
  return Object.hasOwn(object, wireKey) ? wireKey : camelCaseKey(wireKey);
}

/** `["mcp_servers", 0, "url"]` → `mcpServers[0].url`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += `${out ? "." : ""}${camelCaseKey(String(segment))}`;
  }
  return out;
}

/**
 * The Idempotency-Key of one logical operation: the resource's identity (project/stack/type/name) and the
 * canonical body, so a create retried or re-run after the process died sends the same key (DESIGN.md,
 * "Reliability rules"). `attempt` > 0 makes a fresh key when a replay turned out to be stale.
 */
export function idempotencyKey(identity: string, operation: string, body: unknown, attempt = 0): string {
  const digest = createHash("sha256")
    .update(`${identity}\n${operation}\n${canonicalJson(body)}\n${attempt}`)
    .digest("hex");
  return `pulumi-qoder-${digest.slice(0, 40)}`;
}

/** Runs a read; a 404 means the object is gone (undefined) rather than an error. */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Archives with `archive`, where a second archive is a 409 (memory stores, credentials): an object that
 * `current` shows archived already (out of band, or by a replace after refresh) is where destroy wants it.
 */
export async function archiveOnce(archive: () => Promise<unknown>, current: () => Promise<{ archivedAt?: string | null }>): Promise<void> {
  try {
    await archive();
  } catch (err) {
    if (!isConflict(err) || !(await current()).archivedAt) throw err;
  }
}

/**
 * The error the dynamic-provider server turns into ErrorResourceInitFailed: the engine keeps the object in
 * state with these outputs instead of orphaning it (prior-art.md §B.2, `create`).
 */
export class PartialCreateError extends Error {
  readonly reasons: string[];

  constructor(
    readonly id: string,
    readonly properties: Props,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`created ${id}, but could not finish it: ${reason}`);
    this.reasons = [reason];
  }
}

/**
 * The metadata key the provider reserves on every object it creates: the managing resource's identity
 * (`<stack id>/<project>/<stack>/<type>/<name>`), so an object left behind is traceable to its
 * stack and a conflict can name who holds it. Hidden from diffs and refresh; users may not set it.
 */
export const OWNER_METADATA_KEY = "pulumi-qoder.owner";

/** The parts of a resource's `__identity`: `<stack id>/<project>/<stack>/<type>/<name>`, or before stack
 * identities existed `<project>/<stack>/<type>/<name>`; a name may itself hold `/`. */
export function parseIdentity(identity: unknown): { stackId?: string; project: string; stack: string; type: string; name: string } | undefined {
  if (typeof identity !== "string") return undefined;
  const parts = identity.split("/");
  const stackId = parts[0]?.startsWith("stack_") ? parts.shift() : undefined;
  if (parts.length < 4) return undefined;
  const [project, stack, type, ...name] = parts as [string, string, string, ...string[]];
  return { stackId, project, stack, type, name: name.join("/") };
}

/**
 * The owner value of a resource: its identity, once it has a stack identity (see resource.ts). A metadata value
 * holds at most 512 characters, so a longer identity (a memory named by a long path) keeps the stack and type
 * and gives the name as a hash.
 */
export function ownerOf(props: Props): string | undefined {
  const parsed = parseIdentity(props.__identity);
  if (parsed?.stackId === undefined) return undefined;
  const identity = String(props.__identity);
  if (codePointLength(identity) <= METADATA_LIMITS.maxValueLength) return identity;
  const digest = createHash("sha256").update(parsed.name).digest("hex").slice(0, 32);
  return `${parsed.stackId}/${parsed.project}/${parsed.stack}/${parsed.type}/sha256:${digest}`;
}

/** Metadata with the owner key added (on create) or, with `owner` undefined, taken out (what refresh sees). */
export function withOwner(metadata: unknown, owner: string | undefined): Record<string, string> | undefined {
  const bag = metadata !== null && typeof metadata === "object" ? (metadata as Record<string, string>) : undefined;
  if (bag === undefined && owner === undefined) return undefined;
  // fromEntries defines own keys, so a user key such as `__proto__` stays a key.
  const entries = Object.entries(bag ?? {}).filter(([key]) => key !== OWNER_METADATA_KEY);
  return Object.fromEntries(owner === undefined ? entries : [...entries, [OWNER_METADATA_KEY, owner]]);
}

/** How a conflict message says who holds an object: its owner metadata, or that Pulumi did not create it. */
export function heldBy(metadata: Record<string, string> | undefined): string {
  const owner = parseIdentity(metadata?.[OWNER_METADATA_KEY]);
  if (owner === undefined) return "it was not created by pulumi-qoder";
  return `it is managed by the ${owner.type} "${owner.name}" of stack ${owner.project}/${owner.stack} (identity ${owner.stackId ?? "unknown"})`;
}

/** Metadata on update is a patch (CONTRACT.md "Shared shapes"): keys no longer wanted are sent as null. */
export function metadataPatch(
  applied: Record<string, string> | undefined,
  wanted: Record<string, string> | undefined,
): Record<string, string | null> {
  // Own keys only: `toString` or `constructor` is a user's key here, not something every object inherits.
  const patch: Record<string, string | null> = { ...(wanted ?? {}) };
  for (const key of Object.keys(applied ?? {})) if (!Object.hasOwn(patch, key)) setOwn(patch, key, null);
  return patch;
}

/**
 * The body of an in-place update: every body field of the kind as wanted, a field no longer set as the value
 * that clears it (descriptor `cleared`), and metadata as a patch against what was applied.
 */
export function updateBody(kind: object, olds: Props, news: Props): Props {
  const cleared = clearedValues(kind);
  const body: Props = {};
  for (const name of bodyFields(kind)) {
    if (name === "metadata") body.metadata = metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>);
    else if (news[name] !== undefined || Object.hasOwn(cleared, name)) body[name] = news[name] ?? cleared[name];
  }
  return body;
}
