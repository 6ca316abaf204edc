#!/usr/bin/env node
// Packs a past commit of this package as the tarball a user would have installed from the registry, for the
// upgrade test (test/engine/upgrade.test.ts): a detached worktree of <commit>, that commit's own `npm run
// build`, then `npm pack` into test/fixtures/releases/pulumi-qoder-<version>-<short commit>.tgz.
// Usage: node scripts/pack-release-fixture.mjs <commit>
//
// Dependencies: when <commit>'s package-lock.json equals this checkout's, the worktree's node_modules is a
// directory of links into this checkout's node_modules (no network); otherwise `npm ci` installs them. Never
// a link to the whole of node_modules: the commit's build (scripts/install-self.mjs) rewrites
// node_modules/pulumi-qoder, and it must not reach this checkout's.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const destination = path.join(repoRoot, "test", "fixtures", "releases");

function run(command, args, cwd, { capture = false } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${result.status ?? result.signal}`);
  return capture ? result.stdout.trim() : "";
}

const requested = process.argv[2];
if (!requested || requested.startsWith("-")) {
  console.error("usage: node scripts/pack-release-fixture.mjs <commit>");
  process.exit(2);
}
const commit = run("git", ["rev-parse", "--verify", `${requested}^{commit}`], repoRoot, { capture: true });
const short = run("git", ["rev-parse", "--short=7", commit], repoRoot, { capture: true });

const worktree = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-qoder-release-${short}-`));
fs.rmdirSync(worktree); // git worktree add wants to create it
run("git", ["worktree", "add", "--detach", worktree, commit], repoRoot);
try {
  const sameLockfile = spawnSync("git", ["diff", "--quiet", commit, "--", "package-lock.json"], { cwd: repoRoot }).status === 0;
  const repoModules = path.join(repoRoot, "node_modules");
  if (sameLockfile && fs.existsSync(repoModules)) {
    console.log(`${short}: package-lock.json matches this checkout's; linking its node_modules`);
    const modules = path.join(worktree, "node_modules");
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(repoModules)) {
      if (entry === "pulumi-qoder" || entry.startsWith(".")) continue;
      fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry), "dir");
    }
    fs.symlinkSync(path.join(repoModules, ".bin"), path.join(modules, ".bin"), "dir");
  } else {
    console.log(`${short}: package-lock.json differs from this checkout's; npm ci`);
    run("npm", ["ci", "--no-audit", "--no-fund"], worktree);
  }
  run("npm", ["run", "build"], worktree);

  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", worktree], worktree, { capture: true }))[0];
  fs.mkdirSync(destination, { recursive: true });
  const target = path.join(destination, `${packed.name}-${packed.version}-${short}.tgz`);
  fs.copyFileSync(path.join(worktree, packed.filename), target);
  const bytes = fs.readFileSync(target);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  console.log(
    `${path.relative(repoRoot, target)}: ${packed.entryCount} files, ${bytes.length} bytes (unpacked ${packed.unpackedSize}), sha256 ${sha256}`,
  );
} finally {
  spawnSync("git", ["worktree", "remove", "--force", worktree], { cwd: repoRoot, stdio: "inherit" });
  fs.rmSync(worktree, { recursive: true, force: true });
  spawnSync("git", ["worktree", "prune"], { cwd: repoRoot });
}
