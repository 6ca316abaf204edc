// camelCase twins of the wire schemas (provider/api), so the fleet document states the API's limits and enums
// once, where the wire schemas do, while its own keys stay camelCase like every resource input. Pure zod.
import { z } from "zod";
import { camelCaseKey } from "../api/casing";
import type { CamelCased } from "../client";

type ZodDef = Record<string, unknown> & { type: string };

interface Options {
  /** Leaf replacements by camelCase key (e.g. a secret field that may also be a `{ secret: key }` reference). */
  replace?: Record<string, (leaf: z.ZodType) => z.ZodType>;
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

function cloneWith(schema: z.ZodType, changes: Record<string, unknown>): z.ZodType {
  return (schema as unknown as { clone(def: ZodDef): z.ZodType }).clone({ ...defOf(schema), ...changes });
}

/** Rewrites snake_case field names that a description mentions (`context_window` → `contextWindow`). */
function camelDescription(text: string, renamed: ReadonlySet<string>): string {
  return text.replace(/[a-z0-9]+(?:_[a-z0-9]+)+/g, (word) => (renamed.has(word) ? camelCaseKey(word) : word));
}

/** Children of a schema node that `camelSchema` descends into. */
function childrenOf(def: ZodDef): z.ZodType[] {
  return [
    ...(def.shape ? Object.values(def.shape as Record<string, z.ZodType>) : []),
    ...((def.options as z.ZodType[] | undefined) ?? []),
    ...[def.element, def.innerType].filter((child): child is z.ZodType => child !== undefined),
  ];
}

/** Every snake_case object key in the tree: descriptions that mention them are rewritten too. */
function snakeKeys(schema: z.ZodType, out = new Set<string>()): Set<string> {
  const def = defOf(schema);
  for (const key of Object.keys((def.shape as Record<string, z.ZodType> | undefined) ?? {})) if (key.includes("_")) out.add(key);
  for (const child of childrenOf(def)) snakeKeys(child, out);
  return out;
}

/** The snake_case keys of each wire schema a rule's messages are rewritten for: found once per schema. */
const messageKeys = new WeakMap<z.ZodType, ReadonlySet<string>>();

/** A message of a wire rule in the fleet's words: `allow_package_managers` → `allowPackageManagers`. */
export function camelMessage(message: string, schema: z.ZodType): string {
  let renamed = messageKeys.get(schema);
  if (!renamed) {
    renamed = snakeKeys(schema);
    messageKeys.set(schema, renamed);
  }
  return camelDescription(message, renamed);
}

/** Re-registers the description in camelCase on `target` (a new schema, never the wire one). */
function withMeta(source: z.ZodType, target: z.ZodType, renamed: ReadonlySet<string>): z.ZodType {
  const meta = z.globalRegistry.get(source);
  if (!meta) return target;
  const description = meta.description === undefined ? undefined : camelDescription(meta.description, renamed);
  if (target === source && description === meta.description) return source;
  return target.meta({ ...meta, ...(description === undefined ? {} : { description }) });
}

/**
 * The same schema with every object key in camelCase. Leaf checks (lengths, patterns, enums) and descriptions
 * carry over; descriptions are rewritten to name the camelCase fields. Object- and union-level refinements
 * are dropped, since they read snake_case fields: the fleet runs those cross-field rules on the wire form
 * instead (fleet/rules.ts), with the same functions the API layer uses. The wire schemas are never mutated.
 */
export function camelSchema<T extends z.ZodType>(schema: T, options: Options = {}): z.ZodType<CamelCased<z.output<T>>, CamelCased<z.input<T>>> {
  const renamed = snakeKeys(schema);
  const walk = (node: z.ZodType): z.ZodType => {
    const def = defOf(node);
    switch (def.type) {
      case "object": {
        const shape: Record<string, z.ZodType> = {};
        for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          const name = camelCaseKey(key);
          const replace = options.replace?.[name];
          shape[name] = replace ? replace(walk(value)) : walk(value);
        }
        return withMeta(node, cloneWith(node, { shape, checks: [] }), renamed);
      }
      case "union":
        return withMeta(node, cloneWith(node, { options: (def.options as z.ZodType[]).map(walk), checks: [] }), renamed);
      case "array":
        return withMeta(node, cloneWith(node, { element: walk(def.element as z.ZodType) }), renamed);
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
        return withMeta(node, cloneWith(node, { innerType: walk(def.innerType as z.ZodType) }), renamed);
      default:
        return withMeta(node, node, renamed);
    }
  };
  return walk(schema) as z.ZodType<CamelCased<z.output<T>>, CamelCased<z.input<T>>>;
}
