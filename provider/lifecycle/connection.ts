// The API client the lifecycle methods share inside the dynamic-provider process, built from the stack
// config that `configure` receives (`qoder:token`, `qoder:baseUrl`, `qoder:region`, and the retry budget)
// or the environment. The token never becomes a resource input and is never captured (DESIGN.md, "Credentials").
import { baseUrlForRegion, createClient, type QoderClient, type Region } from "../client";

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

const REGIONS: readonly string[] = ["intl", "cn"];

let settings: ConnectionSettings = {};
let client: QoderClient | undefined;

/** Keys are read with their namespace: without one, Pulumi would prefix the project name. */
export function configureConnection(config: ConfigReader): void {
  const region = config.get("qoder:region") || undefined;
  if (region !== undefined && !REGIONS.includes(region)) {
    throw new Error(`qoder:region must be "intl" or "cn" (or set qoder:baseUrl); got "${region}"`);
  }
  settings = {
    token: config.get("qoder:token") || undefined,
    baseUrl: config.get("qoder:baseUrl") || undefined,
    region: region as Region | undefined,
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
  const token = settings.token || process.env.QODER_ACCESS_TOKEN || process.env.QODER_PAT;
  if (!token) {
    throw new Error("No Qoder API token: run `pulumi config set --secret qoder:token <token>` or set QODER_ACCESS_TOKEN.");
  }
  const baseUrl = settings.baseUrl || process.env.QODER_BASE_URL || undefined;
  client = createClient({
    token,
    baseUrl,
    region: settings.region,
    deadlineMs: settings.deadlineMs,
    maxRetries: settings.maxRetries,
    userAgent: "pulumi-qoder",
  });
  return client;
}

/** What a failure message may say about the connection (its base URL), and the token it must never show. */
export function connectionFacts(): { baseUrl: string; secrets: string[] } {
  const baseUrl = settings.baseUrl || process.env.QODER_BASE_URL || baseUrlForRegion(settings.region ?? "intl");
  const secrets = [settings.token, process.env.QODER_ACCESS_TOKEN, process.env.QODER_PAT].filter((s): s is string => Boolean(s));
  return { baseUrl, secrets };
}
