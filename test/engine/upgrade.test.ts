// Upgrade safety: a stack deployed with the previous release keeps working after `npm install` of this one.
// Installed from the registry, the package is serialized into every resource's state as
// `require("pulumi-qoder/dist/provider/resources/entry/<kind>.js")`, and refresh and destroy run that
// require against whatever version node_modules then holds. So this build must keep every entry module a
// previous release's state names, at that path, allowed by the package's exports, and able to handle the
// state that release wrote. The previous release is test/fixtures/releases/pulumi-qoder-0.1.0-84f9c2b.tgz
// (`npm pack` of the last commit before the provider/ refactor; README.md there), installed as a real
// directory; its program (test/fixtures/releases/project, every field of every kind) is never edited.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ENGINE_TOKEN } from "../support/fleet-engine";
import { PulumiProject, repoRoot } from "../support/pulumi";

const RELEASES = path.join(repoRoot, "test", "fixtures", "releases");
const PREVIOUS_RELEASE = path.join(RELEASES, "pulumi-qoder-0.1.0-84f9c2b.tgz");
const ENTRY = "pulumi-qoder/dist/provider/resources/entry/";

/** Each kind's entry module and emulator collection; StackIdentity has no API object. */
const KINDS: Record<string, { module: string; collection?: string }> = {
  Agent: { module: "agent", collection: "agents" },
  Environment: { module: "environment", collection: "environments" },
  Skill: { module: "skill", collection: "skills" },
  Vault: { module: "vault", collection: "vaults" },
  VaultCredential: { module: "vault-credential", collection: "vault_credentials" },
  MemoryStore: { module: "memory-store", collection: "memory_stores" },
  Memory: { module: "memory", collection: "memories" },
  StackIdentity: { module: "stack-identity" },
};

/**
 * What destroy leaves, by the program's deletion policies and the lifecycle table: agents are archived (the
 * API has no delete), so is the environment with `deletionPolicy: "archive"`; everything else is deleted
 * (the "api-key" credential is archived, then goes with its vault, which `deletionPolicy: "delete"` deletes).
 */
const ARCHIVED_BY_DESTROY = ["Agent:researcher", "Agent:writer", "Agent:lead", "Environment:sandbox"];

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

async function qoderResources(project: PulumiProject): Promise<(StateResource & { kind: string; name: string })[]> {
  const state = JSON.parse(await project.exportState()) as { deployment: { resources?: StateResource[] } };
  return (state.deployment.resources ?? [])
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/qoder:"))
    .map((r) => ({ ...r, kind: r.type.split(":").pop()!, name: r.urn.split("::").pop()! }));
}

/** API requests other than reads since the log was last cleared. */
function writes(emulator: RunningEmulator): string[] {
  return Object.keys(emulator.admin.stats().counters).filter((route) => !route.startsWith("GET "));
}

/**
 * Puts `pulumi-qoder` in the project's node_modules as a real directory, the way `npm install` would: the
 * tarball unpacked, or this build (package.json and what its `files` ship). Its dependencies are links into
 * this repository's node_modules; Node resolves their own dependencies from there.
 */
function install(dir: string, from: { tarball: string } | "this build"): void {
  const modules = path.join(dir, "node_modules");
  const target = path.join(modules, "pulumi-qoder");
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  if (from === "this build") {
    const files = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { files: string[] }).files;
    for (const entry of ["package.json", ...files]) {
      const source = path.join(repoRoot, entry);
      if (fs.existsSync(source)) fs.cpSync(source, path.join(target, entry), { recursive: true });
    }
  } else {
    const untar = spawnSync("tar", ["-xzf", from.tarball, "-C", target, "--strip-components=1"], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`tar -xzf ${from.tarball}: ${untar.stderr}`);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(target, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const link = path.join(modules, dependency);
    if (fs.existsSync(link)) continue;
    const source = path.join(repoRoot, "node_modules", dependency);
    if (!fs.existsSync(source)) throw new Error(`dependency ${dependency} of the installed package is not in ${repoRoot}/node_modules`);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(source, link, "dir");
  }
}

describe("upgrade from the previous release", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;
  let dir = "";
  let deployed: Awaited<ReturnType<typeof qoderResources>> = [];

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-upgrade-"));
    fs.cpSync(path.join(RELEASES, "project"), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: upgrade-engine\nruntime: nodejs\nmain: index.js\n");
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "upgrade-engine", private: true, main: "index.js", dependencies: { "pulumi-qoder": "0.1.0" } }, null, 2),
    );
    install(dir, { tarball: PREVIOUS_RELEASE });
    project = await PulumiProject.open(dir);
    await project.setConfig("qoder:baseUrl", emulator.baseUrl);
    await project.setConfig("qoder:token", ENGINE_TOKEN, { secret: true });
  });
  afterAll(async () => {
    project?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await emulator?.stop();
  });

  it("upgrade: the previous release deploys all seven kinds, each provider in state a require of its entry module", async () => {
    expect(fs.lstatSync(path.join(dir, "node_modules", "pulumi-qoder")).isSymbolicLink()).toBe(false);
    await project.up();
    const exported = await project.exportState();
    expect(exported).toContain(ENTRY);
    deployed = await qoderResources(project);
    expect(new Set(deployed.map((r) => r.kind))).toEqual(new Set(Object.keys(KINDS)));
    expect(deployed.filter((r) => r.kind === "StackIdentity")).toHaveLength(1);
    const largest = Math.max(...deployed.map((r) => Buffer.byteLength(String(r.outputs?.__provider))));
    process.stdout.write(`largest serialized provider of the previous release: ${largest} bytes\n`);
    for (const resource of deployed) {
      const provider = String(resource.outputs?.__provider);
      // By reference, never by value: the text is a short require of this kind's module, nothing else of ours.
      expect(provider, resource.urn).toContain(`require("${ENTRY}${KINDS[resource.kind]!.module}.js")`);
      expect(provider.match(/require\("pulumi-qoder[^"]*"\)/g), resource.urn).toHaveLength(1);
    }
  });

  it("upgrade: with this build installed in its place, every entry module the state names resolves in it", () => {
    install(dir, "this build");
    const installed = path.join(dir, "node_modules", "pulumi-qoder");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    const listing = (root: string) => (fs.readdirSync(root, { recursive: true }) as string[]).sort();
    expect(listing(path.join(installed, "dist"))).toEqual(listing(path.join(repoRoot, "dist")));
    // The dynamic-provider host requires from the program's directory, through the package's exports.
    const fromProject = createRequire(path.join(dir, "index.js"));
    const named = new Set(deployed.map((r) => /require\("(pulumi-qoder\/[^"]+)"\)/.exec(String(r.outputs?.__provider))![1]!));
    expect(named.size).toBe(Object.keys(KINDS).length);
    // What every entry module requires when the engine calls it.
    named.add("pulumi-qoder/runtime");
    for (const request of named) {
      expect(path.relative(installed, fromProject.resolve(request)), request).toMatch(/^dist\//);
    }
  });

  it("upgrade: preview with this build shows no changes and writes nothing", async () => {
    emulator.admin.clearLog();
    await project.previewNoChanges();
    expect(writes(emulator)).toEqual([]);
  });

  it("upgrade: refresh, running the modules state names from this build, reads every object and finds no changes", async () => {
    emulator.admin.clearLog();
    await project.refresh("--expect-no-changes");
    expect(writes(emulator)).toEqual([]);
    expect(emulator.admin.stats().total).toBeGreaterThanOrEqual(deployed.length - 1);
    const refreshed = await qoderResources(project);
    expect(refreshed.map((r) => [r.id, r.outputs?.__provider])).toEqual(deployed.map((r) => [r.id, r.outputs?.__provider]));
  });

  it("upgrade: destroy with this build archives the agents and the archive-policy environment, and deletes the rest", async () => {
    await project.destroy();
    expect(await qoderResources(project)).toEqual([]);
    for (const resource of deployed) {
      const { collection } = KINDS[resource.kind]!;
      if (!collection) continue;
      const left = emulator.admin.get(collection, String(resource.id));
      const label = `${resource.kind}:${resource.name}`;
      if (ARCHIVED_BY_DESTROY.includes(label)) expect(left?.archived_at, label).toEqual(expect.any(String));
      else expect(left, label).toBeUndefined();
    }
    const collections = new Set(Object.values(KINDS).flatMap((k) => (k.collection ? [k.collection] : [])));
    for (const collection of collections) {
      expect(
        emulator.admin.list(collection).filter((o) => !o.archived_at),
        collection,
      ).toEqual([]);
    }
  });
});
