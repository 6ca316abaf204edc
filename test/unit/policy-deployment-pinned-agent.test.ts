// qoder-deployment-pinned-agent: deployments in production stacks pin the agent version they run.
import { afterEach, describe, expect, it, vi } from "vitest";
import { deploymentPinnedAgent, testing } from "../../provider/policy";
import { AGENT_ID, deploymentProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const inStack = (stack: string | undefined) => deploymentPinnedAgent({ stackName: () => stack });
const bare = deploymentProps({ agent: AGENT_ID });
const BARE_MESSAGE =
  'Deployment "digest": agent is an agent id without a version; in a production stack pin one with { id, version } (e.g. version: agent.version) (rule qoder-deployment-pinned-agent)';

describe("qoder-deployment-pinned-agent", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("qoder-deployment-pinned-agent: reports a bare agent id in a production stack", async () => {
    const run = await runPolicy(inStack("prod"), resourceArgs("Deployment", "digest", bare));
    expect(messagesOf(run)).toEqual([BARE_MESSAGE]);
  });

  it("qoder-deployment-pinned-agent: reports an agent object without a version in a production stack", async () => {
    const run = await runPolicy(inStack("production"), resourceArgs("Deployment", "digest", deploymentProps({ agent: { id: AGENT_ID } })));
    expect(messagesOf(run)).toEqual([
      'Deployment "digest": agent.version is required in a production stack (e.g. version: agent.version) (rule qoder-deployment-pinned-agent)',
    ]);
  });

  it("qoder-deployment-pinned-agent: passes a pinned version in a production stack", async () => {
    const run = await runPolicy(inStack("prod"), resourceArgs("Deployment", "digest", deploymentProps()));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-deployment-pinned-agent: passes a bare agent id outside production", async () => {
    const run = await runPolicy(inStack("dev"), resourceArgs("Deployment", "digest", bare));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-deployment-pinned-agent: production stacks may be named by pattern", async () => {
    const policy = deploymentPinnedAgent({ production: ["prod-*"], stackName: () => "prod-eu" });
    expect(messagesOf(await runPolicy(policy, resourceArgs("Deployment", "digest", bare)))).toEqual([BARE_MESSAGE]);
    const args = resourceArgs("Deployment", "digest", bare, { config: { production: ["prod-*"] } });
    expect(await runPolicy(inStack("preprod-eu"), args)).toEqual({ violations: [] });
  });

  it("qoder-deployment-pinned-agent: production true applies whatever the stack is called", async () => {
    const args = resourceArgs("Deployment", "digest", bare, { config: { production: true } });
    expect((await runPolicy(inStack(undefined), args)).violations).toHaveLength(1);
  });

  it("qoder-deployment-pinned-agent: is not applicable when the stack name is unknown and production is a list", async () => {
    const run = await runPolicy(inStack(undefined), resourceArgs("Deployment", "digest", bare));
    expect(run).toEqual({ violations: [], notApplicable: "the stack name is not known to the policy pack" });
  });

  it("qoder-deployment-pinned-agent: learns the stack name from PULUMI_NODEJS_STACK", async () => {
    vi.stubEnv("PULUMI_NODEJS_STACK", "prod");
    const run = await runPolicy(deploymentPinnedAgent(), resourceArgs("Deployment", "digest", bare));
    expect(messagesOf(run)).toEqual([BARE_MESSAGE]);
  });

  it("qoder-deployment-pinned-agent: an unknown agent or version during preview is no violation", async () => {
    const runs = await Promise.all([
      runPolicy(inStack("prod"), resourceArgs("Deployment", "digest", deploymentProps({ agent: UNKNOWN }), { preview: true })),
      runPolicy(
        inStack("prod"),
        resourceArgs("Deployment", "digest", deploymentProps({ agent: { id: UNKNOWN, version: UNKNOWN } }), { preview: true }),
      ),
    ]);
    expect(runs).toEqual([{ violations: [] }, { violations: [] }]);
  });

  it("qoder-deployment-pinned-agent: never prints the agent id", async () => {
    const run = await runPolicy(inStack("prod"), resourceArgs("Deployment", "digest", bare));
    expect(messagesOf(run).join("\n")).not.toContain(AGENT_ID);
  });
});
