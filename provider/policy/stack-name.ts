// Which stack the pack is judging, as the pack process learns it, and whether config calls it production.
// Loads nothing outside provider/policy: loading a second @pulumi/pulumi in the pack process (ours beside the
// pack's) would duplicate its global state.
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { stringList } from "./config";
import { globMatches } from "./patterns";

/**
 * The stack name, or undefined when nobody told the process.
 *
 * @pulumi/policy 1.21 reads only stack tags from the engine's ConfigureStack call. The language host fills
 * the gap: it holds the pack back until that call, then starts it with PULUMI_NODEJS_STACK set (the Go
 * SDK's PolicyProxy exists for this; see tools/pulumi-language-nodejs/plugin.go). That variable is what
 * `pulumi.getStack()` reads, but getStack() falls back to the literal "stack" when it is unset, which is
 * indistinguishable from a stack really named "stack"; hence the variable itself.
 */
export function currentStackName(): string | undefined {
  const stack = process.env.PULUMI_NODEJS_STACK;
  return stack === undefined || stack === "" ? undefined : stack;
}

/** The stacks production-only rules treat as production unless configured otherwise. */
export const DEFAULT_PRODUCTION_STACKS = ["prod", "production"];

/**
 * Whether the current stack is production by a rule's `production` setting: `true` or `false` (this run is
 * or is not), or a list of stack names where `*` matches any run of characters (`prod-*`). Undefined when
 * that depends on a stack name nobody told the pack.
 */
export function isProductionStack(production: unknown, stackName: () => string | undefined): boolean | undefined {
  if (typeof production === "boolean") return production;
  const stack = stackName();
  return stack === undefined ? undefined : stringList(production).some((pattern) => globMatches(pattern, stack));
}

/** The configSchema property of a `production` setting. */
export function productionSchema(value: boolean | string[]): PolicyConfigJSONSchema {
  return {
    type: ["boolean", "array"],
    items: { type: "string", minLength: 1 },
    default: value,
    description: "true/false for this stack, or the names of production stacks (* matches any characters, e.g. prod-*).",
  };
}
