// Rule qoder-deployment-environment-secrets: a deployment's environment variables carry no secrets. The API
// stores them as plain `KEY=VALUE` text and returns them to anyone who can read the deployment, and Pulumi keeps
// them in state like any input; a vault's environment_variable credential is where a secret belongs. Judged by
// the variable's name, so the message names the variable (a name, chosen by the author) and never its value.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, withDefault, type RuleOptions } from "../config";
import { validateDeployment } from "../match";
import { propertyPath, violationMessage } from "../messages";
import { DEFAULT_SECRET_WORDS, secretWordIn } from "../secret-words";
import { isRecord } from "../values";

export const DEPLOYMENT_ENVIRONMENT_SECRETS = "qoder-deployment-environment-secrets";

export interface DeploymentEnvironmentSecretsConfig extends RuleOptions {
  /**
   * Words whose presence in a variable's name marks a secret, matched as whole words of the name (split at `_`,
   * `-`, `.` and lower-to-upper case changes), case-insensitive: `TOKEN` matches `GITHUB_TOKEN` and `githubToken`,
   * not `TOKENIZERS_PARALLELISM`; `API_KEY` needs both words in a row. Default: token, secret, password and key words.
   */
  secretWords?: string[];
  /** Variable names never reported, e.g. ["TOKEN_TTL_SECONDS"]. Default: none. */
  allowNames?: string[];
}

export function deploymentEnvironmentSecrets(config: DeploymentEnvironmentSecretsConfig = {}): ResourceValidationPolicy {
  const defaults = { secretWords: config.secretWords ?? DEFAULT_SECRET_WORDS, allowNames: config.allowNames ?? [] };
  const list = (description: string, value: string[]) => withDefault({ type: "array", items: { type: "string", minLength: 1 }, description }, value);
  return {
    name: DEPLOYMENT_ENVIRONMENT_SECRETS,
    description: "Deployment environment variables hold no secrets; vault credentials do.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      secretWords: list("Words that mark a variable name as a secret's.", defaults.secretWords),
      allowNames: list("Variable names never reported.", defaults.allowNames),
    }),
    validateResource: validateDeployment((deployment, args, reportViolation) => {
      // Absent, or unknown in preview. A single unknown value is still judged: the name alone decides.
      const variables: unknown = deployment.environmentVariables;
      if (!isRecord(variables)) return;
      const settings = effectiveConfig(args, defaults);
      const secretWords = stringList(settings.secretWords);
      const allowNames = stringList(settings.allowNames);
      for (const name of Object.keys(variables).sort()) {
        if (allowNames.includes(name)) continue;
        const word = secretWordIn(name, secretWords);
        if (word === undefined) continue;
        const problem = `looks like a secret (its name has ${word}); the API returns environment variables in plain text: keep it in a vault (an environment_variable credential) listed in vaultIds`;
        reportViolation(
          violationMessage(DEPLOYMENT_ENVIRONMENT_SECRETS, "Deployment", args.name, propertyPath("environmentVariables", name), problem),
        );
      }
    }),
  };
}
