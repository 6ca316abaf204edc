// qoder-deployment-schedule-interval: a deployment's scheduled runs are at least the configured interval apart.
import { describe, expect, it } from "vitest";
import { deploymentScheduleInterval, testing } from "../../provider/policy";
import { deploymentProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = deploymentScheduleInterval();
const scheduled = (cron: unknown) => deploymentProps({ schedule: { cron, timezone: "Europe/Berlin" } });

describe("qoder-deployment-schedule-interval", () => {
  it("qoder-deployment-schedule-interval: passes an hourly schedule with the default minimum of 60 minutes", async () => {
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps()));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-deployment-schedule-interval: reports runs closer together, naming the cron and the interval", async () => {
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", scheduled("*/15 9-17 * * 1-5")));
    expect(messagesOf(run)).toEqual([
      'Deployment "digest": schedule.cron "*/15 9-17 * * 1-5" has runs 15 minutes apart; the minimum interval is 1 hour (rule qoder-deployment-schedule-interval)',
    ]);
  });

  it("qoder-deployment-schedule-interval: finds the closest pair, not the usual one (two runs a minute apart once a day)", async () => {
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", scheduled("0,1 9 * * *")));
    expect(messagesOf(run)).toEqual([
      'Deployment "digest": schedule.cron "0,1 9 * * *" has runs 1 minute apart; the minimum interval is 1 hour (rule qoder-deployment-schedule-interval)',
    ]);
  });

  it("qoder-deployment-schedule-interval: the pack config sets the minimum", async () => {
    const args = (cron: string) => resourceArgs("Deployment", "digest", scheduled(cron), { config: { minimumIntervalMinutes: 1440 } });
    expect(messagesOf(await runPolicy(policy, args("0 8,20 * * *")))).toEqual([
      'Deployment "digest": schedule.cron "0 8,20 * * *" has runs 12 hours apart; the minimum interval is 1 day (rule qoder-deployment-schedule-interval)',
    ]);
    expect(await runPolicy(policy, args("30 6 * * *"))).toEqual({ violations: [] });
  });

  it("qoder-deployment-schedule-interval: a minimum of 1 allows every schedule", async () => {
    const run = await runPolicy(
      deploymentScheduleInterval({ minimumIntervalMinutes: 1 }),
      resourceArgs("Deployment", "digest", scheduled("* * * * *")),
    );
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-deployment-schedule-interval: a deployment without a schedule (manual runs only) passes", async () => {
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps({ schedule: undefined }))),
      runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps({ schedule: null }))),
    ]);
    expect(runs.flatMap(messagesOf)).toEqual([]);
  });

  it("qoder-deployment-schedule-interval: an expression the provider's check refuses is left to the check", async () => {
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", scheduled("@hourly")));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-deployment-schedule-interval: an unknown schedule or cron during preview is no violation", async () => {
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps({ schedule: UNKNOWN }), { preview: true })),
      runPolicy(policy, resourceArgs("Deployment", "digest", scheduled(UNKNOWN), { preview: true })),
    ]);
    expect(runs).toEqual([{ violations: [] }, { violations: [] }]);
  });
});
