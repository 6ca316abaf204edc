#!/usr/bin/env node
// CLI of the emulator (package bin `qoder-emulator`): parses flags, starts the server, prints the URLs.
// Usage: qoder-emulator --port <n> --token <t> [--token <t2> …] [--host <h>] [--state-file <path>] [--admin-token <t>]
import { parseArgs } from "node:util";
import { startEmulator } from "./index";

const USAGE =
  "Usage: qoder-emulator --token <token> [--token <token> ...] [--port <n>] [--host <host>] [--state-file <path>] [--admin-token <token>]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      token: { type: "string", multiple: true },
      "state-file": { type: "string" },
      "admin-token": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const tokens = values.token ?? [];
  const port = Number(values.port);
  if (tokens.length === 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator({
    port,
    host: values.host,
    tokens,
    stateFile: values["state-file"],
    adminToken: values["admin-token"],
  });
  const shutdown = (): void => {
    void emulator.stop().finally(() => process.exit(0));
  };
  // Before the URLs are printed: whoever waits for them may stop the process at once, and a signal that
  // arrived before the handlers would kill it without closing the server or writing the state file.
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  console.log(`qoder-emulator listening on ${emulator.url}`);
  console.log(`API base URL: ${emulator.baseUrl}`);
  console.log(`Admin API:    ${emulator.url}/_emulator`);
}

main().catch((error: unknown) => {
  console.error("qoder-emulator:", error instanceof Error ? error.message : error);
  process.exit(1);
});
