// Rule qoder-deployment-schedule-interval: a deployment's scheduled runs are at least a configured number of
// minutes apart, because every run is a whole agent session, and a cron one field off (`* 9 * * *`: every minute
// from 09:00 to 09:59) runs it sixty times an hour. The interval is the exact shortest one the expression allows on
// the wall clock (cron.ts), computed in the pack without croner. A paused deployment is judged too: unpaused, it
// runs as written. The message quotes the cron expression: a schedule is no secret, and the finding is unreadable
// without it.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, type RuleOptions } from "../config";
import { minimumCronInterval } from "../cron";
import { validateDeployment } from "../match";
import { violationMessage } from "../messages";
import { isRecord, knownString } from "../values";

export const DEPLOYMENT_SCHEDULE_INTERVAL = "qoder-deployment-schedule-interval";
const DEFAULT_MINIMUM_MINUTES = 60;

export interface DeploymentScheduleIntervalConfig extends RuleOptions {
  /** Fewest minutes between two scheduled runs of one deployment; default 60 (hourly at most). 1 allows any cron. */
  minimumIntervalMinutes?: number;
}

/** "1 minute", "45 minutes", "2 hours", "1 day": whole hours and days read better than 1440 minutes. */
function formatMinutes(minutes: number): string {
  const [count, unit] = minutes % 1440 === 0 ? [minutes / 1440, "day"] : minutes % 60 === 0 ? [minutes / 60, "hour"] : [minutes, "minute"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

export function deploymentScheduleInterval(config: DeploymentScheduleIntervalConfig = {}): ResourceValidationPolicy {
  const defaults = { minimumIntervalMinutes: config.minimumIntervalMinutes ?? DEFAULT_MINIMUM_MINUTES };
  return {
    name: DEPLOYMENT_SCHEDULE_INTERVAL,
    description: "Scheduled deployment runs are at least the configured interval apart.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      minimumIntervalMinutes: {
        type: "integer",
        minimum: 1,
        default: defaults.minimumIntervalMinutes,
        description: "Fewest minutes between two scheduled runs of a deployment.",
      },
    }),
    validateResource: validateDeployment((deployment, args, reportViolation) => {
      // Absent or null: manual runs only. Unknown in preview: judged again at `pulumi up`.
      const schedule: unknown = deployment.schedule;
      if (!isRecord(schedule)) return;
      const cron = knownString(schedule.cron);
      if (cron === undefined) return;
      const minimum = Number(effectiveConfig(args, defaults).minimumIntervalMinutes);
      if (!(minimum > 1)) return;
      // Undefined for an expression outside the dialect (the provider's check reports it) or one that never fires.
      const interval = minimumCronInterval(cron);
      if (interval === undefined || interval >= minimum) return;
      const problem = `${JSON.stringify(cron)} has runs ${formatMinutes(interval)} apart; the minimum interval is ${formatMinutes(minimum)}`;
      reportViolation(violationMessage(DEPLOYMENT_SCHEDULE_INTERVAL, "Deployment", args.name, "schedule.cron", problem));
    }),
  };
}
