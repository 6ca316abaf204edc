// Failures through the real CLI: a token the API rejects and an API nobody answers make `pulumi refresh` and
// `pulumi up` print one paragraph (what failed, why, what to do), no JavaScript stack; `--debug` shows it.
// Also what docs/troubleshooting-errors.md says about state: the token is kept, encrypted, with the default
// provider, and refresh uses that stored value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ENGINE_TOKEN, fleetStack, type FleetStack } from "../support/fleet-engine";
import type { CommandResult } from "../support/pulumi";

const program = `
const qoder = require("pulumi-qoder");
new qoder.Agent("reviewer", { name: "reviewer", model: "auto", system: "review" });
`;
const REVOKED_BY = "pt-engine-other-token-not-the-stored-one";
const WRONG_TOKEN = "pt-engine-wrong-token-do-not-leak-either";
/**
 * One failed resource: the engine's progress lines, its Diagnostics section and the summary. Before errors were
 * paragraphs, the same refresh printed 40 lines, 14 of them stack frames, and more per failing resource.
 */
const MAX_LINES = 30;
/** The Diagnostics section: the stack's own "update failed" and the resource's paragraph. */
const MAX_DIAGNOSTIC_LINES = 10;

function output(result: CommandResult): string {
  return `${result.stdout}\n${result.stderr}`.trim();
}

/** The error part is short, holds no stack frame and no token. */
function expectQuiet(text: string): void {
  expect(text, text).not.toMatch(/^\s+at .+/m);
  expect(text.split("\n").length, text).toBeLessThan(MAX_LINES);
  const diagnostics = /^Diagnostics:\n([\s\S]*?)^Resources:/m.exec(text)?.[1] ?? "";
  expect(diagnostics.trim().split("\n").length, text).toBeLessThan(MAX_DIAGNOSTIC_LINES);
  for (const token of [ENGINE_TOKEN, REVOKED_BY, WRONG_TOKEN]) expect(text).not.toContain(token);
}

describe("provider failures through the engine", () => {
  let stack: FleetStack;
  /** The API the stack talks to once its first emulator was stopped (undefined: nobody answers). */
  let account: RunningEmulator | undefined;
  let firstStopped = false;

  beforeAll(async () => {
    stack = await fleetStack("errors-engine", program);
    await stack.project.up();
  });
  afterAll(async () => {
    stack?.project.dispose();
    await account?.stop();
    if (!firstStopped) await stack?.emulator.stop();
  });

  it("errors: state keeps the token encrypted in the default provider's inputs", async () => {
    const state = JSON.parse(await stack.project.exportState()) as {
      deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
    };
    const provider = state.deployment.resources.find((resource) => resource.type === "pulumi:providers:pulumi-nodejs");
    expect(provider?.inputs?.["qoder:token"]).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" });
    expect(JSON.stringify(state)).not.toContain(ENGINE_TOKEN);
  });

  it("errors: refresh uses the token stored in state after `pulumi config rm qoder:token`", async () => {
    await stack.project.run(["config", "rm", "qoder:token"]);
    await stack.project.refresh();
  });

  it("errors: refresh against an API nobody answers is one paragraph naming qoder:baseUrl", async () => {
    await stack.emulator.stop();
    firstStopped = true;
    const result = await stack.project.run(["refresh", "--yes", "--skip-preview"], 1);
    const text = output(result);
    expectQuiet(text);
    // Usually nothing listens on the emulator's port any more; on a busy machine another process (a Pulumi
    // plugin's gRPC server) may take it in between, and the connection then fails with its answer instead.
    expect(text).toMatch(
      /Qoder Agent "reviewer" \(agent_\w+\): refresh \(read\) failed: could not reach the Qoder API at http:\/\/[\d.:]+\/api\/v1\/cloud: (nothing accepts connections there|the connection failed)/,
    );
    expect(text).toContain("Check qoder:baseUrl");
  });

  it("errors: --debug shows the stack trace of the same failure", async () => {
    const result = await stack.project.run(["refresh", "--yes", "--skip-preview", "--debug"], 1);
    expect(output(result)).toMatch(/^\s*(debug: )?\s*at .+/m);
  });

  it("errors: refresh with a token the API rejects is one paragraph naming qoder:token", async () => {
    // The account revoked the stored token: the same API now accepts another one only.
    account = await startEmulator({ tokens: [REVOKED_BY], port: stack.emulator.port });
    const result = await stack.project.run(["refresh", "--yes", "--skip-preview"], 1);
    const text = output(result);
    expectQuiet(text);
    expect(text).toMatch(
      /Qoder Agent "reviewer" \(agent_\w+\): refresh \(read\) failed: the Qoder API rejected the token \(GET \/agents\/agent_\w+: 401 /,
    );
    expect(text).toContain("pulumi config set --secret qoder:token");
  });

  it("errors: a new token reaches refresh only after an up has stored it", async () => {
    await stack.project.setConfig("qoder:token", REVOKED_BY, { secret: true });
    await stack.project.run(["refresh", "--yes", "--skip-preview"], 1);
    await stack.project.up();
    await stack.project.refresh();
  });

  it("errors: up with a wrong token is one paragraph naming qoder:token", async () => {
    const fresh = await fleetStack("errors-engine-up", program);
    try {
      await fresh.project.setConfig("qoder:token", WRONG_TOKEN, { secret: true });
      const result = await fresh.project.run(["up", "--yes", "--skip-preview"], 1);
      const text = output(result);
      expectQuiet(text);
      expect(text).toMatch(/Qoder Agent "reviewer": create failed: the Qoder API rejected the token \(POST \/agents: 401 /);
    } finally {
      await fresh.dispose();
    }
  });
});
