// The fleet program: load and validate the fleet from the stack's config, then declare it. A document with
// problems stops here as a RunError (Pulumi prints it without a stack trace) before any resource exists.
import * as pulumi from "@pulumi/pulumi";
import { checkSkillDirectory } from "./skill-directory";
import { configSizeWarning, stackConfigBytes } from "./config-size";
import { declareFleet, type FleetOutputs } from "./build";
import { loadFleet, type LoadOptions } from "./load";
import { FleetError } from "./problems";
import { redact } from "../client/redact";
import { BUG_ADVICE, DEBUG_ADVICE, isBug, stackOf } from "../lifecycle/failure";
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

/**
 * Loads, validates and declares the fleet. Problems in the document become one RunError, which Pulumi prints
 * without a stack trace, thrown before the first resource is declared.
 */
export async function fleetProgram(options: LoadOptions): Promise<FleetOutputs> {
  try {
    return declareFleet(await loadFleet(options));
  } catch (err) {
    if (err instanceof FleetError) throw new pulumi.RunError(err.message);
    throw programFailure(err);
  }
}

/**
 * Anything else that stops the program is one paragraph as well (a RunError), never a JavaScript stack; the
 * stack goes to Pulumi's debug output, shown by `--debug`. Pulumi's own errors already print that way.
 */
function programFailure(err: unknown): unknown {
  if (pulumi.RunError.isInstance(err) || pulumi.ResourceError.isInstance(err)) return err;
  void pulumi.log.debug(redact(stackOf(err)));
  const why = isBug(err)
    ? `unexpected internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}. ${BUG_ADVICE}; ${DEBUG_ADVICE}.`
    : (err as Error).message;
  return new pulumi.RunError(redact(`The Qoder fleet program failed: ${why.replace(/\s*\n\s*/g, " ")}`));
}

/**
 * Warns while the stack config still fits the one environment variable Pulumi hands it over in: once it does
 * not, the program never starts and cannot say why (config-size.ts).
 */
function warnOfConfigSize(): void {
  try {
    const config = pulumi.runtime.allConfig();
    const bytes = stackConfigBytes(process.env.PULUMI_CONFIG, config);
    const warning = configSizeWarning({ bytes, config, fleetKey: `${pulumi.getProject()}:fleet` });
    if (warning !== undefined) void pulumi.log.warn(warning);
  } catch {
    // Only advice: a document too deep to measure is reported, with its position, by the loader next.
  }
}

/** The program of Pulumi.yaml: the project, stack and config of the running deployment. */
export function runFleetProgram(): Promise<FleetOutputs> {
  warnOfConfigSize();
  return fleetProgram({
    projectDir: pulumi.runtime.getRootDirectory(),
    workDir: process.cwd(),
    stack: pulumi.getStack(),
    config: pulumiConfig(),
    checkSkillDirectory,
  });
}
