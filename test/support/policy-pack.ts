// Engine tests of the example policy pack: a copy of examples/policy-pack installed the way the harness
// installs projects (this package copied, every other module linked), previews that run it, and a probe
// that records which module files the pack process loads.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { linkNodeModules, repoRoot, type CommandResult, type PulumiProject } from "./pulumi";

export const EXAMPLE_PACK = path.join(repoRoot, "examples", "policy-pack");

/**
 * Preloaded into every node process of a run (NODE_OPTIONS), it acts only in the pack process, where it
 * appends each module file as node loads it: synchronous, because the engine kills the pack at the end.
 */
const PROBE = `
const Module = require("node:module");
const fs = require("node:fs");
if (process.argv.some((arg) => arg.includes("run-policy-pack"))) {
  const load = Module.prototype.load;
  Module.prototype.load = function (filename) {
    fs.appendFileSync(process.env.QODER_TEST_PACK_MODULES, filename + "\\n");
    return load.call(this, filename);
  };
}
`;

export class InstalledPolicyPack {
  private constructor(readonly dir: string) {}

  /** Copies the example pack (without any node_modules of its own) into a temporary directory. */
  static install(): InstalledPolicyPack {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-policy-")));
    for (const entry of fs.readdirSync(EXAMPLE_PACK)) {
      if (entry === "node_modules" || entry === "package-lock.json") continue;
      fs.cpSync(path.join(EXAMPLE_PACK, entry), path.join(dir, entry), { recursive: true });
    }
    linkNodeModules(dir);
    fs.writeFileSync(path.join(dir, ".module-probe.js"), PROBE);
    return new InstalledPolicyPack(dir);
  }

  /** Writes a `--policy-pack-config` file beside the pack and returns its path. */
  writeConfig(name: string, config: Record<string, unknown>): string {
    const file = path.join(this.dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  }

  /**
   * `pulumi preview --policy-pack` (or another command taking the flag), with the module probe on; each
   * run starts a fresh log of what the pack process loaded.
   */
  run(project: PulumiProject, command: string[], options: { config?: string; expectCode?: number } = {}): Promise<CommandResult> {
    fs.rmSync(this.modulesLog, { force: true });
    const flags = ["--policy-pack", this.dir, ...(options.config ? ["--policy-pack-config", options.config] : [])];
    const env = { NODE_OPTIONS: `--require ${path.join(this.dir, ".module-probe.js")}`, QODER_TEST_PACK_MODULES: this.modulesLog };
    return project.run([...command, ...flags], options.expectCode ?? 0, env);
  }

  /** Package roots of @pulumi/pulumi, @pulumi/policy and pulumi-qoder the last run's pack process loaded. */
  loadedPackages(): Record<string, string[]> {
    const roots: Record<string, Set<string>> = {};
    for (const file of fs.readFileSync(this.modulesLog, "utf8").split("\n")) {
      // Greedy: for a nested copy (…/node_modules/a/node_modules/b/…) the innermost package wins.
      const match = /^(.*\/node_modules\/(@pulumi\/pulumi|@pulumi\/policy|pulumi-qoder))\//.exec(file);
      if (match) (roots[match[2]!] ??= new Set()).add(match[1]!);
    }
    return Object.fromEntries(Object.entries(roots).map(([name, dirs]) => [name, [...dirs].sort()]));
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private get modulesLog(): string {
    return path.join(this.dir, ".modules.log");
  }
}

/** The lines of the CLI's "Policies:" section, trimmed: the pack's line, then each finding's lines. */
export function policyReport(stdout: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Policies:");
  if (start < 0) throw new Error(`no "Policies:" section in the output:\n${stdout}`);
  const end = lines.findIndex((line, index) => index > start && line.trim() === "");
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.trim());
}
