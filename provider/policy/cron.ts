// The cron arithmetic the policy pack needs: the shortest time between two runs of a deployment's schedule.
// Done here, not with croner: at run time the pack loads nothing outside provider/policy but the kinds' type
// tokens (test/unit/policy-pack.test.ts), and croner answers "when next", so a minimum over all time would
// mean enumerating runs over a horizon, which misses rare close pairs (a leap day, one month's burst). Sets of
// minutes, hours and days answer it exactly, in microseconds for most expressions.
//
// The dialect is the one provider/api/cron.ts accepts (standard 5 fields; numbers, `*`, ranges, steps, lists,
// three-letter month and weekday names; day of week 0–7, both 0 and 7 Sunday). An expression outside it gets
// no answer: the provider's check reports it. Days match as croner (the emulator's engine) matches them: when
// both day of month and day of week are restricted (neither is literally `*`), a day matching either fires.
//
// Time is the wall clock of the schedule's timezone, where the API matches it (api-deployments.md §2.2). The
// hour a DST change skips or repeats (a daily run firing twice on the fall-back night) is no interval the author
// wrote, so it is ignored: the answer is the interval as written.

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  min: number;
  max: number;
  /** The top of `*`: day of week spells Sunday 0 and 7, and `*` means each day once. */
  starMax?: number;
  /** Three-letter names, the first standing for `min`. */
  names?: readonly string[];
}

const MINUTE: Field = { min: 0, max: 59 };
const HOUR: Field = { min: 0, max: 23 };
const DAY_OF_MONTH: Field = { min: 1, max: 31 };
const MONTH: Field = { min: 1, max: 12, names: MONTHS };
const DAY_OF_WEEK: Field = { min: 0, max: 7, starMax: 6, names: WEEKDAYS };

/** A parsed expression: which values of each field fire, and how day of month and day of week combine. */
export interface CronSets {
  minutes: readonly number[];
  hours: readonly number[];
  /** Indexed by value: `daysOfMonth[1..31]`, `months[1..12]`, `daysOfWeek[0..6]` (Sunday 0). */
  daysOfMonth: readonly boolean[];
  months: readonly boolean[];
  daysOfWeek: readonly boolean[];
  /** Both day fields restricted: a day matching either fires. */
  eitherDay: boolean;
}

function fieldValue(text: string | undefined, field: Field): number | undefined {
  if (text === undefined) return undefined;
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  return /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}

/** The values a field fires on, or undefined when the text is outside the dialect. */
function fieldValues(text: string, field: Field): Set<number> | undefined {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const [range = "", stepText, ...extra] = part.split("/");
    if (extra.length > 0) return undefined;
    const step = stepText === undefined ? 1 : fieldValue(stepText, { min: 1, max: Number.MAX_SAFE_INTEGER });
    if (step === undefined || step < 1) return undefined;
    let low: number | undefined;
    let high: number | undefined;
    if (range === "*") {
      low = field.min;
      high = field.starMax ?? field.max;
    } else {
      const bounds = range.split("-");
      if (bounds.length > 2) return undefined;
      low = fieldValue(bounds[0], field);
      // `5/15` (a start and a step) runs to the top of the field, as in most crons.
      high = bounds.length === 2 ? fieldValue(bounds[1], field) : stepText === undefined ? low : field.max;
    }
    if (low === undefined || high === undefined || low < field.min || high > field.max || low > high) return undefined;
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return values;
}

function flags(values: Set<number>, size: number): boolean[] {
  return Array.from({ length: size }, (_, index) => values.has(index));
}

/** The sets of a standard 5-field expression, or undefined when it is not one. */
export function parseCron(expression: string): CronSets | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [minuteText, hourText, dayText, monthText, weekdayText] = parts as [string, string, string, string, string];
  const minutes = fieldValues(minuteText, MINUTE);
  const hours = fieldValues(hourText, HOUR);
  const days = fieldValues(dayText, DAY_OF_MONTH);
  const months = fieldValues(monthText, MONTH);
  const weekdays = fieldValues(weekdayText, DAY_OF_WEEK);
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    minutes: [...minutes].sort((a, b) => a - b),
    hours: [...hours].sort((a, b) => a - b),
    daysOfMonth: flags(days, 32),
    months: flags(months, 13),
    daysOfWeek: flags(weekdays, 7),
    eitherDay: dayText !== "*" && weekdayText !== "*",
  };
}

const MINUTES_PER_DAY = 24 * 60;
/** The Gregorian calendar repeats, weekdays included, every 400 years: 146097 days, a whole number of weeks. */
const CYCLE_START_YEAR = 2000;
const CYCLE_YEARS = 400;
const CYCLE_DAYS = 146097;
/** 2000-01-01 was a Saturday. */
const CYCLE_START_WEEKDAY = 6;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The fewest days between two consecutive days that fire, over one whole calendar cycle (so over all time),
 * or undefined when no day ever fires (`0 0 30 2 *`). Stops at the first pair of neighbouring days.
 */
function minimumDayGap(sets: CronSets): number | undefined {
  let index = 0;
  let weekday = CYCLE_START_WEEKDAY;
  let first: number | undefined;
  let previous: number | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (let year = CYCLE_START_YEAR; year < CYCLE_START_YEAR + CYCLE_YEARS; year++) {
    for (let month = 1; month <= 12; month++) {
      const length = daysInMonth(year, month);
      if (!sets.months[month]) {
        index += length;
        weekday = (weekday + length) % 7;
        continue;
      }
      for (let day = 1; day <= length; day++, index++, weekday = (weekday + 1) % 7) {
        const byDate = sets.daysOfMonth[day] === true;
        const byWeekday = sets.daysOfWeek[weekday] === true;
        if (!(sets.eitherDay ? byDate || byWeekday : byDate && byWeekday)) continue;
        if (previous === undefined) first = index;
        else best = Math.min(best, index - previous);
        if (best === 1) return 1;
        previous = index;
      }
    }
  }
  if (first === undefined || previous === undefined) return undefined;
  // The last firing day of one cycle and the first of the next are neighbours too.
  return Math.min(best, first + CYCLE_DAYS - previous);
}

/**
 * The fewest minutes between two consecutive runs of a standard 5-field cron expression, on the wall clock;
 * undefined when the expression is outside the dialect or never fires.
 *
 * Runs within one day are the hour × minute times; the closest pair across days is the last time of one firing
 * day and the first of the next, closest when those days are nearest each other. The smaller of the two is exact.
 */
export function minimumCronInterval(expression: string): number | undefined {
  const sets = parseCron(expression);
  if (!sets) return undefined;
  const dayGap = minimumDayGap(sets);
  if (dayGap === undefined) return undefined;
  const times = sets.hours.flatMap((hour) => sets.minutes.map((minute) => hour * 60 + minute));
  let best = dayGap * MINUTES_PER_DAY - times[times.length - 1]! + times[0]!;
  for (let index = 1; index < times.length; index++) best = Math.min(best, times[index]! - times[index - 1]!);
  return best;
}
