// The API client the lifecycle methods share inside the dynamic-provider process, built from the stack
// config that `configure` received (settings.ts). Built on the first API call: a preview makes none.
import { createClient, type QoderClient, requireToken, resolveConnection } from "../client";
import { connectionSettings, KEYS, type ConnectionSettings } from "./settings";

export { configureConnection, connectionFacts, type ConfigReader, type ConnectionSettings } from "./settings";

let client: { settings: ConnectionSettings; client: QoderClient } | undefined;

export function apiClient(): QoderClient {
  const settings = connectionSettings();
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
