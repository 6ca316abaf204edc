// qoder-deployment-environment-secrets: deployment environment variables hold no secrets; vault credentials do.
import { describe, expect, it } from "vitest";
import { deploymentEnvironmentSecrets, testing } from "../../provider/policy";
import { deploymentProps, SECRET, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = deploymentEnvironmentSecrets();
const withVariables = (environmentVariables: unknown) => deploymentProps({ environmentVariables });
const FIX = "the API returns environment variables in plain text: keep it in a vault (an environment_variable credential) listed in vaultIds";

describe("qoder-deployment-environment-secrets", () => {
  it("qoder-deployment-environment-secrets: passes variables whose names mark no secret", async () => {
    const props = withVariables({ LOG_LEVEL: "debug", TOKENIZERS_PARALLELISM: "false", FEATURE_FLAG: "on", KEYBOARD: "us" });
    expect(await runPolicy(policy, resourceArgs("Deployment", "digest", props))).toEqual({ violations: [] });
  });

  it("qoder-deployment-environment-secrets: reports each secret-looking name, never its value", async () => {
    const props = withVariables({ GITHUB_TOKEN: SECRET, LOG_LEVEL: "info", OPENAI_API_KEY: SECRET, dbPassword: SECRET });
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", props));
    expect(messagesOf(run)).toEqual([
      `Deployment "digest": environmentVariables.GITHUB_TOKEN looks like a secret (its name has TOKEN); ${FIX} (rule qoder-deployment-environment-secrets)`,
      `Deployment "digest": environmentVariables.OPENAI_API_KEY looks like a secret (its name has API_KEY); ${FIX} (rule qoder-deployment-environment-secrets)`,
      `Deployment "digest": environmentVariables.dbPassword looks like a secret (its name has PASSWORD); ${FIX} (rule qoder-deployment-environment-secrets)`,
    ]);
    expect(messagesOf(run).join("\n")).not.toContain(SECRET);
  });

  it("qoder-deployment-environment-secrets: the pack config allows names and chooses the words", async () => {
    const props = withVariables({ TOKEN_TTL_SECONDS: "60", SIGNING_SALT: SECRET });
    const args = resourceArgs("Deployment", "digest", props, { config: { allowNames: ["TOKEN_TTL_SECONDS"], secretWords: ["SALT"] } });
    expect(messagesOf(await runPolicy(policy, args))).toEqual([
      `Deployment "digest": environmentVariables.SIGNING_SALT looks like a secret (its name has SALT); ${FIX} (rule qoder-deployment-environment-secrets)`,
    ]);
  });

  it("qoder-deployment-environment-secrets: judges a name whose value is unknown in preview, and skips an unknown map", async () => {
    const named = await runPolicy(policy, resourceArgs("Deployment", "digest", withVariables({ API_TOKEN: UNKNOWN }), { preview: true }));
    expect(named.violations).toHaveLength(1);
    const whole = await runPolicy(policy, resourceArgs("Deployment", "digest", withVariables(UNKNOWN), { preview: true }));
    expect(whole).toEqual({ violations: [] });
  });
});
