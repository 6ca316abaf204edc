// Rule qoder-memory-store-deletion: in production stacks memory stores keep the archive default on destroy,
// because their memories are agent-written data nobody can recreate. Learns the stack name from the pack
// process (see stack-name.ts); depends only on the policy layer's own modules.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, type RuleOptions } from "../config";
import { validateMemoryStore } from "../match";
import { violationMessage } from "../messages";
import { currentStackName } from "../stack-name";

export const MEMORY_STORE_DELETION = "qoder-memory-store-deletion";
const DEFAULT_PRODUCTION = ["prod", "production"];

export interface MemoryStoreDeletionConfig extends RuleOptions {
  /**
   * Which stacks are production: `true` (this pack runs for production, e.g. in the production pipeline),
   * `false`, or a list of stack names. Default ["prod", "production"].
   */
  production?: boolean | string[];
  /** Where the stack name comes from; default: what the language host tells the pack process. */
  stackName?: () => string | undefined;
}

/** Whether the current stack is production, or undefined when that depends on a name nobody told us. */
function isProduction(production: unknown, stackName: () => string | undefined): boolean | undefined {
  if (typeof production === "boolean") return production;
  const stack = stackName();
  return stack === undefined ? undefined : stringList(production).includes(stack);
}

export function memoryStoreDeletion(config: MemoryStoreDeletionConfig = {}): ResourceValidationPolicy {
  const defaults = { production: config.production ?? DEFAULT_PRODUCTION };
  const stackName = config.stackName ?? currentStackName;
  return {
    name: MEMORY_STORE_DELETION,
    description: 'Memory stores in production stacks keep deletionPolicy "archive".',
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      production: {
        type: ["boolean", "array"],
        items: { type: "string", minLength: 1 },
        default: defaults.production,
        description: "true/false for this stack, or the names of production stacks.",
      },
    }),
    validateResource: validateMemoryStore((store, args, reportViolation) => {
      // Only a known "delete" is a finding: absent means the archive default, unknown is judged at update.
      if (store.deletionPolicy !== "delete") return;
      const production = isProduction(effectiveConfig(args, defaults).production, stackName);
      if (production === undefined) args.notApplicable("the stack name is not known to the policy pack");
      if (!production) return;
      const problem = 'must not be "delete" in a production stack (remove it to archive on destroy)';
      reportViolation(violationMessage(MEMORY_STORE_DELETION, "MemoryStore", args.name, "deletionPolicy", problem));
    }),
  };
}
