// Time-ordered ids (`<prefix>_` + 32 lowercase hex, UUIDv7-shaped) and server timestamps for the emulator.
// Depends on node:crypto only.
import { randomBytes } from "node:crypto";

let lastMillis = 0;
let sequence = 0;

/**
 * A new id whose hex sorts in creation order, also within one millisecond (a 12-bit sequence follows the
 * 48-bit time), so "newest first" is "highest id first" (CONTRACT.md "Lists": ids are time-ordered).
 */
export function newId(prefix: string): string {
  let millis = Date.now();
  if (millis <= lastMillis) {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMillis += 1;
      sequence = 0;
    }
    millis = lastMillis;
  } else {
    lastMillis = millis;
    sequence = 0;
  }
  const time = millis.toString(16).padStart(12, "0").slice(-12);
  const seq = sequence.toString(16).padStart(3, "0");
  const random = randomBytes(8).toString("hex");
  const variant = ((parseInt(random.slice(0, 1), 16) & 0x3) | 0x8).toString(16);
  return `${prefix}_${time}7${seq}${variant}${random.slice(1, 16)}`;
}

let lastMicros = 0n;

/**
 * The current time as the API prints it: RFC 3339 UTC with microseconds and trailing zeros dropped
 * (e.g. `2026-05-18T15:26:39.61669Z`, CONTRACT.md "Shared shapes"). Strictly increasing within a process.
 */
export function nowTimestamp(): string {
  let micros = BigInt(Date.now()) * 1000n + ((process.hrtime.bigint() / 1000n) % 1000n);
  if (micros <= lastMicros) micros = lastMicros + 1n;
  lastMicros = micros;
  const seconds = new Date(Number(micros / 1000n)).toISOString().slice(0, 19);
  const fraction = (micros % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${seconds}.${fraction}Z` : `${seconds}Z`;
}
