// Rule qoder-memory-store-deletion: in production stacks memory stores keep the archive default on destroy,
// because their memories are agent-written data nobody can recreate. Learns the stack name from the pack
// process (see stack-name.ts); depends only on the policy layer's own modules.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, type RuleOptions } from "../config";
import { validateMemoryStore } from "../match";
import { violationMessage } from "../messages";
import { currentStackName, DEFAULT_PRODUCTION_STACKS, isProductionStack, productionSchema } from "../stack-name";

export const MEMORY_STORE_DELETION = "qoder-memory-store-deletion";

export interface MemoryStoreDeletionConfig extends RuleOptions {
  /**
   * Which stacks are production: `true` (this pack runs for production, e.g. in the production pipeline),
   * `false`, or a list of stack names, where `*` matches any characters (`prod-*`). Default ["prod", "production"].
   */
  production?: boolean | string[];
  /** Where the stack name comes from; default: what the language host tells the pack process. */
  stackName?: () => string | undefined;
}

export function memoryStoreDeletion(config: MemoryStoreDeletionConfig = {}): ResourceValidationPolicy {
  const defaults = { production: config.production ?? DEFAULT_PRODUCTION_STACKS };
  const stackName = config.stackName ?? currentStackName;
  return {
    name: MEMORY_STORE_DELETION,
    description: 'Memory stores in production stacks keep deletionPolicy "archive".',
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      production: productionSchema(defaults.production),
    }),
    validateResource: validateMemoryStore((store, args, reportViolation) => {
      // Only a known "delete" is a finding: absent means the archive default, unknown is judged at update.
      if (store.deletionPolicy !== "delete") return;
      const production = isProductionStack(effectiveConfig(args, defaults).production, stackName);
      if (production === undefined) args.notApplicable("the stack name is not known to the policy pack");
      if (!production) return;
      const problem = 'must not be "delete" in a production stack (remove it to archive on destroy)';
      reportViolation(violationMessage(MEMORY_STORE_DELETION, "MemoryStore", args.name, "deletionPolicy", problem));
    }),
  };
}
