// A throwaway Pulumi project with its own file:// backend, passphrase secrets and PULUMI_HOME, driven through
// the real `pulumi` CLI. It knows nothing about Qoder resources. Shared by the engine tests
// (test/support/pulumi.ts, which finds the CLI the engine tier's global setup provides) and the benchmarks,
// so no script imports from test/.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..");

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProjectOptions {
  /** Pulumi project name. */
  name?: string;
  /** CommonJS source of index.js; `require("pulumi-qoder")` resolves to a copy of this repository's build. */
  program: string;
  /** Extra environment for every command (e.g. QODER_ACCESS_TOKEN). */
  env?: Record<string, string>;
  stack?: string;
  /** The directory holding `pulumi` (scripts/pulumi-cli.mjs `ensurePulumiCli`). */
  binDir: string;
}

export class PulumiProject {
  private constructor(
    readonly dir: string,
    readonly stack: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Writes Pulumi.yaml, index.js and a node_modules that resolves like a user's, then inits the stack. */
  static async create(options: ProjectOptions): Promise<PulumiProject> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-engine-"));
    const name = options.name ?? "engine-test";
    const stack = options.stack ?? "test";
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\nmain: index.js\n`);
    fs.writeFileSync(path.join(dir, "index.js"), options.program);
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name, private: true, main: "index.js", dependencies: { "@pulumi/pulumi": "*", "pulumi-qoder": "*" } }, null, 2),
    );
    linkNodeModules(dir);
    return PulumiProject.open(dir, { ...options, stack });
  }

  /**
   * Drives a directory that already holds a Pulumi project (Pulumi.yaml, maybe its stack file, a
   * node_modules), with its own backend and PULUMI_HOME inside it; inits the stack.
   */
  static async open(dir: string, options: Omit<ProjectOptions, "program" | "name">): Promise<PulumiProject> {
    const stack = options.stack ?? "test";
    fs.mkdirSync(path.join(dir, ".pulumi-state"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      PATH: [options.binDir, process.env.PATH].join(path.delimiter),
      PULUMI_HOME: path.join(dir, ".pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, ".pulumi-state")}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      NO_COLOR: "1",
    };
    const project = new PulumiProject(dir, stack, env);
    await project.run(["stack", "init", stack]);
    return project;
  }

  /**
   * Runs `pulumi <args>` (with `env` added for this run only); rejects with the full output when the exit
   * code is not the expected one.
   */
  async run(args: string[], expectCode = 0, env: Record<string, string> = {}): Promise<CommandResult> {
    const result = await exec("pulumi", [...args, "--non-interactive"], this.dir, { ...this.env, ...env });
    if (result.code !== expectCode) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code} (expected ${expectCode})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return result;
  }

  up(...extra: string[]): Promise<CommandResult> {
    return this.run(["up", "--yes", "--skip-preview", ...extra]);
  }

  /** A preview that fails unless the engine sees no change at all. */
  previewNoChanges(...extra: string[]): Promise<CommandResult> {
    return this.run(["preview", "--expect-no-changes", "--diff", ...extra]);
  }

  refresh(...extra: string[]): Promise<CommandResult> {
    return this.run(["refresh", "--yes", "--skip-preview", ...extra]);
  }

  destroy(...extra: string[]): Promise<CommandResult> {
    return this.run(["destroy", "--yes", "--skip-preview", ...extra]);
  }

  /** `pulumi config set`, as a user would: secrets are encrypted with the stack's passphrase. */
  async setConfig(key: string, value: string, options: { secret?: boolean; path?: boolean } = {}): Promise<void> {
    const flags = [...(options.secret ? ["--secret"] : ["--plaintext"]), ...(options.path ? ["--path"] : [])];
    await this.run(["config", "set", ...flags, key, value]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const { stdout } = await this.run(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` as text, secrets left encrypted (what a state file really holds). */
  async exportState(): Promise<string> {
    return (await this.run(["stack", "export"])).stdout;
  }

  writeProgram(source: string): void {
    fs.writeFileSync(path.join(this.dir, "index.js"), source);
  }

  /** Writes a file the program reads (a skill directory's files), `relative` to the project directory. */
  writeFile(relative: string, text: string): void {
    const file = path.join(this.dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A project (or a policy pack) resolves modules the way a user's does (DESIGN.md, "Where that require
 * resolves"): this package is a real copy of package.json and dist/ under node_modules, so Pulumi serializes
 * a reference to its entry modules rather than their text; every dependency is a link into this
 * repository's node_modules.
 */
export function linkNodeModules(dir: string): void {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  const repoModules = path.join(repoRoot, "node_modules");
  for (const entry of fs.readdirSync(repoModules)) {
    if (entry === "pulumi-qoder" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry), "dir");
  }
  const sdk = process.env.QODER_TEST_PULUMI_SDK;
  if (sdk) {
    // scripts/node22.mjs: another @pulumi/pulumi (a package directory) instead of ours, the rest of @pulumi/ ours.
    const scope = path.join(modules, "@pulumi");
    fs.unlinkSync(scope);
    fs.mkdirSync(scope);
    for (const entry of fs.readdirSync(path.join(repoModules, "@pulumi"))) {
      fs.symlinkSync(entry === "pulumi" ? sdk : path.join(repoModules, "@pulumi", entry), path.join(scope, entry), "dir");
    }
  }
  const installed = path.join(modules, "pulumi-qoder");
  fs.mkdirSync(installed);
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(installed, "package.json"));
  fs.cpSync(path.join(repoRoot, "dist"), path.join(installed, "dist"), { recursive: true });
}

/** Runs a command to its end, collecting its output (never throws on a non-zero exit). */
export function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
