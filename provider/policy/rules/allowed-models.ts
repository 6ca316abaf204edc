// Rule qoder-allowed-models: an agent's model (a string id or `{id, ...}`) must be in a configured list.
// Depends only on the policy layer's own modules; prints neither the model in use nor any other value.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, withDefault, type RuleOptions } from "../config";
import { validateAgent } from "../match";
import { propertyPath, violationMessage } from "../messages";
import { isRecord, isUnknown } from "../values";

export const ALLOWED_MODELS = "qoder-allowed-models";

export interface AllowedModelsConfig extends RuleOptions {
  /** Model ids agents may use, e.g. ["auto", "ultimate"]. Without it the engine asks the pack config for one. */
  models?: string[];
}

/** Where the model id sits, or undefined when it is unknown (preview) or absent (check reports that). */
function modelId(model: unknown): { id: unknown; path: string } | undefined {
  if (isUnknown(model) || model === undefined || model === null) return undefined;
  if (isRecord(model)) return isUnknown(model.id) ? undefined : { id: model.id, path: propertyPath("model", "id") };
  return { id: model, path: propertyPath("model") };
}

export function allowedModels(config: AllowedModelsConfig = {}): ResourceValidationPolicy {
  const defaults = { models: config.models };
  return {
    name: ALLOWED_MODELS,
    description: "Agents use only the models the platform team allows.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema(
      {
        models: withDefault(
          { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, description: "Allowed model ids." },
          config.models,
        ),
      },
      ["models"],
    ),
    validateResource: validateAgent((agent, args, reportViolation) => {
      const allowed = stringList(effectiveConfig(args, defaults).models);
      if (allowed.length === 0) args.notApplicable("no allowed models configured");
      const found = modelId(agent.model);
      if (found === undefined || (typeof found.id === "string" && allowed.includes(found.id))) return;
      // The allowed list is config, not a prop, so naming it helps without leaking anything.
      const problem = `is not one of the allowed models (${allowed.join(", ")})`;
      reportViolation(violationMessage(ALLOWED_MODELS, "Agent", args.name, found.path, problem));
    }),
  };
}
