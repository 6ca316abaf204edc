#!/usr/bin/env node
// Finds or builds the pinned actionlint, the linter of GitHub Actions workflows, for the tests and by hand.
// Order: `actionlint` on PATH at the pinned version, then the cache
// (${XDG_CACHE_HOME:-~/.cache}/pulumi-qoder/actionlint/<version>/actionlint), then a build from the Go module
// proxy into that cache (`go install github.com/rhysd/actionlint/cmd/actionlint@v<version>`).
// Usage: node scripts/actionlint.mjs [--print-path | <actionlint arguments>…]   (import { ensureActionlint } from code)
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The pinned version: the Go module proxy serves it, and its findings are what the tests expect. */
export const ACTIONLINT_VERSION = "1.7.12";
const MODULE = "github.com/rhysd/actionlint/cmd/actionlint";

export function cacheDir(version = ACTIONLINT_VERSION) {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-qoder", "actionlint", version);
}

/** The version an actionlint binary reports (`v1.7.12` on its first line), or undefined. */
function versionOf(binary) {
  const result = spawnSync(binary, ["-version"], { encoding: "utf8" });
  if (result.status !== 0) return undefined;
  return /^v?(\d+\.\d+\.\d+)/.exec((result.stdout || "").trim())?.[1];
}

/**
 * Returns { path, version, source } of an actionlint at the pinned version, building it when none is found.
 * A build needs `go` on PATH; it is serialized by a lock directory, so concurrent callers build once.
 */
export async function ensureActionlint({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const version = ACTIONLINT_VERSION;
  const onPath = findOnPath("actionlint");
  if (onPath && versionOf(onPath) === version) return { path: onPath, version, source: "PATH" };

  const dir = cacheDir(version);
  const cached = path.join(dir, "actionlint");
  if (fs.existsSync(cached) && versionOf(cached) === version) return { path: cached, version, source: "cache" };

  if (!findOnPath("go")) {
    throw new Error(
      [
        `No actionlint ${version} found (looked on PATH and in ${dir}) and no Go toolchain to build one.`,
        "Install Go (https://go.dev/dl/), or install actionlint itself:",
        `  go install ${MODULE}@v${version}`,
        "  (or see https://github.com/rhysd/actionlint/blob/main/docs/install.md)",
      ].join("\n"),
    );
  }
  await buildInto(dir, version, log);
  if (versionOf(cached) !== version) throw new Error(`built actionlint in ${dir} but it does not report version ${version}`);
  return { path: cached, version, source: "built" };
}

async function buildInto(dir, version, log) {
  const lockDir = `${dir}.lock`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  await acquireLock(lockDir, log);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (fs.existsSync(path.join(dir, "actionlint")) && versionOf(path.join(dir, "actionlint")) === version) return;
    const staging = `${dir}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    log(`Building actionlint v${version} from the Go module proxy into ${dir} (about a minute the first time).`);
    const started = Date.now();
    await goInstall(staging, version, log);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    log(`actionlint ready in ${Math.round((Date.now() - started) / 1000)} s: ${path.join(dir, "actionlint")}`);
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function goInstall(gobin, version, log) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    // Outside any module, so this repository's files play no part; GOFLAGS from the caller could, so it is cleared.
    const child = spawn("go", ["install", "-trimpath", `${MODULE}@v${version}`], {
      cwd: os.tmpdir(),
      env: { ...process.env, GOBIN: gobin, CGO_ENABLED: "0", GOFLAGS: "" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const ticker = setInterval(() => log(`  ... still building actionlint (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    child.on("error", (err) => {
      clearInterval(ticker);
      reject(err);
    });
    child.on("exit", (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`go install ${MODULE}@v${version} failed with exit code ${code}`));
    });
  });
}

async function acquireLock(lockDir, log) {
  const deadline = Date.now() + 15 * 60_000;
  for (let announced = false; ; ) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      if (lockOwnerIsGone(lockDir)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir}`);
      if (!announced) log(`Waiting for another build of actionlint (${lockDir}).`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

function lockOwnerIsGone(lockDir) {
  try {
    process.kill(Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8")), 0);
    return false;
  } catch (err) {
    return err.code === "ESRCH" || err.code === "ENOENT";
  }
}

function findOnPath(name) {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let found;
  try {
    found = await ensureActionlint();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const args = process.argv.slice(2);
  if (args.includes("--print-path")) {
    process.stdout.write(`${found.path}\n`);
  } else {
    const result = spawnSync(found.path, args, { stdio: "inherit" });
    process.exit(result.status ?? 1);
  }
}
