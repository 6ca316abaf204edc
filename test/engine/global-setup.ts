// Engine tier setup: finds or builds the pinned Pulumi CLI once (scripts/pulumi-cli.mjs) and hands its
// directory to the tests, printing `pulumi version` so every run shows which engine it used.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };

declare module "vitest" {
  export interface ProvidedContext {
    pulumiBinDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const script = path.resolve(__dirname, "..", "..", "scripts", "pulumi-cli.mjs");
  const { ensurePulumiCli } = (await import(script)) as {
    ensurePulumiCli: () => Promise<{ binDir: string; version: string; source: string }>;
  };
  const cli = await ensurePulumiCli();
  const version = spawnSync(path.join(cli.binDir, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  if (version.status !== 0) throw new Error(`pulumi version failed: ${version.stderr}`);
  process.stdout.write(`engine tests use pulumi ${version.stdout.trim()} (${cli.source}) from ${cli.binDir}\n`);
  project.provide("pulumiBinDir", cli.binDir);
}
