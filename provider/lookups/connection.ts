// The API client lookups use inside a Pulumi program: the same connection as the resources' provider, read
// from the stack config with `new pulumi.Config("qoder")` (`qoder:token`, `qoder:baseUrl`, `qoder:region`,
// `qoder:operationTimeoutSeconds`, `qoder:maxRetries`), with the environment fallbacks, their order and their
// errors of the client's resolveConnection, so a lookup and a resource of one stack always reach one account.
// The token is held in memory only: it is never an input, an output or part of a message.
import * as pulumi from "@pulumi/pulumi";
import { createClient, parseRegion, type QoderClient, requireToken, resolveConnection, type SettingNames } from "../client";

/** What lookups read the stack config through: `new pulumi.Config("qoder")` by default, a map in tests. */
export interface LookupConfig {
  get(key: string): string | undefined;
}

/** The connection of one lookup call. */
export interface LookupOptions {
  /** A client to use instead of one built from the stack config (a script outside Pulumi, another account). */
  client?: QoderClient;
  /** Cancels the call. */
  signal?: AbortSignal;
}

/** Messages name the stack config keys, as the provider's do. */
const KEYS: SettingNames = { baseUrl: "qoder:baseUrl", region: "qoder:region" };

/** One client per connection, reused by every lookup of a program run. */
const clients = new Map<string, QoderClient>();

/** Unqualified keys of the `qoder` namespace: `token` is `qoder:token`. */
function stackConfig(): LookupConfig {
  const config = new pulumi.Config("qoder");
  return { get: (key) => config.get(key) };
}

/** The client of `options`, else the one the stack config (and the environment) describe. */
export function lookupClient(options: LookupOptions | undefined, config: LookupConfig = stackConfig()): QoderClient {
  if (options?.client) return options.client;
  const region = parseRegion(config.get("region"), KEYS);
  const { baseUrl, token } = resolveConnection({ token: config.get("token"), baseUrl: config.get("baseUrl"), region }, KEYS);
  const deadlineSeconds = whole(config, "operationTimeoutSeconds", 1);
  const maxRetries = whole(config, "maxRetries", 0);
  const key = JSON.stringify([baseUrl, token, deadlineSeconds, maxRetries]);
  const known = clients.get(key);
  if (known) return known;
  const client = createClient({
    baseUrl,
    token: requireToken(token),
    deadlineMs: deadlineSeconds === undefined ? undefined : deadlineSeconds * 1000,
    maxRetries,
    userAgent: "pulumi-qoder",
  });
  clients.set(key, client);
  return client;
}

/** A whole number of at least `least`, as the provider reads the same keys. */
function whole(config: LookupConfig, key: string, least: number): number | undefined {
  const text = config.get(key)?.trim();
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least) throw new Error(`qoder:${key} must be a whole number of ${least} or more; got "${text}"`);
  return value;
}

/** Closes the clients lookups built (their idle connections never keep a program alive; tests close them). */
export async function closeLookupClients(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  await Promise.all(open.map((client) => client.close()));
}
