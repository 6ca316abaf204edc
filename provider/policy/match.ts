// Typed matching of our kinds for rule authors: `validateAgent(fn)` and friends for resource policies,
// `resourcesOfKind` for stack policies. Matching is by type token; no runtime import of the policy SDK.
import type { PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs, StackValidation } from "@pulumi/policy";
import { QODER_TYPES, type QoderKind, type SeenProps } from "./kinds";
import { plainProps } from "./values";

/** A rule body for one kind: props are a plain copy in which unknowns are sentinels, never a throw. */
export type KindValidation<K extends QoderKind> = (
  props: SeenProps<K>,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
) => void | Promise<void>;

/**
 * The server skips a policy for other types without calling it when the validation function carries
 * `__pulumiType` (what the SDK's own `validateResourceOfType` sets); the check inside stays as the fallback.
 */
function tagged<F extends object>(fn: F, kind: QoderKind): F {
  return Object.assign(fn, { __pulumiType: QODER_TYPES[kind] });
}

/** A resource validation that runs `validate` only for resources of `kind`. */
export function validateKind<K extends QoderKind>(kind: K, validate: KindValidation<K>): ResourceValidation {
  const type = QODER_TYPES[kind];
  const validation: ResourceValidation = (args, reportViolation) => {
    if (args.type !== type) return;
    return validate(plainProps(args.props) as SeenProps<K>, args, reportViolation);
  };
  return tagged(validation, kind);
}

export const validateAgent = (validate: KindValidation<"Agent">) => validateKind("Agent", validate);
export const validateEnvironment = (validate: KindValidation<"Environment">) => validateKind("Environment", validate);
export const validateSkill = (validate: KindValidation<"Skill">) => validateKind("Skill", validate);
export const validateVault = (validate: KindValidation<"Vault">) => validateKind("Vault", validate);
export const validateVaultCredential = (validate: KindValidation<"VaultCredential">) => validateKind("VaultCredential", validate);
export const validateMemoryStore = (validate: KindValidation<"MemoryStore">) => validateKind("MemoryStore", validate);
export const validateMemory = (validate: KindValidation<"Memory">) => validateKind("Memory", validate);
export const validateFile = (validate: KindValidation<"File">) => validateKind("File", validate);
export const validateDeployment = (validate: KindValidation<"Deployment">) => validateKind("Deployment", validate);

/** One stack resource of a kind, with its props (outputs, in a stack policy) as a plain copy. */
export interface KindResource<K extends QoderKind> {
  resource: PolicyResource;
  props: SeenProps<K>;
}

export function isKind(resource: { type: string }, kind: QoderKind): boolean {
  return resource.type === QODER_TYPES[kind];
}

export function resourcesOfKind<K extends QoderKind>(resources: readonly PolicyResource[], kind: K): KindResource<K>[] {
  return resources.filter((resource) => isKind(resource, kind)).map((resource) => ({ resource, props: plainProps(resource.props) as SeenProps<K> }));
}

/** A stack validation the server skips when the stack holds no resource of `kind`. */
export function validateStackWithKind(kind: QoderKind, validate: StackValidation): StackValidation {
  return tagged<StackValidation>((args, reportViolation) => validate(args, reportViolation), kind);
}
