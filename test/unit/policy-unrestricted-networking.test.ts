// qoder-unrestricted-networking: unrestricted networking on environments and environment_variable
// credentials only where the policy config allows it.
import { describe, expect, it } from "vitest";
import { testing, unrestrictedNetworking } from "../../provider/policy";
import { envVarCredentialProps, environmentProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = unrestrictedNetworking();
const openEnvironment = environmentProps({ config: { type: "cloud", networking: { type: "unrestricted" } } });

describe("qoder-unrestricted-networking", () => {
  it("qoder-unrestricted-networking: passes limited networking", async () => {
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Environment", "sandbox", environmentProps())),
      runPolicy(policy, resourceArgs("VaultCredential", "api-key", envVarCredentialProps())),
    ]);
    expect(runs.flatMap(messagesOf)).toEqual([]);
  });

  it("qoder-unrestricted-networking: passes an environment without config (the API default is limited)", async () => {
    const run = await runPolicy(policy, resourceArgs("Environment", "sandbox", environmentProps({ config: undefined })));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-unrestricted-networking: reports an unrestricted environment", async () => {
    const run = await runPolicy(policy, resourceArgs("Environment", "sandbox", openEnvironment));
    expect(messagesOf(run)).toEqual([
      'Environment "sandbox": config.networking.type must not be "unrestricted" (limit it to allowed hosts, or allow it in the policy config) (rule qoder-unrestricted-networking)',
    ]);
  });

  it("qoder-unrestricted-networking: reports an unrestricted environment_variable credential", async () => {
    const props = envVarCredentialProps({ type: "unrestricted" });
    const run = await runPolicy(policy, resourceArgs("VaultCredential", "api-key", props));
    expect(messagesOf(run)).toEqual([
      'VaultCredential "api-key": auth.networking.type must not be "unrestricted" (limit it to allowed hosts, or allow it in the policy config) (rule qoder-unrestricted-networking)',
    ]);
  });

  it("qoder-unrestricted-networking: the pack config can allow it for environments", async () => {
    const args = resourceArgs("Environment", "sandbox", openEnvironment, { config: { allowForEnvironments: true } });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-unrestricted-networking: allowing environments does not allow credentials", async () => {
    const args = resourceArgs("VaultCredential", "api-key", envVarCredentialProps({ type: "unrestricted" }), {
      config: { allowForEnvironments: true },
    });
    expect((await runPolicy(policy, args)).violations).toHaveLength(1);
  });

  it("qoder-unrestricted-networking: the factory can allow it for credentials", async () => {
    const allowing = unrestrictedNetworking({ allowForCredentials: true });
    const run = await runPolicy(allowing, resourceArgs("VaultCredential", "api-key", envVarCredentialProps({ type: "unrestricted" })));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-unrestricted-networking: unknown networking during preview is no violation", async () => {
    const props = environmentProps({ config: { type: "cloud", networking: UNKNOWN } });
    const args = resourceArgs("Environment", "sandbox", props, { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-unrestricted-networking: an unknown networking type during preview is no violation", async () => {
    const args = resourceArgs("VaultCredential", "api-key", envVarCredentialProps({ type: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });
});
