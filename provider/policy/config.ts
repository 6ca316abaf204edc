// Rule configuration: defaults a caller passes to a rule factory, published as configSchema defaults, then
// overlaid with what the engine hands over at run time (`--policy-pack-config`). No runtime imports.
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** What every rule factory accepts besides its own settings. */
export interface RuleOptions {
  /** Defaults to "mandatory"; the pack config can still override it per policy. */
  enforcementLevel?: EnforcementLevel;
}

/** The part of the validation args that carries config (both resource and stack args have it). */
export interface ConfigSource {
  getConfig<T extends object>(): T;
}

/**
 * The effective config: factory defaults, overlaid with the engine's values. The engine already fills in
 * schema defaults (ReconcilePolicyPackConfig), so the overlay matters for unit tests and direct calls.
 */
export function effectiveConfig<C extends object>(source: ConfigSource, defaults: C): C {
  return { ...defaults, ...source.getConfig<Partial<C>>() };
}

/** A config list of non-empty strings; anything else in it is ignored. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string" && item !== "") : [];
}

/** A schema property carrying `default` only when the caller gave one (absent defaults stay absent). */
export function withDefault(schema: PolicyConfigJSONSchema, value: unknown): PolicyConfigJSONSchema {
  return value === undefined ? schema : { ...schema, default: value as PolicyConfigJSONSchema["default"] };
}

/** Builds a configSchema; `required` lists keys that have no default, so the engine demands them. */
export function configSchema(properties: Record<string, PolicyConfigJSONSchema>, required: string[] = []): PolicyConfigSchema {
  const missing = required.filter((key) => properties[key]?.default === undefined);
  return missing.length > 0 ? { properties, required: missing } : { properties };
}

export const DEFAULT_ENFORCEMENT: EnforcementLevel = "mandatory";
