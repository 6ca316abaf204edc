// The stack config the dynamic-provider process is configured with (`qoder:token`, `qoder:baseUrl`,
// `qoder:region`, and the retry budget), as client options. This file only maps those keys: the environment
// fallbacks, their order and their errors belong to the client's resolveConnection, which the failure
// messages' connectionFacts use too. Apart from connection.ts, which builds the client, so that `configure`
// (the first call of every preview) loads the config rules and not every kind's client.
// The token never becomes a resource input and is never captured (DESIGN.md, "Credentials").
import { parseRegion, type Region, resolveBaseUrl, resolveToken, type SettingNames } from "../client/config";

export interface ConnectionSettings {
  token?: string;
  baseUrl?: string;
  region?: Region;
  /** Per operation, retries included: Pulumi's customTimeouts never reach a dynamic provider. */
  deadlineMs?: number;
  maxRetries?: number;
}

/** What `configure(req)` hands us: Pulumi's dynamic-provider config reader. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

/** Messages name the stack config keys, not the client's options. */
export const KEYS: SettingNames = { baseUrl: "qoder:baseUrl", region: "qoder:region" };

let settings: ConnectionSettings = {};

/** The settings of the last `configure` (a new object each time, so a client can tell it is out of date). */
export function connectionSettings(): ConnectionSettings {
  return settings;
}

/** Keys are read with their namespace: without one, Pulumi would prefix the project name. */
export function configureConnection(config: ConfigReader): void {
  settings = {
    token: config.get("qoder:token"),
    baseUrl: config.get("qoder:baseUrl"),
    // Checked here, so a bad region fails `configure` even in a preview that makes no call.
    region: parseRegion(config.get("qoder:region"), KEYS),
    deadlineMs: seconds(config, "qoder:operationTimeoutSeconds"),
    maxRetries: count(config, "qoder:maxRetries"),
  };
}

/** A deadline of 0 would fail every call before it is sent, so seconds start at 1. */
function seconds(config: ConfigReader, key: string): number | undefined {
  const value = count(config, key, 1);
  return value === undefined ? undefined : value * 1000;
}

function count(config: ConfigReader, key: string, least = 0): number | undefined {
  const text = config.get(key);
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) throw new Error(`${key} must be a whole number of ${least} or more; got "${text}"`);
  return value;
}

/**
 * What a failure message may say about the connection (its base URL), and the tokens it must never show:
 * the client's own resolution, so it names the URL the client uses. Never throws, since it describes failures:
 * with a base URL the client would refuse, it names none (the failure itself quotes the bad value).
 */
export function connectionFacts(): { baseUrl?: string; secrets: string[] } {
  const { secrets } = resolveToken(settings);
  try {
    return { baseUrl: resolveBaseUrl(settings, KEYS), secrets };
  } catch {
    return { secrets };
  }
}
