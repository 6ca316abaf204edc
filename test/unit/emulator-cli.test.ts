// The emulator's command line (emulator/main.ts, the `qoder-emulator` bin) as a spawned process: it starts,
// prints its URLs, answers with the token it was given, honours --admin-token and --state-file, and refuses to
// start without a token. Assertions are on answers, never on time (scripts/bench-emulator-start.mjs measures).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const TOKEN = "pt-cli-test-token";
const ADMIN = "cli-admin-secret";
const STARTUP_LIMIT_MS = 20_000;

interface Cli {
  child: ChildProcess;
  url: string;
  baseUrl: string;
  stdout: string;
}

function run(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "emulator/main.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
}

/** Starts the CLI on a free port and resolves once it printed its API base URL. */
function start(args: readonly string[]): Promise<Cli> {
  const child = run(["--port", "0", ...args]);
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed within ${STARTUP_LIMIT_MS}ms: ${stderr}`)), STARTUP_LIMIT_MS);
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /listening on (\S+)/.exec(stdout)?.[1];
      const baseUrl = /API base URL: (\S+)/.exec(stdout)?.[1];
      if (url === undefined || baseUrl === undefined) return;
      clearTimeout(timer);
      resolve({ child, url, baseUrl, stdout });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing its URL: ${stderr}`)));
  });
}

/** Stops a started CLI with SIGTERM, as Ctrl-C or a process manager would, and waits for it to exit. */
async function stop(cli: Cli | undefined): Promise<number | null> {
  if (!cli) return null;
  // A process ended by a signal has `exitCode` null and `signalCode` set; either means it is gone.
  if (cli.child.exitCode !== null || cli.child.signalCode !== null) return cli.child.exitCode;
  const exited = new Promise<number | null>((resolve) => cli.child.once("exit", (code) => resolve(code)));
  cli.child.kill("SIGTERM");
  return exited;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("emulator command line", () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = await start(["--token", TOKEN, "--admin-token", ADMIN]);
  }, STARTUP_LIMIT_MS + 5_000);
  afterAll(async () => {
    await stop(cli);
  });

  it("cli: prints the API base URL under the server URL", () => {
    expect(cli.baseUrl).toBe(`${cli.url}/api/v1/cloud`);
  });

  it("cli: answers GET /agents with the token it was given", async () => {
    const res = await fetch(`${cli.baseUrl}/agents`, { headers: bearer(TOKEN) });
    expect([res.status, await res.json()]).toEqual([200, { data: [], first_id: null, last_id: null, has_more: false, next_page: null }]);
  });

  it("cli: refuses any other token with 401", async () => {
    const res = await fetch(`${cli.baseUrl}/agents`, { headers: bearer("pt-some-other-token") });
    expect(res.status).toBe(401);
  });

  it("cli: --admin-token guards the admin API", async () => {
    const denied = await fetch(`${cli.url}/_emulator/health`);
    const allowed = await fetch(`${cli.url}/_emulator/health`, { headers: bearer(ADMIN) });
    expect([denied.status, allowed.status]).toEqual([401, 200]);
  });
});

describe("emulator command line, one process per test", () => {
  let dir: string | undefined;
  let cli: Cli | undefined;
  afterEach(async () => {
    await stop(cli);
    cli = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it(
    "cli: --state-file keeps objects across a restart",
    async () => {
      dir = await mkdtemp(join(tmpdir(), "qoder-cli-state-"));
      const stateFile = join(dir, "state.json");
      cli = await start(["--token", TOKEN, "--state-file", stateFile]);
      const created = await fetch(`${cli.baseUrl}/environments`, {
        method: "POST",
        headers: { ...bearer(TOKEN), "content-type": "application/json" },
        body: JSON.stringify({ name: "kept" }),
      });
      const { id } = (await created.json()) as { id: string };
      await stop(cli);
      cli = await start(["--token", TOKEN, "--state-file", stateFile]);
      const res = await fetch(`${cli.baseUrl}/environments/${id}`, { headers: bearer(TOKEN) });
      expect([res.status, ((await res.json()) as { name: string }).name]).toEqual([200, "kept"]);
    },
    2 * STARTUP_LIMIT_MS,
  );

  it("cli: a SIGTERM sent as soon as it prints shuts it down cleanly with exit code 0", async () => {
    const child = run(["--port", "0", "--token", TOKEN]);
    const exit = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(`${code}/${signal}`)));
    child.stdout?.once("data", () => child.kill("SIGTERM"));
    expect(await exit).toBe("0/null");
  });

  it("cli: without --token it prints the usage and exits with 2", async () => {
    const child = run(["--port", "0"]);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect([code, stderr.startsWith("Usage: qoder-emulator --token <token>")]).toEqual([2, true]);
  });
});
