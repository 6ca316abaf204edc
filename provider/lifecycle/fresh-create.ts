// Whether a create's answer was made by this very call, or replayed from an earlier one under the same
// Idempotency-Key (CONTRACT.md "Transport": the first response is replayed for 24 hours). Told from what the
// contract gives every answer: the object's `created_at` and the response's `Date` header, read against how
// long the call took on our own clock. No undocumented header (the emulator's `idempotent-replayed`) is used.
import { answerFacts } from "../client/answer-facts";

/** The `Date` header counts whole seconds (RFC 9110 §5.6.7), truncated: the answer left within 1 s after it. */
const DATE_RESOLUTION_MS = 1000;
/**
 * How far a Date may trail the instant its answer left. Servers cache the Date string and renew it when the
 * second turns over (Node's http server on a timer, nginx once per event-loop turn), so a busy server stamps
 * the previous second for as long as its event loop stalls: measured against the emulator with 400 ms stalls,
 * 12 of 60 fresh creates had a created_at up to 391 ms past Date + 1 s.
 */
const DATE_LAG_TOLERANCE_MS = 1000;
/**
 * How far our clock may run ahead of the server's (plus that lag) before a Date looks replayed. It only ever
 * sends a create to the verifying read, so a badly set clock costs one request per create, never a wrong answer.
 */
const LOCAL_CLOCK_TOLERANCE_MS = 2000;

/**
 * True when `answer` is an object the API created while this call was in flight, so it cannot be a replay of
 * an earlier create whose object has been archived or deleted since. A fresh object was created after the
 * request arrived, and so at most the call's own duration (from before its first attempt to its answer:
 * retries, backoff and waits for the rate budget included) before the answer's Date:
 *
 *     Date - created_at ≤ answeredAt - sentAt
 *
 * Date and created_at are both read on the server's clock and the right side is a duration on ours, so no
 * offset between the clocks enters. A replay names an object made before this call was sent; it passes only
 * when that object is less than the Date's truncation older than the call (1 s; 2 s for a whole-second
 * `created_at`, as files and deployments print it): created, destroyed and asked for again with the same body
 * within a second or two (plus however long the server's Date lagged, see DATE_LAG_TOLERANCE_MS).
 * Across Pulumi runs that does not happen in practice (a destroy needs a run of its own, and a run takes
 * seconds to reach its first create); within one provider process the engine reads back any answer naming
 * an object the process created or destroyed before (a delete-before-replace with an unchanged body). Without a Date or a `created_at`, or with clocks that
 * disagree, the answer is not fresh, and the caller reads the object back as it always did.
 */
export function isFreshCreate(answer: object): boolean {
  const facts = answerFacts(answer);
  const created = createdAtBounds((answer as { createdAt?: unknown }).createdAt);
  if (facts?.date === undefined || created === undefined) return false;
  const { date, sentAt, receivedAt } = facts;
  // A Date from before the call: headers stored and replayed with the body would carry the first answer's.
  if (date + DATE_RESOLUTION_MS + LOCAL_CLOCK_TOLERANCE_MS < sentAt) return false;
  // Created after the answer left, even for a lagging Date: the server's clocks disagree, and the rule
  // below means nothing then (a created_at clock far ahead would let old replays pass).
  if (created.earliest >= date + DATE_RESOLUTION_MS + DATE_LAG_TOLERANCE_MS) return false;
  return date - created.latest <= Math.max(0, receivedAt - sentAt);
}

/**
 * The instants a `created_at` may stand for: it names the start of a unit its last digit counts (a whole
 * second without a fraction, as files and deployments print it), and Date.parse keeps milliseconds only.
 */
function createdAtBounds(value: unknown): { earliest: number; latest: number } | undefined {
  if (typeof value !== "string") return undefined;
  const earliest = Date.parse(value);
  if (Number.isNaN(earliest)) return undefined;
  const digits = /T\d{2}:\d{2}:\d{2}[.,](\d+)/.exec(value)?.[1]?.length ?? 0;
  return { earliest, latest: earliest + Math.max(1, 1000 / 10 ** digits) };
}
