// Rule qoder-agent-system-prompt: every agent states what it is for in a non-empty system prompt.
// Depends only on the policy layer's own modules; never prints the prompt.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, type RuleOptions } from "../config";
import { validateAgent } from "../match";
import { violationMessage } from "../messages";
import { isUnknown } from "../values";

export const SYSTEM_PROMPT = "qoder-agent-system-prompt";

export interface SystemPromptConfig extends RuleOptions {
  /** Fewest non-whitespace-trimmed characters a prompt needs; default 1 (just "not empty"). */
  minLength?: number;
}

export function systemPrompt(config: SystemPromptConfig = {}): ResourceValidationPolicy {
  const defaults = { minLength: config.minLength ?? 1 };
  return {
    name: SYSTEM_PROMPT,
    description: "Agents have a non-empty system prompt.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      minLength: {
        type: "integer",
        minimum: 1,
        default: defaults.minLength,
        description: "Fewest characters the trimmed prompt needs.",
      },
    }),
    validateResource: validateAgent((agent, args, reportViolation) => {
      if (isUnknown(agent.system)) return;
      const { minLength } = effectiveConfig(args, defaults);
      const length = typeof agent.system === "string" ? agent.system.trim().length : 0;
      if (length >= Math.max(1, minLength)) return;
      const problem = minLength > 1 ? `must be a system prompt of at least ${minLength} characters` : "must be a non-empty system prompt";
      reportViolation(violationMessage(SYSTEM_PROMPT, "Agent", args.name, "system", problem));
    }),
  };
}
