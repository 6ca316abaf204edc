// A deployment's schedule as the API reads it (api-deployments.md §2.2, §11.5): a standard 5-field cron
// expression checked field by field, an IANA timezone, the next fire times in that timezone, and the sentence
// a reviewer reads in a preview. The schedule arithmetic is croner's and the wording cronstrue's; what counts
// as valid is decided here, before either sees the text, so both the provider and the emulator refuse alike.
import { Cron } from "croner";
import cronstrue from "cronstrue";

export const CRON_LIMITS = { expressionMax: 256, upcomingRuns: 5 } as const;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Three-letter names, the first standing for `min`. */
  names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  // 0 and 7 both mean Sunday.
  { name: "day of week", min: 0, max: 7, names: WEEKDAYS },
];

function fieldValue(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** What is wrong with one comma-separated part of a field (`*`, `5`, `1-5`, `*\/15`, `MON-FRI/2`), if anything. */
function partProblem(part: string, field: CronField): string | undefined {
  const [range = "", step, ...extra] = part.split("/");
  if (extra.length > 0) return `"${part}" has more than one "/"`;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return `"${part}" needs a whole step of 1 or more after "/"`;
  if (range === "*") return undefined;
  const bounds = range.split("-");
  if (bounds.length > 2) return `"${part}" is not a value or a range`;
  const values = bounds.map((bound) => fieldValue(bound, field));
  if (values.some((value) => value === undefined)) {
    const names = field.names ? ` or ${field.names[0]}–${field.names[field.names.length - 1]}` : "";
    return `"${part}" is not a number${names}`;
  }
  if (values.some((value) => value! < field.min || value! > field.max)) return `"${part}" is outside ${field.min}–${field.max}`;
  if (values.length === 2 && values[0]! > values[1]!) return `"${part}" runs backwards`;
  return undefined;
}

/**
 * Why an expression is not a standard 5-field cron expression, or undefined when it is: minute, hour, day of
 * month, month and day of week; numbers, `*`, ranges, steps, lists, and three-letter month and weekday names.
 * No seconds or year field, no `@daily` shortcuts, no `L W # ?` (api-deployments.md §11.5).
 */
export function cronProblem(expression: string): string | undefined {
  if (expression.length > CRON_LIMITS.expressionMax) return `must be at most ${CRON_LIMITS.expressionMax} characters`;
  const text = expression.trim();
  if (text.startsWith("@")) return `shortcuts such as "${text.split(/\s/)[0]}" are not accepted; write the 5 fields (e.g. "0 0 * * *")`;
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length) {
    return `must have 5 fields (minute hour day-of-month month day-of-week); "${expression}" has ${parts.length}`;
  }
  for (const [index, text] of parts.entries()) {
    const field = FIELDS[index]!;
    if (/[LW#?]/i.test(text.replace(/[A-Z]{3}/gi, (name) => (fieldValue(name, field) === undefined ? name : "0")))) {
      return `${field.name} "${text}": L, W, # and ? are not accepted`;
    }
    for (const part of text.split(",")) {
      const problem = part === "" ? "has an empty list item" : partProblem(part, field);
      if (problem) return `${field.name} ${problem}`;
    }
  }
  return undefined;
}

/** Why a timezone is not an IANA zone name (`Europe/Berlin`, `UTC`), or undefined when it is. */
export function timezoneProblem(timezone: string): string | undefined {
  // Intl also takes offsets such as "+01:00", which are no IANA names.
  const valid =
    /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timezone) &&
    (() => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: timezone });
        return true;
      } catch {
        return false;
      }
    })();
  return valid ? undefined : `"${timezone}" is not an IANA timezone name such as "Europe/Berlin" or "UTC"`;
}

/** A whole-second UTC timestamp as the API prints it: `2026-06-15T01:30:00Z`. */
export function wholeSecondUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The next `count` fire times after `from`, matched on the wall clock of `timezone`, as UTC timestamps. */
export function upcomingRuns(expression: string, timezone: string, from: Date = new Date(), count: number = CRON_LIMITS.upcomingRuns): string[] {
  const cron = new Cron(expression.trim(), { timezone, paused: true });
  return cron.nextRuns(count, from).map(wholeSecondUtc);
}

/** "At 09:30, Monday through Friday (Europe/Berlin)": what a reviewer reads in a preview. */
export function describeSchedule(expression: string, timezone: string): string {
  const sentence = cronstrue.toString(expression.trim(), { use24HourTimeFormat: true, verbose: false });
  return `${sentence} (${timezone})`;
}
