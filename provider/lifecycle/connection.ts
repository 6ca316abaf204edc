// The API client the lifecycle methods share inside the dynamic-provider process, built from the stack
// config that `configure` received (settings.ts). Built on the first API call, and the client's modules (the
// wire schemas, zod, the transport) load only then: a preview's checks and diffs make no call and load none.
import type { QoderClient } from "../client";
import { connectionSettings, KEYS, type ConnectionSettings } from "./settings";

export { configureConnection, connectionFacts, type ConfigReader, type ConnectionSettings } from "./settings";

let client: { settings: ConnectionSettings; client: QoderClient } | undefined;

export async function apiClient(): Promise<QoderClient> {
  const settings = connectionSettings();
  if (client?.settings === settings) return client.client;
  // `import()`, not `require`: a test runner that loads these modules itself hands back its own copy.
  const { createClient, requireToken, resolveConnection } = await import("../client/index.js");
  if (client?.settings === settings) return client.client;
  const { baseUrl, token } = resolveConnection(settings, KEYS);
  const built = createClient({
    token: requireToken(token),
    baseUrl,
    deadlineMs: settings.deadlineMs,
    maxRetries: settings.maxRetries,
    userAgent: "pulumi-qoder",
  });
  client = { settings, client: built };
  return built;
}
