// The package fits into a user's project: `npm pack` of this build, installed from the tarball with npm next
// to the project's own @pulumi/pulumi, leaves exactly one copy of the SDK in node_modules, for the oldest SDK
// the peer range allows and for the newest 3.x on the registry. Two copies would mean two Pulumi runtimes in
// one program (two settings stores, two engine connections), and our resources registering with the wrong one.
// Needs the npm registry: the user projects install everything from it, with the download cache in
// ~/.cache/pulumi-qoder/npm, so a second run reads nothing but the registry's metadata. No Pulumi CLI needed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSkillDirectory } from "../../provider/client/skill-files";
import { UNKNOWN } from "../../provider/kinds/values";
import { exec, repoRoot } from "../support/pulumi";

const NPM_CACHE = path.join(os.homedir(), ".cache", "pulumi-qoder", "npm");
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};
const SDK = "@pulumi/pulumi";
const POLICY = "@pulumi/policy";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** npm in `cwd`, without the npm_* variables of an enclosing `npm test`, which would point it at this repository. */
function npm(args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return exec("npm", args, cwd, env);
}

async function npmOk(args: string[], cwd: string): Promise<Run> {
  const run = await npm(args, cwd);
  if (run.code !== 0) throw new Error(`npm ${args.join(" ")} exited ${run.code} in ${cwd}\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** Node.js with `args` in `cwd`, collecting its output. */
function node(args: string[], cwd: string): Promise<Run> {
  return exec(process.execPath, args, cwd, process.env);
}

/** Probe source: `packages()`, the packages loaded since the probe set `before` (a Set of require.cache keys). */
const PACKAGES_LOADED_SINCE_BEFORE = [
  "const packages = () => [...new Set(Object.keys(require.cache).filter((f) => !before.has(f))",
  "  .map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\/(?!.*node_modules)/.exec(f)?.[1]))];",
].join("\n");

/** Runs CommonJS `source` with Node.js in the project `dir`; it must exit 0 and print JSON. */
async function probe<T>(source: string, dir: string): Promise<T> {
  const run = await node(["-e", source], dir);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** The lowest version the peer range names: `>=3.216.0 <4` → 3.216.0. */
function floorOf(range: string): string {
  const floor = /^>=\s*(\d+\.\d+\.\d+)\s+<\s*\d+$/.exec(range.trim())?.[1];
  if (!floor) throw new Error(`peerDependencies["${SDK}"] is "${range}", not ">=x.y.z <major"`);
  return floor;
}

/** Every place npm installed `name` in `dir`, with its version (the tree npm ls reports, deduped edges folded). */
function installedCopies(dir: string, name: string): { location: string; version: string }[] {
  const copies: { location: string; version: string }[] = [];
  const walk = (modules: string) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@") ? fs.readdirSync(path.join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
      for (const pkg of names) {
        const at = path.join(modules, pkg);
        if (pkg === name) {
          const { version } = JSON.parse(fs.readFileSync(path.join(at, "package.json"), "utf8")) as { version: string };
          // @pulumi/policy's own manifest says "v1.21.0".
          copies.push({ location: path.relative(dir, at), version: version.replace(/^v/, "") });
        }
        walk(path.join(at, "node_modules"));
      }
    }
  };
  walk(path.join(dir, "node_modules"));
  return copies;
}

interface UserProject {
  dir: string;
  sdk: string;
  /** `npm ls @pulumi/pulumi --all --json`, parsed. */
  tree: { dependencies?: Record<string, TreeNode> };
  /** `npm ls @pulumi/pulumi @pulumi/policy --all`, as npm prints it. */
  listing: string;
}

interface TreeNode {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, TreeNode>;
}

/** Every @pulumi/pulumi node of `npm ls --json`, with the path of packages leading to it. */
function sdkNodes(tree: UserProject["tree"]): { via: string; version?: string }[] {
  const found: { via: string; version?: string }[] = [];
  const visit = (deps: Record<string, TreeNode> | undefined, via: string[]) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (name === SDK) found.push({ via: [...via, name].join(" > "), version: node.version });
      visit(node.dependencies, [...via, name]);
    }
  };
  visit(tree.dependencies, []);
  return found;
}

describe("package fit: this build from its tarball beside the project's own @pulumi/pulumi", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-fit-"));
  const floor = floorOf(manifest.peerDependencies[SDK] ?? "");
  let tarball = "";
  let newest = "";
  let older: UserProject;
  let newer: UserProject;

  /** A user project with `dependencies` and this tarball, installed by npm as a user would. */
  async function userProject(name: string, sdk: string, extra: Record<string, string> = {}): Promise<UserProject> {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    const dependencies = { [SDK]: sdk, ...extra, "pulumi-qoder": `file:${tarball}` };
    // protobufjs's postinstall only prints a warning; npm 11 asks about it unless it is decided.
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name, private: true, dependencies, allowScripts: { protobufjs: false } }, null, 2),
    );
    const started = Date.now();
    await npmOk(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--cache", NPM_CACHE], dir);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const tree = JSON.parse((await npmOk(["ls", SDK, "--all", "--json"], dir)).stdout) as UserProject["tree"];
    const listing = (await npm(["ls", SDK, POLICY, "--all"], dir)).stdout.trim();
    process.stdout.write(`package fit, ${name}: npm install took ${seconds} s; npm ls ${SDK} ${POLICY} --all\n${listing}\n`);
    return { dir, sdk, tree, listing };
  }

  beforeAll(async () => {
    expect(fs.existsSync(path.join(repoRoot, "dist", "provider", "index.js")), "run `npm run build` first").toBe(true);
    // The registry's newest 3.x, whatever it is today (fresh metadata: no --prefer-offline here).
    const view = JSON.parse((await npmOk(["view", `${SDK}@<4`, "version", "--json", "--cache", NPM_CACHE], work)).stdout) as string | string[];
    const byVersion = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
    newest = [view].flat().sort(byVersion).at(-1) ?? "";
    expect(newest).toMatch(/^3\.\d+\.\d+$/);
    // What `npm publish` would upload: package.json's `files` from this build, no scripts run.
    const packed = JSON.parse((await npmOk(["pack", "--json", "--ignore-scripts", "--pack-destination", work], repoRoot)).stdout) as {
      filename: string;
    }[];
    tarball = path.join(work, packed[0]!.filename);
    // Both installs at once: npm's cache is safe to share, and each waits mostly on the network.
    [older, newer] = await Promise.all([
      userProject("older-sdk", floor),
      userProject("newest-sdk", newest, { [POLICY]: manifest.devDependencies[POLICY]! }),
    ]);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("package fit: the peer range's floor is the oldest SDK tested here, and the dev pin falls inside the range", () => {
    expect(floor).toBe("3.216.0");
    const [major, minor] = manifest.devDependencies[SDK]!.split(".").map(Number);
    const [floorMajor, floorMinor] = floor.split(".").map(Number);
    expect(major).toBe(floorMajor);
    expect(minor!).toBeGreaterThanOrEqual(floorMinor!);
    expect(manifest.peerDependenciesMeta?.[POLICY]?.optional).toBe(true);
    expect(manifest.peerDependenciesMeta?.[SDK]?.optional).toBeFalsy();
  });

  for (const which of ["older", "newest"] as const) {
    it(`package fit: with the ${which} SDK, npm installs one @pulumi/pulumi, the project's, and pulumi-qoder uses it`, async () => {
      const project = which === "older" ? older : newer;
      expect(project.sdk).toBe(which === "older" ? floor : newest);
      // One copy on disk, at the top, the version the project asked for; none nested under pulumi-qoder.
      expect(installedCopies(project.dir, SDK)).toEqual([{ location: `node_modules/${SDK}`, version: project.sdk }]);
      expect(fs.existsSync(path.join(project.dir, "node_modules", "pulumi-qoder", "node_modules", SDK))).toBe(false);
      // npm ls agrees: every edge to the SDK (the project's, pulumi-qoder's peer, @pulumi/policy's) is that copy.
      const nodes = sdkNodes(project.tree);
      expect(nodes.map((n) => n.via)).toContain(`pulumi-qoder > ${SDK}`);
      expect(new Set(nodes.map((n) => n.version))).toEqual(new Set([project.sdk]));
      expect(project.listing).toContain(`pulumi-qoder@${manifest.version}`);
      expect(project.listing).not.toMatch(/invalid|UNMET|extraneous/);
      const parseable = await npmOk(["ls", SDK, "--all", "--parseable"], project.dir);
      expect(
        new Set(
          parseable.stdout
            .trim()
            .split("\n")
            .filter((line) => line.includes(`node_modules/${SDK}`)),
        ),
      ).toEqual(new Set([path.join(project.dir, "node_modules", SDK)]));
    });
  }

  it("package fit: @pulumi/policy is optional: not installed unless the project asks, then one copy on the same SDK", () => {
    expect(installedCopies(older.dir, POLICY)).toEqual([]);
    expect(installedCopies(newer.dir, POLICY)).toEqual([{ location: `node_modules/${POLICY}`, version: manifest.devDependencies[POLICY] }]);
    expect(newer.listing).toMatch(new RegExp(`${POLICY}@[\\d.]+\\n[│ ]*└── ${SDK}@${newest.replaceAll(".", "\\.")} deduped`));
  });

  it("package fit: the installed package loads its entries from the project (the policy entry without @pulumi/policy)", async () => {
    // The oldest SDK runs on the Node.js running this test; the newest may require a newer one (Node 22).
    const source = [
      'const sdk = require.resolve("@pulumi/pulumi/package.json", { paths: [require.resolve("pulumi-qoder")] });',
      'console.log(JSON.stringify({ sdk, version: require(sdk).version, exports: Object.keys(require("pulumi-qoder")).length,',
      '  policy: Object.keys(require("pulumi-qoder/policy")).length }));',
    ].join("\n");
    const loaded = await probe<{ sdk: string; version: string; exports: number; policy: number }>(source, older.dir);
    expect(loaded.sdk).toBe(path.join(fs.realpathSync(older.dir), "node_modules", SDK, "package.json"));
    expect(loaded.version).toBe(floor);
    expect(loaded.exports).toBeGreaterThan(5);
    expect(loaded.policy).toBeGreaterThan(5);
  });

  it("package fit: declaring resources loads no schema, HTTP, YAML or cron library; the client and lookups load on use, the same objects as their modules'", async () => {
    // Every preview and up runs the program, so what the entry loads is time each one waits (docs/performance.md).
    const source = [
      'require("@pulumi/pulumi");',
      "const before = new Set(Object.keys(require.cache));",
      'const q = require("pulumi-qoder");',
      PACKAGES_LOADED_SINCE_BEFORE,
      "const declaring = packages();",
      'const lookups = require("pulumi-qoder/lookups");',
      "const same = Object.keys(lookups).filter((name) => q[name] !== lookups[name]);",
      "const used = [typeof q.getAgentOutput, typeof q.client.isNotFound, q.createClient === q.client.createClient, same.join(),",
      "  new q.LookupError('x') instanceof Error, typeof new q.QoderClient({ token: 'x' }).agents];",
      "console.log(JSON.stringify({ declaring, classes: typeof q.Agent, used, afterUse: packages() }));",
    ].join("\n");
    const loaded = await probe<{ declaring: string[]; classes: string; used: unknown[]; afterUse: string[] }>(source, older.dir);
    expect(loaded.classes).toBe("function");
    expect(loaded.declaring.filter((name) => name !== SDK)).toEqual(["pulumi-qoder"]);
    // Every lookup the subpath module exports is the entry's own (same function, same class): none differs.
    expect(loaded.used).toEqual(["function", "function", true, "", true, "object"]);
    expect(loaded.afterUse).toEqual(expect.arrayContaining(["pulumi-qoder", "zod"]));
    // The client sends through node:http; undici is only a type for an injected dispatcher.
    expect(loaded.afterUse).not.toContain("undici");
  });

  it("package fit: in the provider process, a no-change check and diff load no schema or HTTP library; the first API call loads zod", async () => {
    // A no-change preview is check and diff for every resource: what those load is time the preview waits.
    // A skill's check reads its directory again, but takes its name from state while the content is the same.
    const skillDir = fs.mkdtempSync(path.join(older.dir, "skill-"));
    fs.writeFileSync(path.join(skillDir, "SKILL.md"), "---\nname: probe\ndescription: A probe.\n---\n# Probe\n");
    const source = [
      'require("@pulumi/pulumi");',
      "const before = new Set(Object.keys(require.cache));",
      PACKAGES_LOADED_SINCE_BEFORE,
      'const { run } = require("pulumi-qoder/runtime");',
      "(async () => {",
      '  await run("agent", "configure", [{ config: { get: (key) => ({ "qoder:token": "x", "qoder:baseUrl": "http://127.0.0.1:1" })[key] } }]);',
      '  const inputs = { name: "reviewer", model: "auto", __identity: "stack_x/p/s/Agent/reviewer" };',
      '  const checked = await run("agent", "check", [inputs, { ...inputs }]);',
      // A preview sends the identity unknown; check takes the one in state, and the inputs stay unchanged.
      `  const previewed = await run("agent", "check", [inputs, { ...inputs, __identity: ${JSON.stringify(UNKNOWN)} }]);`,
      '  const diff = await run("agent", "diff", ["agent_x", { ...inputs, version: 1 }, inputs]);',
      `  const skill = { directory: ${JSON.stringify(skillDir)}, __identity: "stack_x/p/s/Skill/probe" };`,
      `  const contentHash = ${JSON.stringify(await hashSkillDirectory(skillDir))};`,
      '  const skillChecked = await run("skill", "check", [{ ...skill, contentHash, skillName: "probe" }, skill]);',
      "  const skillSame = skillChecked.failures.length === 0 && skillChecked.inputs.contentHash === contentHash && skillChecked.inputs.skillName;",
      "  const noChange = packages();",
      '  const read = await run("agent", "read", ["agent_x", inputs]).then(() => "read", (err) => /could not reach/.test(err.message));',
      "  const previewIdentity = previewed.failures.length === 0 && previewed.inputs.__identity;",
      "  console.log(JSON.stringify({ failures: checked.failures, changes: diff.changes, skillSame, previewIdentity, noChange, read, afterCall: packages() }));",
      "})();",
    ].join("\n");
    type Loaded = {
      failures: unknown[];
      changes: boolean;
      skillSame: unknown;
      previewIdentity: unknown;
      noChange: string[];
      read: unknown;
      afterCall: string[];
    };
    const loaded = await probe<Loaded>(source, older.dir);
    expect([loaded.failures, loaded.changes, loaded.skillSame, loaded.previewIdentity, loaded.read]).toEqual([
      [],
      false,
      "probe",
      "stack_x/p/s/Agent/reviewer",
      true,
    ]);
    expect(loaded.noChange).toEqual(["pulumi-qoder"]);
    expect(loaded.afterCall).toEqual(expect.arrayContaining(["pulumi-qoder", "zod"]));
    expect(loaded.afterCall).not.toContain("undici");
  });

  it("package fit: an ES module program imports every name of the entry by name", async () => {
    const source = [
      'import { Agent, client, createClient, getAgent, getAgentOutput, listDeployments, LookupError, QoderClient } from "pulumi-qoder";',
      "console.log([Agent, client, createClient, getAgent, getAgentOutput, listDeployments, LookupError, QoderClient].map((v) => typeof v).join(' '));",
    ].join("\n");
    const run = await node(["--input-type=module", "-e", source], older.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe("function object function function function function function function");
  });
});
