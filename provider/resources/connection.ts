// The API client the lifecycle methods share inside the dynamic-provider process, built from the stack
// config that `configure` receives (`qoder:token`, `qoder:baseUrl`, `qoder:region`) or the environment.
// The token never becomes a resource input and is never captured (DESIGN.md, "Credentials").
import { createClient, type QoderClient, type Region } from "../client";

export interface ConnectionSettings {
  token?: string;
  baseUrl?: string;
  region?: Region;
}

/** What `configure(req)` hands us: Pulumi's dynamic-provider config reader. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

let settings: ConnectionSettings = {};
let client: QoderClient | undefined;

/** Keys are read with their namespace: without one, Pulumi would prefix the project name. */
export function configureConnection(config: ConfigReader): void {
  settings = {
    token: config.get("qoder:token") || undefined,
    baseUrl: config.get("qoder:baseUrl") || undefined,
    region: (config.get("qoder:region") || undefined) as Region | undefined,
  };
  client = undefined;
}

export function apiClient(): QoderClient {
  if (client) return client;
  const token = settings.token ?? process.env.QODER_ACCESS_TOKEN ?? process.env.QODER_PAT;
  if (!token) {
    throw new Error(
      "No Qoder API token: run `pulumi config set --secret qoder:token <token>` or set QODER_ACCESS_TOKEN.",
    );
  }
  const baseUrl = settings.baseUrl ?? process.env.QODER_BASE_URL;
  client = createClient({ token, baseUrl, region: settings.region, userAgent: "pulumi-qoder" });
  return client;
}
