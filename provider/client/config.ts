// Client options and their resolution: base URL (region helper), token (option, then environment),
// user agent, beta headers, timeouts and retry budget. Depends on nothing but undici's Dispatcher type.
import type { Dispatcher } from "undici";

/** International endpoint, the default (CONTRACT.md "Transport"). */
export const DEFAULT_BASE_URL = "https://api.qoder.com/api/v1/cloud";
/** China endpoint (CONTRACT.md "Transport"; its request limit is 4 MB). */
export const CN_BASE_URL = "https://api.qoder.com.cn/api/v1/cloud";

export type Region = "intl" | "cn";

/** The base URL of a region; any other URL may still be passed as `baseUrl`. */
export function baseUrlForRegion(region: Region): string {
  return region === "cn" ? CN_BASE_URL : DEFAULT_BASE_URL;
}

/** Receives log lines that are already redacted. */
export interface Logger {
  debug(line: string): void;
}

export interface ClientOptions {
  /** Full base URL; wins over `region`. */
  baseUrl?: string;
  region?: Region;
  /** Bearer token; falls back to `QODER_ACCESS_TOKEN`, then `QODER_PAT`. */
  token?: string;
  userAgent?: string;
  /** Sent as one `x-qoder-beta` header each (CONTRACT.md "Beta opt-in"). */
  betas?: readonly string[];
  /** Time allowed for one attempt. */
  timeoutMs?: number;
  /** Time allowed for one logical operation, retries and waits included. */
  deadlineMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Injected transport (tests use undici's MockAgent); the client then does not own or close it. */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** Environment used for the token fallback; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Clock, randomness and sleep are injectable so retry timing can be asserted without waiting. */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ResolvedConfig {
  baseUrl: string;
  token: string | undefined;
  userAgent: string;
  betas: readonly string[];
  timeoutMs: number;
  deadlineMs: number;
  maxRetries: number;
  logger: Logger | undefined;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_DEADLINE_MS = 5 * 60_000;
export const DEFAULT_MAX_RETRIES = 4;

export function resolveConfig(options: ClientOptions): ResolvedConfig {
  const env = options.env ?? process.env;
  const baseUrl = options.baseUrl ?? baseUrlForRegion(options.region ?? "intl");
  // Validate early so a typo fails at construction, not as a connection error on the first call.
  new URL(baseUrl);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    token: nonEmpty(options.token) ?? nonEmpty(env.QODER_ACCESS_TOKEN) ?? nonEmpty(env.QODER_PAT),
    userAgent: options.userAgent ?? `pulumi-qoder (node ${process.version})`,
    betas: options.betas ?? [],
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    logger: options.logger,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleep,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
