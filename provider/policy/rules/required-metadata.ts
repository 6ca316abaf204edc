// Rule qoder-required-metadata: chosen kinds carry chosen metadata keys with non-empty values (ownership,
// cost attribution). Depends only on the policy layer's own modules; names keys from config, never values.
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, withDefault, type RuleOptions } from "../config";
import { kindOfType, type QoderKind } from "../kinds";
import { propertyPath, violationMessage } from "../messages";
import { isRecord, isUnknown, plainProps } from "../values";

export const REQUIRED_METADATA = "qoder-required-metadata";

/** Every kind with a `metadata` input. */
export const METADATA_KINDS: readonly QoderKind[] = [
  "Agent",
  "Environment",
  "Skill",
  "Vault",
  "VaultCredential",
  "MemoryStore",
  "Memory",
  "File",
  "Deployment",
];
/** What someone owns and pays for; content (skills, memories, files) and credentials are opt-in. */
const DEFAULT_KINDS: QoderKind[] = ["Agent", "Environment", "Vault", "MemoryStore", "Deployment"];

export interface RequiredMetadataConfig extends RuleOptions {
  /** Keys each checked resource must carry, e.g. ["team", "owner"]. Default: none (the rule reports nothing). */
  keys?: string[];
  /** Kinds to check; default Agent, Environment, Vault, MemoryStore, Deployment. */
  kinds?: QoderKind[];
}

function missingKeys(metadata: unknown, keys: string[]): { key: string; problem: string }[] {
  if (isUnknown(metadata)) return []; // the whole bag is unknown in preview: nothing to judge yet
  const bag = isRecord(metadata) ? metadata : {};
  return keys.flatMap((key) => {
    const value = bag[key];
    if (value === undefined || value === null) return [{ key, problem: "is required" }];
    if (isUnknown(value) || (typeof value === "string" && value.trim() !== "")) return [];
    return [{ key, problem: "must be a non-empty string" }];
  });
}

export function requiredMetadata(config: RequiredMetadataConfig = {}): ResourceValidationPolicy {
  const defaults = { keys: config.keys ?? [], kinds: config.kinds ?? DEFAULT_KINDS };
  // One function for all kinds: the kinds to check are config, so type matching happens at run time.
  const validateResource = (args: ResourceValidationArgs, reportViolation: (message: string) => void) => {
    const kind = kindOfType(args.type);
    if (kind === undefined || !METADATA_KINDS.includes(kind)) return;
    const settings = effectiveConfig(args, defaults);
    if (!stringList(settings.kinds).includes(kind)) return;
    const metadata = plainProps(args.props).metadata;
    for (const { key, problem } of missingKeys(metadata, stringList(settings.keys))) {
      reportViolation(violationMessage(REQUIRED_METADATA, kind, args.name, propertyPath("metadata", key), problem));
    }
  };
  return {
    name: REQUIRED_METADATA,
    description: "Fleet resources carry the metadata keys the platform team requires.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      keys: withDefault({ type: "array", items: { type: "string", minLength: 1 }, description: "Required metadata keys." }, defaults.keys),
      kinds: withDefault({ type: "array", items: { type: "string", enum: [...METADATA_KINDS] }, description: "Kinds to check." }, defaults.kinds),
    }),
    validateResource,
  };
}
