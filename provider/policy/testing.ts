// Complete validation args for our kinds and a runner that collects violations like the policy server, so
// rules (ours and users' own) are unit-testable without the engine. Nothing is loaded at import time; the
// SDK's unknown-checking proxy is required only when a test asks for preview behaviour.
import type {
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { QODER_TYPES, type QoderKind } from "./kinds";

export { UNKNOWN } from "./values";

export interface ArgsOptions {
  /** What `getConfig()` returns; `runPolicy` lays it over the policy's schema defaults, as the engine does. */
  config?: Record<string, unknown>;
  stack?: string;
  project?: string;
  /** Wrap props in @pulumi/policy's unknown-checking proxy, as the server does: touching an unknown throws. */
  preview?: boolean;
  stackTags?: Record<string, string>;
  opts?: Partial<PolicyResourceOptions>;
}

export interface PolicyResourceOptionsForTest extends ArgsOptions {
  propertyDependencies?: Record<string, PolicyResource[]>;
  dependencies?: PolicyResource[];
  parent?: PolicyResource;
}

/** Thrown by the args' `notApplicable`, caught by `runPolicy` (the SDK's own error class is internal). */
export class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

type ResourceClass = { __pulumiType?: unknown; isInstance?: (value: unknown) => boolean };

/** The server's type test: a class's static `__pulumiType`, else its `isInstance` on a branded object. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const candidate = resourceClass as ResourceClass;
  if (typeof candidate.__pulumiType === "string" && candidate.__pulumiType !== "") return candidate.__pulumiType === type;
  return typeof candidate.isInstance === "function" && candidate.isInstance({ __pulumiType: type }) === true;
}

export function urnOf(kind: QoderKind, name: string, options: ArgsOptions = {}): string {
  return `urn:pulumi:${options.stack ?? "test"}::${options.project ?? "qoder-fleet"}::${QODER_TYPES[kind]}::${name}`;
}

function resourceOptions(opts: Partial<PolicyResourceOptions> = {}): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...opts,
  };
}

function seenProps(props: Record<string, unknown>, preview: boolean | undefined): Record<string, unknown> {
  if (!preview) return props;
  const sdk = require("@pulumi/policy") as { unknownCheckingProxy: <T>(value: T) => T };
  return sdk.unknownCheckingProxy(props);
}

function shared(options: ArgsOptions) {
  const project = options.project ?? "qoder-fleet";
  return {
    stackTags: new Map(Object.entries({ "pulumi:project": project, ...options.stackTags })) as ReadonlyMap<string, string>,
    getConfig: <T extends object>() => ({ ...options.config }) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicableError(reason);
    },
  };
}

/** Args for a resource policy, as the server builds them for one of our resources (inputs as props). */
export function resourceArgs(kind: QoderKind, name: string, props: Record<string, unknown>, options: ArgsOptions = {}): ResourceValidationArgs {
  const type = QODER_TYPES[kind];
  const seen = seenProps(props, options.preview);
  const args: ResourceValidationArgs = {
    type,
    props: seen,
    urn: urnOf(kind, name, options),
    name,
    opts: resourceOptions(options.opts),
    ...shared(options),
    isType: (resourceClass) => isTypeOf(type, resourceClass),
    asType: ((resourceClass: unknown) => (isTypeOf(type, resourceClass) ? seen : undefined)) as ResourceValidationArgs["asType"],
  };
  return args;
}

/** One stack resource (outputs as props), for `stackArgs`. */
export function policyResource(
  kind: QoderKind,
  name: string,
  props: Record<string, unknown>,
  options: PolicyResourceOptionsForTest = {},
): PolicyResource {
  const type = QODER_TYPES[kind];
  const seen = seenProps(props, options.preview);
  return {
    type,
    props: seen,
    urn: urnOf(kind, name, options),
    name,
    opts: resourceOptions(options.opts),
    dependencies: options.dependencies ?? [],
    propertyDependencies: options.propertyDependencies ?? {},
    ...(options.parent ? { parent: options.parent } : {}),
    isType: (resourceClass) => isTypeOf(type, resourceClass),
    asType: ((resourceClass: unknown) => (isTypeOf(type, resourceClass) ? seen : undefined)) as PolicyResource["asType"],
  };
}

export function stackArgs(resources: PolicyResource[], options: ArgsOptions = {}): StackValidationArgs {
  return { resources, ...shared(options) };
}

export interface Violation {
  message: string;
  urn?: string;
}

export interface PolicyRun {
  violations: Violation[];
  /** Set when a validation called `notApplicable`. */
  notApplicable?: string;
  /** Set when a validation touched an unknown value: the server would turn this into an advisory diagnostic. */
  unknownValue?: string;
}

/** The engine fills each config property's schema default before the pack sees the config. */
function withSchemaDefaults<A extends { getConfig<T extends object>(): T }>(policy: Policy, args: A): A {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) defaults[key] = schema.default;
  }
  return { ...args, getConfig: <T extends object>() => ({ ...defaults, ...args.getConfig<object>() }) as T };
}

/** Runs every validation of a policy against args, the way the server does, and collects the outcome. */
export async function runPolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<PolicyRun>;
export async function runPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<PolicyRun>;
export async function runPolicy(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  args: ResourceValidationArgs | StackValidationArgs,
): Promise<PolicyRun> {
  const run: PolicyRun = { violations: [] };
  const report = (message: string, urn?: string) => run.violations.push(urn === undefined ? { message } : { message, urn });
  const configured = withSchemaDefaults(policy, args);
  const validations: ((a: never, r: typeof report) => unknown)[] =
    "validateStack" in policy ? [policy.validateStack] : [policy.validateResource ?? []].flat();
  for (const validate of validations) {
    try {
      await validate(configured as never, report);
    } catch (error) {
      if (error instanceof NotApplicableError) run.notApplicable = error.reason ?? error.message;
      else if (error instanceof Error && error.constructor.name === "UnknownValueError") run.unknownValue = error.message;
      else throw error;
    }
  }
  return run;
}

/** Just the messages, for assertions that read like the CLI output. */
export function messagesOf(run: PolicyRun): string[] {
  return run.violations.map((violation) => violation.message);
}
