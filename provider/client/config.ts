// Client options and their resolution: base URL (region helper), token (option, then environment),
// user agent, beta headers, timeouts and retry budget. The one place that knows the connection's environment
// fallbacks (QODER_ACCESS_TOKEN, QODER_PAT, QODER_BASE_URL) and their errors: the provider's connection.ts maps
// stack config onto these options and resolves through here, so the provider and the client cannot disagree.
// Depends on undici's Dispatcher type, ./errors and ./redact.
import type { Dispatcher } from "undici";
import { QoderError } from "./errors";
import { redact } from "./redact";

/** International endpoint, the default (CONTRACT.md "Transport"). */
export const DEFAULT_BASE_URL = "https://api.qoder.com/api/v1/cloud";
/** China endpoint (CONTRACT.md "Transport"; its request limit is 4 MB). */
export const CN_BASE_URL = "https://api.qoder.com.cn/api/v1/cloud";

export type Region = "intl" | "cn";

export const REGIONS: readonly Region[] = ["intl", "cn"];

/** The base URL of a region; any other URL may still be passed as `baseUrl`. */
export function baseUrlForRegion(region: Region): string {
  return region === "cn" ? CN_BASE_URL : DEFAULT_BASE_URL;
}

/** Receives log lines that are already redacted. */
export interface Logger {
  debug(line: string): void;
}

export interface ClientOptions {
  /** Full base URL; falls back to `QODER_BASE_URL`, then `region`. */
  baseUrl?: string;
  region?: Region;
  /** Bearer token; falls back to `QODER_ACCESS_TOKEN`, then `QODER_PAT`. Blank values count as unset. */
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
  /** Environment used for the token and base URL fallbacks; defaults to `process.env`. */
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
  const { baseUrl, token } = resolveConnection(options);
  return {
    baseUrl,
    token,
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

/** The connection settings and the environment they fall back to. */
export type ConnectionOptions = Pick<ClientOptions, "baseUrl" | "region" | "token" | "env">;

/** How the caller calls its settings in error messages: the client's option names, or the provider's stack config keys. */
export interface SettingNames {
  baseUrl: string;
  region: string;
}

const OPTION_NAMES: SettingNames = { baseUrl: "baseUrl", region: "region" };

/** The error for a missing token, the same from the client and from the provider. */
export const NO_TOKEN_MESSAGE = "No Qoder API token: run `pulumi config set --secret qoder:token <token>`, or set QODER_ACCESS_TOKEN (or QODER_PAT).";

export interface Connection {
  /** Validated, trailing slashes dropped. */
  baseUrl: string;
  token: string | undefined;
  /** Every token that was given, used or not: what messages must mask. */
  secrets: string[];
}

/**
 * Every connection setting from its option or the environment: token (option → QODER_ACCESS_TOKEN → QODER_PAT),
 * base URL (option → QODER_BASE_URL → region → international). Values are trimmed and blank counts as unset.
 * Throws a QoderError for an unknown region or a base URL that is not an http(s) URL; a missing token is not an
 * error here (see requireToken), so a client can be built before one exists.
 */
export function resolveConnection(options: ConnectionOptions, names: SettingNames = OPTION_NAMES): Connection {
  return { baseUrl: resolveBaseUrl(options, names), ...resolveToken(options) };
}

/** The token and every token candidate to mask; never throws. */
export function resolveToken(options: ConnectionOptions): { token: string | undefined; secrets: string[] } {
  const env = options.env ?? process.env;
  const candidates = [options.token, env.QODER_ACCESS_TOKEN, env.QODER_PAT].map(nonBlank);
  const secrets = candidates.filter((value): value is string => value !== undefined);
  return { token: secrets[0], secrets };
}

/** The base URL the client sends to; validated early, so a typo fails when the client is built, not on the first call. */
export function resolveBaseUrl(options: ConnectionOptions, names: SettingNames = OPTION_NAMES): string {
  const env = options.env ?? process.env;
  const region = parseRegion(options.region, names);
  const given = nonBlank(options.baseUrl);
  const fromEnv = given === undefined ? nonBlank(env.QODER_BASE_URL) : undefined;
  const baseUrl = given ?? fromEnv ?? baseUrlForRegion(region ?? "intl");
  const protocol = URL.canParse(baseUrl) ? new URL(baseUrl).protocol : undefined;
  if (protocol !== "https:" && protocol !== "http:") {
    const source = given !== undefined ? names.baseUrl : "QODER_BASE_URL";
    const message = `${source} must be a full http(s) URL, such as ${DEFAULT_BASE_URL}; got "${baseUrl}"`;
    throw new QoderError(redact(message, resolveToken(options).secrets));
  }
  return baseUrl.replace(/\/+$/, "");
}

/** A region setting, blank meaning unset; anything but "intl" or "cn" is refused. */
export function parseRegion(value: string | undefined, names: SettingNames = OPTION_NAMES): Region | undefined {
  const region = nonBlank(value);
  if (region === undefined) return undefined;
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new QoderError(`${names.region} must be "intl" or "cn" (or set ${names.baseUrl}); got "${region}"`);
  }
  return region as Region;
}

/** The token, or the one "no token" error, thrown before anything is sent. */
export function requireToken(token: string | undefined): string {
  if (token === undefined) throw new QoderError(NO_TOKEN_MESSAGE);
  return token;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
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
