// Engine-test harness: the throwaway Pulumi project of scripts/lib/pulumi-project.ts (shared with the
// benchmarks), driven with the CLI that the engine tier's global setup provides unless a `binDir` is given.
import * as path from "node:path";
import * as shared from "../../scripts/lib/pulumi-project";

export { type CommandResult, exec, linkNodeModules, repoRoot } from "../../scripts/lib/pulumi-project";

export type ProjectOptions = Omit<shared.ProjectOptions, "binDir"> & {
  /** Where `pulumi` is; inside vitest the engine tier's global setup provides it. */
  binDir?: string;
};

/** The directory holding `pulumi`: provided by test/engine/global-setup.ts inside vitest. */
export async function pulumiBinDir(): Promise<string> {
  const { inject } = await import("vitest");
  return inject("pulumiBinDir");
}

export type PulumiProject = shared.PulumiProject;

/** `PulumiProject.create` and `.open` of the shared harness, with the engine tier's CLI by default. */
export const PulumiProject = {
  async create(options: ProjectOptions): Promise<PulumiProject> {
    return shared.PulumiProject.create({ ...options, binDir: options.binDir ?? (await pulumiBinDir()) });
  },
  async open(dir: string, options: Omit<ProjectOptions, "program" | "name"> = {}): Promise<PulumiProject> {
    return shared.PulumiProject.open(dir, { ...options, binDir: options.binDir ?? (await pulumiBinDir()) });
  },
};

/** `pulumi version` through the harness's PATH, for the test log. */
export async function pulumiVersion(): Promise<string> {
  const env = { ...process.env, PATH: [await pulumiBinDir(), process.env.PATH].join(path.delimiter), PULUMI_SKIP_UPDATE_CHECK: "true" };
  const result = await shared.exec("pulumi", ["version"], shared.repoRoot, env);
  return result.stdout.trim();
}
