// The client a provider process builds: no dispatcher given, so the transport makes its own pool on node:http,
// in a fresh Node.js process. The other contract tests run beside the harness's own undici import, which would
// hide a transport that works only because someone else loaded something; and the provider process must not
// pay for loading undici (about 150 ms) on any path, an error answer included.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");

describe("the default dispatcher", () => {
  it("transport: a client built without a dispatcher reaches the API, and reads an error answer, without loading undici", () => {
    const script = [
      'const { startEmulator } = require("./emulator");',
      'const { createClient } = require("./provider/client");',
      "(async () => {",
      '  const emulator = await startEmulator({ tokens: ["contract-default-dispatcher"], port: 0 });',
      "  try {",
      '    const undici = () => Object.keys(require.cache).some((file) => file.includes("/node_modules/undici/"));',
      '    const client = createClient({ token: "contract-default-dispatcher", baseUrl: emulator.baseUrl });',
      '    const created = await client.agents.create({ name: "reviewer", model: "auto" });',
      "    const listed = await client.agents.list().toArray();",
      '    const missing = await client.agents.retrieve("agent_00000000000000000000000000000000").catch((err) => err.status);',
      "    console.log(JSON.stringify({ undici: undici(), id: created.id.slice(0, 6), listed: listed.length, missing }));",
      "    await client.close();",
      "  } finally {",
      "    await emulator.stop();",
      "  }",
      "})().catch((err) => { console.error(err); process.exit(1); });",
    ].join("\n");
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ undici: false, id: "agent_", listed: 1, missing: 404 });
  });
});
