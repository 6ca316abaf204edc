// The API client the lifecycle methods share inside the dynamic-provider process, built from the stack
// config that `configure` receives (`qoder:token`, `qoder:baseUrl`, `qoder:region`, and the retry budget).
// This file only maps those keys to client options: the environment fallbacks, their order and their errors
// belong to the client's resolveConnection, which the failure messages' connectionFacts use too.
// The token never becomes a resource input and is never captured (DESIGN.md, "Credentials").
import {
  createClient,
  parseRegion,
  type QoderClient,
  type Region,
  requireToken,
  resolveBaseUrl,
  resolveConnection,
  resolveToken,
  type SettingNames,
} from "../client";

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
const KEYS: SettingNames = { baseUrl: "qoder:baseUrl", region: "qoder:region" };

let settings: ConnectionSettings = {};
let client: QoderClient | undefined;

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
  client = undefined;
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

export function apiClient(): QoderClient {
  if (client) return client;
  const { baseUrl, token } = resolveConnection(settings, KEYS);
  client = createClient({
    token: requireToken(token),
    baseUrl,
    deadlineMs: settings.deadlineMs,
    maxRetries: settings.maxRetries,
    userAgent: "pulumi-qoder",
  });
  return client;
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
