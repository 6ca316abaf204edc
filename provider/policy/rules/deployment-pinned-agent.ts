// Rule qoder-deployment-pinned-agent: in production stacks a deployment names the agent version it runs. An
// agent given by id alone runs whichever version is the latest when the deployment is applied, so an agent edit
// nobody reviewed for production reaches it at the next apply. Learns the stack name like
// qoder-memory-store-deletion (stack-name.ts); depends only on the policy layer's own modules; prints no id.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, type RuleOptions } from "../config";
import { validateDeployment } from "../match";
import { violationMessage } from "../messages";
import { currentStackName, DEFAULT_PRODUCTION_STACKS, isProductionStack, productionSchema } from "../stack-name";
import { isRecord, knownString } from "../values";

export const DEPLOYMENT_PINNED_AGENT = "qoder-deployment-pinned-agent";

export interface DeploymentPinnedAgentConfig extends RuleOptions {
  /**
   * Which stacks are production: `true` (this pack runs for production), `false`, or a list of stack names,
   * where `*` matches any characters (`prod-*`). Default ["prod", "production"].
   */
  production?: boolean | string[];
  /** Where the stack name comes from; default: what the language host tells the pack process. */
  stackName?: () => string | undefined;
}

/**
 * Where an unpinned agent reference shows, or undefined when the agent is pinned or not known yet: a whole
 * reference unknown in preview (`agent: reviewer.id` before the agent exists) is judged at `pulumi up`, and so
 * is a version computed from another resource (`version: reviewer.version`), which pins whatever it turns out to be.
 */
function unpinned(agent: unknown): { path: string; problem: string } | undefined {
  if (knownString(agent) !== undefined) {
    return {
      path: "agent",
      problem: "is an agent id without a version; in a production stack pin one with { id, version } (e.g. version: agent.version)",
    };
  }
  if (isRecord(agent) && (agent.version === undefined || agent.version === null)) {
    return { path: "agent.version", problem: "is required in a production stack (e.g. version: agent.version)" };
  }
  return undefined;
}

export function deploymentPinnedAgent(config: DeploymentPinnedAgentConfig = {}): ResourceValidationPolicy {
  const defaults = { production: config.production ?? DEFAULT_PRODUCTION_STACKS };
  const stackName = config.stackName ?? currentStackName;
  return {
    name: DEPLOYMENT_PINNED_AGENT,
    description: "Deployments in production stacks run a pinned agent version.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({ production: productionSchema(defaults.production) }),
    validateResource: validateDeployment((deployment, args, reportViolation) => {
      const finding = unpinned(deployment.agent);
      if (finding === undefined) return;
      const production = isProductionStack(effectiveConfig(args, defaults).production, stackName);
      if (production === undefined) args.notApplicable("the stack name is not known to the policy pack");
      if (!production) return;
      reportViolation(violationMessage(DEPLOYMENT_PINNED_AGENT, "Deployment", args.name, finding.path, finding.problem));
    }),
  };
}
