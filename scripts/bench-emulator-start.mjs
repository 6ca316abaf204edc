#!/usr/bin/env node
// `npm run bench:emulator`: how fast the emulator's command line comes up. For each way of starting it
// (the package bin as built, and `npm run emulator`, which runs the TypeScript through tsx) it spawns the
// process, polls `GET /api/v1/cloud/agents` until the first answer, then asks curl for the same URL, and
// prints the milliseconds from spawn to first answer and curl's own total time. Prints numbers; asserts nothing.
//
// Usage: node scripts/bench-emulator-start.mjs [--runs <n>] [--only bin|npm]
// The bin needs `npm run build` first (dist/emulator/main.js).
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "dist", "emulator", "main.js");
// A throwaway token for a local process; not a secret, and still never printed.
const TOKEN = "pt-bench-emulator";
const POLL_EVERY_MS = 5;
const GIVE_UP_MS = 30_000;

const MODES = {
  bin: { label: "node dist/emulator/main.js", command: (port) => [process.execPath, [BIN, "--port", port, "--token", TOKEN]] },
  npm: { label: "npm run emulator --", command: (port) => ["npm", ["run", "--silent", "emulator", "--", "--port", port, "--token", TOKEN]] },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(String(port)));
    });
  });
}

/** One GET of the agents list; resolves with the status, rejects while nothing listens yet. */
function getAgents(port) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/api/v1/cloud/agents", headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
}

async function firstAnswer(port, started, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the emulator exited with code ${child.exitCode} before answering`);
    if (performance.now() - started > GIVE_UP_MS) throw new Error(`no answer within ${GIVE_UP_MS}ms`);
    try {
      const status = await getAgents(port);
      return { status, ms: performance.now() - started };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
  }
}

/** curl's own measurement of one request, in milliseconds (`%{time_total}` is in seconds). */
function curlAgents(port) {
  const out = execFileSync(
    "curl",
    [
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{time_total}",
      "-H",
      `Authorization: Bearer ${TOKEN}`,
      `http://127.0.0.1:${port}/api/v1/cloud/agents`,
    ],
    { encoding: "utf8" },
  );
  const [status, seconds] = out.trim().split(" ");
  return { status: Number(status), ms: Number(seconds) * 1000 };
}

/** Stops the process group the run started (npm → sh → tsx → node), by its id. */
async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  await exited;
}

async function runOnce(mode) {
  const port = await freePort();
  const [command, args] = MODES[mode].command(port);
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  try {
    const first = await firstAnswer(port, started, child);
    const curl = curlAgents(port);
    return { startMs: first.ms, firstStatus: first.status, curlMs: curl.ms, curlStatus: curl.status };
  } catch (error) {
    throw new Error(`${MODES[mode].label}: ${error.message}${stderr ? `\n${stderr}` : ""}`);
  } finally {
    await stop(child);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)}ms`;

async function main() {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, only: { type: "string" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
  const modes = values.only ? [values.only] : Object.keys(MODES);
  for (const mode of modes) if (!(mode in MODES)) throw new Error(`--only must be one of ${Object.keys(MODES).join(", ")}`);
  if (modes.includes("bin") && !existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  console.log(`emulator start-up, ${runs} run(s) per command (Node ${process.version})`);
  for (const mode of modes) {
    const results = [];
    for (let run = 0; run < runs; run++) results.push(await runOnce(mode));
    const statuses = [...new Set(results.flatMap((r) => [r.firstStatus, r.curlStatus]))].join(",");
    const starts = results.map((r) => r.startMs);
    const curls = results.map((r) => r.curlMs);
    console.log(`${MODES[mode].label}`);
    console.log(`  spawn → first answer: median ${fmt(median(starts))}  min ${fmt(Math.min(...starts))}  max ${fmt(Math.max(...starts))}`);
    console.log(
      `  curl GET /agents:     median ${fmt(median(curls))}  min ${fmt(Math.min(...curls))}  max ${fmt(Math.max(...curls))}  (HTTP ${statuses})`,
    );
  }
}

main().catch((error) => {
  console.error(`bench-emulator-start: ${error.message}`);
  process.exit(1);
});
