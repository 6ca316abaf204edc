// Fleet entries derived from the kind descriptors (provider/kinds): every field of a kind's create body is
// taken from the camelCase twin of its wire schema, in the descriptor's order, so a field the API adds (to the
// wire schema and the descriptor's field table) reaches the stack file, its JSON Schema and the builder with no
// edit here. An entry states only what it writes its own way: a name that defaults to the key, references by
// key, text read from files, and the fleet's own settings (deletionPolicy, adoptId, options). Pure zod.
import type { z } from "zod";
import type { CamelCased } from "../api/casing";
import { bodyFields, type AnyKind, type KindDescriptor } from "../kinds/descriptor";
import { camelSchema } from "./camel";

type Shape = Record<string, z.ZodType>;
// biome-ignore lint/suspicious/noExplicitAny: the descriptor's outputs do not matter here
type ViewOf<K> = K extends KindDescriptor<infer View, any> ? View : never;
type In<W extends z.ZodType> = CamelCased<z.input<W>>;
type Out<W extends z.ZodType> = CamelCased<z.output<W>>;

/** A body field as the camelCase twin types it: optional where the wire's field is. */
type FieldOf<W extends z.ZodType, F extends keyof In<W> & keyof Out<W>> = undefined extends In<W>[F]
  ? z.ZodOptional<z.ZodType<Exclude<Out<W>[F], undefined>, Exclude<In<W>[F], undefined>>>
  : z.ZodType<Out<W>[F], In<W>[F]>;

/** The body fields an entry takes as the wire states them: the view's fields the wire holds, but the entry's own. */
type VerbatimKeys<K, W extends z.ZodType, Own> = Exclude<keyof ViewOf<K> & keyof In<W> & keyof Out<W> & string, keyof Own>;
export type VerbatimShape<K, W extends z.ZodType, Own> = { [F in VerbatimKeys<K, W, Own>]: FieldOf<W, F> };

/** One kind as the fleet declares it. */
export interface FleetKind<K = unknown, W extends z.ZodType = z.ZodType> {
  kind: K;
  /** The create body (snake_case): the descriptor's `wire`, or for a multipart kind its non-file parts. */
  wire: W;
  /**
   * Body fields the entry states in other properties than their own, in the order they appear: an agent's
   * `system` beside `systemFile`, a deployment's `environmentId` as `environment` (a key). A body field not
   * named here is a property of its own name.
   */
  stated?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A kind and the wire schema its body follows: the descriptor's own `wire` (said again here for its static type,
 * and checked to have the same fields), or for a multipart kind the schema of its non-file parts.
 */
export function fleetKind<K, W extends z.ZodType>(
  kind: K,
  wire: W,
  options: { stated?: Readonly<Record<string, readonly string[]>> } = {},
): FleetKind<K, W> {
  // Compared by their fields rather than by identity: the descriptor requires its schema on first use, and a
  // test runner that loads modules its own way may hold a second copy of the same schema.
  const own = (kind as unknown as AnyKind).wire;
  if (own !== undefined && own !== wire && fieldsOf(own) !== fieldsOf(wire))
    throw new Error(`fleet: the ${(kind as unknown as AnyKind).type} entry must follow its descriptor's wire schema`);
  return { kind, wire, ...(options.stated ? { stated: options.stated } : {}) };
}

const twins = new WeakMap<z.ZodType, Shape>();

/** A schema's fields, in order, as one string. */
function fieldsOf(wire: z.ZodType): string {
  return Object.keys(twinShape(wire)).join(",");
}

/** The camelCase twin's fields (made once per wire schema). */
function twinShape(wire: z.ZodType): Shape {
  let shape = twins.get(wire);
  if (!shape) {
    shape = (camelSchema(wire) as unknown as z.ZodObject).shape as Shape;
    twins.set(wire, shape);
  }
  return shape;
}

/** A wire field in the fleet's words, where they say more than the API's (a new schema; the twin stays as it is). */
function described(schema: z.ZodType | undefined, description: string | undefined): z.ZodType | undefined {
  return schema && description !== undefined ? schema.meta({ description }) : schema;
}

/** The properties that state a body field in the entry (its own name unless `stated` says otherwise). */
export function statedBy(spec: FleetKind, field: string): readonly string[] {
  return spec.stated?.[field] ?? [field];
}

/** An entry's shape, and the body fields the builder passes through as written. */
export interface FleetEntry<K, W extends z.ZodType, Own extends Shape> {
  spec: FleetKind<K, W>;
  shape: Own & VerbatimShape<K, W, Own>;
  /**
   * The body fields the entry holds exactly as the resource takes them (the wire's schema, under their own
   * name): what the builder passes through with `pick`. A valid document has its files replaced by their texts
   * already, so an agent's `system` is one of them even beside `systemFile`.
   */
  verbatim: readonly string[];
}

/**
 * The shape of an entry: the descriptor's fields in its order, each body field as the wire states it unless the
 * entry states it its own way (`own`, under the field's name or the properties `stated` names), the provider
 * settings the entry sets (deletionPolicy) in their place, then the entry's remaining properties in their
 * order. A body field that is neither in the wire schema nor in `own` is a mistake of this file: it throws, so
 * the unit tests find it before any user does.
 */
export function fleetEntry<K, W extends z.ZodType, Own extends Shape>(
  spec: FleetKind<K, W>,
  own: Own,
  options: { describe?: Readonly<Record<string, string>> } = {},
): FleetEntry<K, W, Own> {
  const twin = twinShape(spec.wire);
  const loose = spec as FleetKind;
  const kind = spec.kind as unknown as AnyKind;
  const body = new Set(bodyFields(kind));
  const shape: Shape = {};
  for (const field of Object.keys(kind.fields)) {
    const names = body.has(field) ? statedBy(loose, field) : [field];
    for (const name of names) {
      const schema = own[name] ?? (body.has(field) && name === field ? described(twin[field], options.describe?.[field]) : undefined);
      if (schema) shape[name] = schema;
      else if (body.has(field)) {
        throw new Error(`fleet: the ${kind.type} body field "${field}" is not in its wire schema; state "${name}" in the fleet's ${kind.type} entry`);
      }
    }
  }
  for (const [name, schema] of Object.entries(own)) if (!(name in shape)) shape[name] = schema;
  const verbatim = bodyFields(kind).filter((field) => statedBy(loose, field).includes(field) && own[field] === undefined);
  return { spec, shape: shape as Own & VerbatimShape<K, W, Own>, verbatim };
}

/** One wire field in camelCase, for an entry that states it its own way but keeps the wire's rules. */
export function wireField<K, W extends z.ZodType, F extends keyof In<W> & keyof Out<W> & string>(spec: FleetKind<K, W>, field: F): FieldOf<W, F> {
  const schema = twinShape(spec.wire)[field];
  if (!schema) throw new Error(`fleet: "${field}" is not a field of the ${(spec.kind as unknown as AnyKind).type} wire schema`);
  return schema as FieldOf<W, F>;
}
