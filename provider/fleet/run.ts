// The fleet program: load and validate the fleet from the stack's config, then declare it. A document with
// problems stops here as a RunError (Pulumi prints it without a stack trace) before any resource exists.
import * as pulumi from "@pulumi/pulumi";
import { promises as fs } from "node:fs";
import { localSkillContent } from "../resources/skill-content";
import { declareFleet, type FleetOutputs } from "./build";
import { loadFleet } from "./load";
import { FleetError } from "./problems";
import type { ConfigSource } from "./secrets";

/** Pulumi's runtime config; `isConfigSecret` is not in the SDK's typings, so PULUMI_CONFIG_SECRET_KEYS backs it. */
function pulumiConfig(): ConfigSource {
  const runtime = pulumi.runtime as typeof pulumi.runtime & { isConfigSecret?: (key: string) => boolean };
  const secretKeys = (): string[] => JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as string[];
  return {
    project: pulumi.getProject(),
    get: (key) => pulumi.runtime.getConfig(key),
    isSecret: (key) => runtime.isConfigSecret?.(key) ?? secretKeys().includes(key),
  };
}

/** The Skill resource's own package rules, with the directory named as the document names it. */
async function checkSkillDirectory({ absolute, shown }: { absolute: string; shown: string }): Promise<string | undefined> {
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return `${shown} does not exist (directories are relative to the file that declares the fleet)`;
  if (!stat.isDirectory()) return `${shown} is a file; a skill is a directory with SKILL.md at its top`;
  const content = await localSkillContent(absolute);
  return "problem" in content ? content.problem.split(absolute).join(shown) : undefined;
}

export async function runFleetProgram(): Promise<FleetOutputs> {
  try {
    const fleet = await loadFleet({
      projectDir: pulumi.runtime.getRootDirectory(),
      workDir: process.cwd(),
      stack: pulumi.getStack(),
      config: pulumiConfig(),
      checkSkillDirectory,
    });
    return declareFleet(fleet);
  } catch (err) {
    if (err instanceof FleetError) throw new pulumi.RunError(err.message);
    throw err;
  }
}
