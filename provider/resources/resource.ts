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
  Object.assign(props, args);
  props.__identity = `${pulumi.getProject()}/${pulumi.getStack()}/${typeName}/${name}`;
  return props as pulumi.Inputs;
}
