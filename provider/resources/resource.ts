// Program-side helpers shared by every Resource class: the type token, the identity input that makes
// idempotency keys stable across runs, output seeding, and deep Input types. Runs in the user's program.
import * as pulumi from "@pulumi/pulumi";

export const TOKEN_PREFIX = "pulumi-nodejs:dynamic/qoder:";

/** Every level of a value may be an Input (e.g. `skills: [{ skillId: skill.id }]`). */
export type DeepInput<T> = pulumi.Input<
  T extends readonly (infer Item)[] ? DeepInput<Item>[] : T extends object ? { [K in keyof T]: DeepInput<T[K]> } : T
>;

/**
 * The props a Resource registers: the user's inputs, `__identity` (project/stack/type/name, from which
 * idempotency keys derive; DESIGN.md "Reliability rules"), and every declared output seeded as undefined so
 * that the engine registers it (prior-art.md §B.3).
 */
export function registerProps(typeName: string, name: string, args: object, outputs: readonly string[]): pulumi.Inputs {
  const props: Record<string, unknown> = {};
  for (const output of outputs) props[output] = undefined;
  const dropped = protoKeyPath(args, "");
  if (dropped !== undefined) {
    throw new Error(`${typeName} "${name}": ${dropped} has the key "__proto__", which Pulumi drops on its way to the provider; choose another key`);
  }
  // Pulumi's SDK prints each input with `${value}` as it registers it, which throws for a map holding a
  // `toString` key (metadata { toString: "y" }); an Output it never prints, and it sends the same value.
  for (const [key, value] of Object.entries(args)) props[key] = unprintable(value) ? pulumi.output(value) : value;
  props.__identity = `${pulumi.getProject()}/${pulumi.getStack()}/${typeName}/${name}`;
  return props as pulumi.Inputs;
}

/** True when `${value}` throws: a map (or a list holding one) whose `toString` is a user's key, not a method. */
function unprintable(value: unknown): boolean {
  if (value === null || typeof value !== "object" || pulumi.Output.isInstance(value)) return false;
  if (Array.isArray(value)) return value.some(unprintable);
  const object = value as { toString?: unknown; [Symbol.toPrimitive]?: unknown };
  const primitive = object[Symbol.toPrimitive];
  return typeof object.toString !== "function" || (primitive !== undefined && primitive !== null && typeof primitive !== "function");
}

/** Where a plain map of the inputs has an own `__proto__` key (`metadata`), which Pulumi cannot send. */
function protoKeyPath(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== "object" || pulumi.Output.isInstance(value)) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return undefined;
  if (!Array.isArray(value) && Object.hasOwn(value, "__proto__")) return path || "the inputs";
  for (const [key, inner] of Object.entries(value)) {
    const found = protoKeyPath(inner, Array.isArray(value) ? `${path}[${key}]` : `${path}${path ? "." : ""}${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
