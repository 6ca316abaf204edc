// The policy pack's own cron arithmetic (provider/policy/cron.ts): the shortest interval between runs of a
// standard 5-field expression, exact over all time, checked by hand and against croner (the emulator's engine),
// which the pack itself must not load.
import { Cron } from "croner";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minimumCronInterval } from "../../provider/policy";

const DAY = 1440;

/** The shortest gap croner shows between `count` consecutive runs from `from`, on the UTC wall clock. */
function observedInterval(expression: string, from: Date, count: number): number {
  const runs = new Cron(expression, { timezone: "UTC", paused: true }).nextRuns(count, from);
  let best = Number.POSITIVE_INFINITY;
  for (let index = 1; index < runs.length; index++) best = Math.min(best, (runs[index]!.getTime() - runs[index - 1]!.getTime()) / 60_000);
  return best;
}

describe("minimumCronInterval", () => {
  it.each([
    ["* * * * *", 1],
    ["*/5 * * * *", 5],
    ["5/15 * * * *", 15],
    ["0 * * * *", 60],
    ["0,30 * * * *", 30],
    ["* 9 * * *", 1],
    ["0 8,20 * * *", 12 * 60],
    ["0 23,1 * * *", 2 * 60],
    ["*/15 9-17 * * 1-5", 15],
    ["0 9 * * *", DAY],
    ["30 9 * * MON-FRI", DAY],
    ["0 0 * * 1", 7 * DAY],
    ["0 0 * * 0,7", 7 * DAY],
    ["0 0 * * 5-7", DAY],
    ["0 0 1 * *", 28 * DAY],
    ["0 0 31 * *", 31 * DAY],
    ["0 0 1 1 *", 365 * DAY],
    ["0 0 29 2 *", 1461 * DAY],
    // Both day fields restricted: a day matching either fires (the 1st or a Monday; the 13th or a Friday).
    ["0 0 1 * 1", DAY],
    ["0 0 13 * 5", DAY],
    ["0 0 1 * */7", DAY],
    ["0 12 1,15 * *", 14 * DAY],
    ["0,59 0,23 * * *", 1],
  ])("%s: runs at least %i minutes apart", (expression, minutes) => {
    expect(minimumCronInterval(expression)).toBe(minutes);
  });

  it.each(["0 0 30 2 *", "0 0 31 4,6,9,11 *"])("%s: never fires, so there is no interval", (expression) => {
    expect(minimumCronInterval(expression)).toBeUndefined();
  });

  it.each(["@daily", "0 0 * *", "0 0 * * * *", "60 * * * *", "0 0 L * *", "0 0 * * MON#2", "*/0 * * * *", "5-1 * * * *", "x * * * *"])(
    "%s: outside the dialect, so no answer (the provider's check reports it)",
    (expression) => {
      expect(minimumCronInterval(expression)).toBeUndefined();
    },
  );

  const value = (min: number, max: number) => fc.integer({ min, max }).map(String);
  const field = (min: number, max: number) =>
    fc.oneof(
      value(min, max),
      fc.integer({ min: 2, max: Math.max(2, Math.floor((max - min) / 2)) }).map((step) => `*/${step}`),
      fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((values) => values.join(",")),
      fc
        .tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.integer({ min: 1, max: 5 }))
        .map(([a, b, step]) => `${Math.min(a, b)}-${Math.max(a, b)}/${step}`),
    );
  const dayOfWeek = fc.oneof(fc.constant("*"), field(0, 7));

  it("never claims runs further apart than croner schedules them", () => {
    const expressions = fc
      .tuple(field(0, 59), field(0, 23), fc.oneof(fc.constant("*"), field(1, 31)), fc.oneof(fc.constant("*"), field(1, 12)), dayOfWeek)
      .map((fields) => fields.join(" "));
    const starts = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2399-01-01T00:00:00Z"), noInvalidDate: true });
    fc.assert(
      fc.property(expressions, starts, (expression, from) => {
        const interval = minimumCronInterval(expression);
        const observed = observedInterval(expression, from, 100);
        if (interval === undefined) expect(observed).toBe(Number.POSITIVE_INFINITY);
        else expect(interval).toBeLessThanOrEqual(observed);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("matches croner exactly where two weeks show every gap (any day of month, any month)", () => {
    // Few runs a day, so 400 runs cover more than two weeks.
    const minute = fc.oneof(
      value(0, 59),
      fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 2, maxLength: 3 }).map((v) => v.join(",")),
    );
    const hour = fc.oneof(
      value(0, 23),
      fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 4 }).map((v) => v.join(",")),
      fc.constant("*/6"),
    );
    const expressions = fc.tuple(minute, hour, dayOfWeek).map(([m, h, w]) => `${m} ${h} * * ${w}`);
    fc.assert(
      fc.property(expressions, (expression) => {
        expect(minimumCronInterval(expression)).toBe(observedInterval(expression, new Date("2026-01-01T00:00:00Z"), 400));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
