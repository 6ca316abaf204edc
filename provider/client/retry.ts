// Retry policy for the transport: which answers are retried, the backoff curve and `Retry-After` parsing.
// Pure functions (clock and randomness are passed in) so retry timing is unit-testable. Depends on nothing.

/** Backoff before the first retry, doubled per attempt up to MAX_BACKOFF_MS. */
export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;

/**
 * Connection errors and these statuses are retried: 408, 429 and 5xx are what the gateway answers under
 * load (CONTRACT.md "Rate limits"). Every other 4xx is final; in particular 409 is an optimistic-concurrency
 * or in-use conflict that a retry would only hide (DESIGN.md "Reliability rules").
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A throttle rather than a failure: a 429, or a 503 that says when to come back. The whole origin then waits
 * (rate-budget.ts); a 503 without Retry-After is an ordinary server failure.
 */
export function isThrottle(status: number, retryAfterMs: number | undefined): boolean {
  return status === 429 || (status === 503 && retryAfterMs !== undefined);
}

/**
 * Jittered exponential backoff for retry number `retry` (0 = first retry): the nominal delay
 * 500 ms·2ⁿ (≤ 8 s) scaled into [50 %, 100 %] so that clients throttled together do not retry together.
 */
export function backoffDelay(retry: number, random: () => number): number {
  const nominal = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** retry);
  return Math.round(nominal * (0.5 + random() / 2));
}

/**
 * Parses `Retry-After` as delta-seconds (decimals tolerated) or an HTTP date, returning milliseconds
 * from `nowMs`, or undefined when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
