// The client a provider process builds: no dispatcher given, so the transport makes its own undici Agent, in
// a fresh Node.js process where nothing else has loaded undici. The other contract tests run beside the
// harness's own undici import, which would hide a transport that works only because someone else loaded it
// (an Agent loaded from undici's own module has no request() until the package index adds it).
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");

describe("the default dispatcher", () => {
  it("transport: a client built without a dispatcher reaches the API from a process that loaded nothing else", () => {
    const script = [
      'const { startEmulator } = require("./emulator");',
      'const { createClient } = require("./provider/client");',
      "(async () => {",
      '  const emulator = await startEmulator({ tokens: ["contract-default-dispatcher"], port: 0 });',
      "  try {",
      '    const undiciBefore = Object.keys(require.cache).some((file) => file.includes("/node_modules/undici/"));',
      '    const client = createClient({ token: "contract-default-dispatcher", baseUrl: emulator.baseUrl });',
      '    const created = await client.agents.create({ name: "reviewer", model: "auto" });',
      "    const listed = await client.agents.list().toArray();",
      "    console.log(JSON.stringify({ undiciBefore, id: created.id.slice(0, 6), listed: listed.length }));",
      "    await client.close();",
      "  } finally {",
      "    await emulator.stop();",
      "  }",
      "})().catch((err) => { console.error(err); process.exit(1); });",
    ].join("\n");
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ undiciBefore: false, id: "agent_", listed: 1 });
  });
});
