#!/usr/bin/env node
// Finds or builds the pinned Pulumi CLI for the tests, the demo and CI. Order: a fitting `pulumi` on
// PATH, then the cache under PULUMI_HOME/versions/<version>/bin, then a build from the Go module proxy.
// Usage: node scripts/pulumi-cli.mjs [--print-bin-dir]   (import { ensurePulumiCli } from code)
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cliModuleDir = path.join(repoRoot, "tools", "pulumi-cli");
const hostModuleDir = path.join(repoRoot, "tools", "pulumi-language-nodejs");
const markerName = ".pulumi-qoder-build.json";

/** The pinned version, read from the one place it is written: tools/pulumi-cli/go.mod. */
export function pinnedVersion() {
  const goMod = fs.readFileSync(path.join(cliModuleDir, "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)/.exec(goMod);
  if (!match) throw new Error(`no github.com/pulumi/pulumi/pkg/v3 requirement in ${cliModuleDir}/go.mod`);
  return match[1];
}

export function pulumiHome() {
  return process.env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
}

/**
 * Returns { binDir, version, source } for a `pulumi` that fits the pinned version, building it when
 * nothing fits. `binDir` also holds (or sits beside) `pulumi-language-nodejs` and the dynamic-provider
 * plugin script, so putting it first on PATH is all a caller needs.
 */
export async function ensurePulumiCli({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const version = pinnedVersion();
  ensureDynamicProviderScriptExecutable();

  const onPath = findOnPath("pulumi");
  if (onPath) {
    const found = usableInstall(path.dirname(fs.realpathSync(onPath)), version);
    if (found) return { binDir: found.binDir, version: found.version, source: "PATH" };
  }

  const binDir = path.join(pulumiHome(), "versions", version, "bin");
  const cached = usableInstall(binDir, version);
  if (cached && !hostIsStale(binDir)) return { binDir, version: cached.version, source: "cache" };

  if (!findOnPath("go")) {
    throw new Error(
      [
        `No Pulumi CLI ${version} found (looked on PATH and in ${binDir}) and no Go toolchain to build one.`,
        "Install the official CLI, then run this again:",
        `  curl -fsSL https://get.pulumi.com | sh -s -- --version ${version}`,
        "  (or see https://www.pulumi.com/docs/iac/download-install/)",
      ].join("\n"),
    );
  }
  await buildInto(binDir, version, log);
  const built = usableInstall(binDir, version);
  if (!built) throw new Error(`built Pulumi CLI in ${binDir} but it does not report version ${version}`);
  return { binDir, version: built.version, source: "built" };
}

/** A directory holds a usable install when its `pulumi` is the pinned major version or newer and a
 * Node.js language host sits beside it. */
function usableInstall(binDir, version) {
  const pulumi = path.join(binDir, "pulumi");
  if (!fs.existsSync(pulumi) || !fs.existsSync(path.join(binDir, "pulumi-language-nodejs"))) return undefined;
  const result = spawnSync(pulumi, ["version"], { encoding: "utf8", env: quietEnv() });
  const reported = (result.stdout || "").trim().replace(/^v/, "");
  if (result.status !== 0 || !fits(reported, version)) return undefined;
  return { binDir, version: reported };
}

function fits(reported, pinned) {
  const a = reported.split(/[.+-]/).map(Number);
  const b = pinned.split(".").map(Number);
  if (a[0] !== b[0]) return false;
  return a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2]);
}

/** Our own language host is rebuilt when its source changes; an official one is never touched. */
function hostIsStale(binDir) {
  const marker = readMarker(binDir);
  return marker !== undefined && marker.hostSourceHash !== hostSourceHash();
}

function readMarker(binDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(binDir, markerName), "utf8"));
  } catch {
    return undefined;
  }
}

function hostSourceHash() {
  const hash = createHash("sha256");
  for (const name of fs.readdirSync(hostModuleDir).sort()) {
    if (/\.(go|mod|sum)$/.test(name)) hash.update(name).update(fs.readFileSync(path.join(hostModuleDir, name)));
  }
  return hash.digest("hex");
}

async function buildInto(binDir, version, log) {
  const lockDir = `${binDir}.lock`;
  fs.mkdirSync(path.dirname(binDir), { recursive: true });
  await acquireLock(lockDir, log);
  try {
    // Another process may have finished the build while we waited for the lock.
    const done = usableInstall(binDir, version);
    if (done && !hostIsStale(binDir)) return;

    const staging = `${binDir}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    const started = Date.now();
    const hasCli = fs.existsSync(path.join(binDir, "pulumi")) && usableCliOnly(binDir, version);
    if (hasCli) {
      fs.copyFileSync(path.join(binDir, "pulumi"), path.join(staging, "pulumi"));
    } else {
      log(`Building pulumi v${version} from the Go module proxy into ${binDir}.`);
      log("The first build downloads and compiles the engine: expect 5-10 minutes on 2 cores; later runs reuse the Go caches.");
      await goBuild(cliModuleDir, path.join(staging, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", version, log);
    }
    log("Building the Node.js language host (tools/pulumi-language-nodejs).");
    await goBuild(hostModuleDir, path.join(staging, "pulumi-language-nodejs"), ".", version, log);
    installDynamicProviderScript(staging);
    fs.writeFileSync(
      path.join(staging, markerName),
      JSON.stringify({ pulumiVersion: version, hostSourceHash: hostSourceHash(), builtAt: new Date().toISOString() }, null, 2),
    );
    fs.rmSync(binDir, { recursive: true, force: true });
    fs.renameSync(staging, binDir);
    log(`Pulumi CLI ready in ${Math.round((Date.now() - started) / 1000)} s: ${binDir}`);
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function usableCliOnly(binDir, version) {
  const result = spawnSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8", env: quietEnv() });
  return result.status === 0 && fits(result.stdout.trim().replace(/^v/, ""), version);
}

/** The flags of the official release builds (see CONTRIBUTING.md, "The Pulumi CLI"). */
function goBuild(moduleDir, output, pkg, version, log) {
  const args = [
    "build",
    "-trimpath",
    "-tags",
    "osusergo,grpcnotrace",
    "-ldflags",
    `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`,
    "-o",
    output,
    pkg,
  ];
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn("go", args, { cwd: moduleDir, env: { ...process.env, CGO_ENABLED: "0" }, stdio: ["ignore", "inherit", "inherit"] });
    const ticker = setInterval(() => log(`  ... still building ${path.basename(output)} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    child.on("error", (err) => {
      clearInterval(ticker);
      reject(err);
    });
    child.on("exit", (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`go build ${pkg} in ${moduleDir} failed with exit code ${code}`));
    });
  });
}

async function acquireLock(lockDir, log) {
  const deadline = Date.now() + 30 * 60_000;
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
      if (!announced) log(`Waiting for another build of the Pulumi CLI (${lockDir}).`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2_000));
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

/** The dynamic-provider plugin ships inside @pulumi/pulumi; the engine finds plugins on PATH or beside
 * `pulumi`, so a copy goes into the bin directory we build. */
function installDynamicProviderScript(dir) {
  const script = dynamicProviderScript();
  fs.copyFileSync(script, path.join(dir, path.basename(script)));
  fs.chmodSync(path.join(dir, path.basename(script)), 0o755);
}

function dynamicProviderScript() {
  return path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs");
}

function ensureDynamicProviderScriptExecutable() {
  const script = dynamicProviderScript();
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run npm install first`);
  fs.chmodSync(script, 0o755);
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

function quietEnv() {
  return { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" };
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const cli = await ensurePulumiCli();
    if (process.argv.includes("--print-bin-dir")) process.stdout.write(`${cli.binDir}\n`);
    else process.stderr.write(`pulumi v${cli.version} (${cli.source}): ${cli.binDir}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
