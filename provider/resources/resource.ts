// Program-side helpers shared by every Resource class: the type token, the identity input that makes
// idempotency keys stable across runs and unique to this stack, output seeding, and deep Input types. Runs
// in the user's program.
import * as pulumi from "@pulumi/pulumi";
import { outputNames, type AnyKind, type KindDescriptor } from "../kinds/descriptor";
import { typeToken } from "../kinds/tokens";
import stackIdentityEntry = require("./entry/stack-identity");

export { TOKEN_PREFIX } from "../kinds/tokens";

/** Every level of a value may be an Input (e.g. `skills: [{ skillId: skill.id }]`). */
export type DeepInput<T> = pulumi.Input<
  T extends readonly (infer Item)[] ? DeepInput<Item>[] : T extends object ? { [K in keyof T]: DeepInput<T[K]> } : T
>;

/**
 * The props a Resource registers: the user's inputs, `__identity`
 * (`<stack identity>/<project>/<stack>/<type>/<name>`, from which idempotency keys derive and
 * which created objects carry as owner metadata; DESIGN.md "Reliability rules"), and every declared output
 * seeded as undefined so that the engine registers it (prior-art.md §B.3).
 */
export function registerProps(typeName: string, name: string, args: object, outputs: readonly string[]): pulumi.Inputs {
  const props: Record<string, unknown> = {};
  for (const output of outputs) props[output] = undefined;
  const dropped = protoKeyPath(args, "");
  if (dropped !== undefined) {
    throw new Error(`${typeName} "${name}": ${dropped} has the key "__proto__", which Pulumi drops on its way to the provider; choose another key`);
  }
  // Pulumi's SDK prints each input with `${value}` as it registers it, which throws for a map holding a
  // `toString` key (metadata { toString: "y" }); an Output it never prints, and it sends the same value.
  for (const [key, value] of Object.entries(args)) props[key] = unprintable(value) ? pulumi.output(value) : value;
  props.__identity = identityInput(`/${pulumi.getProject()}/${pulumi.getStack()}/${typeName}/${name}`);
  return props as pulumi.Inputs;
}

/**
 * The `__identity` input: the stack identity's id and `suffix`. A preview sends it unknown at once, since
 * only create and update read it and a preview runs neither; check puts back the value state holds, so
 * nothing shows as changed. Waiting for the id would hold every resource's registration until the engine has
 * started the provider process and checked the identity, a fixed 0.3-0.5 s of every preview. The identity
 * is declared either way, so a preview of a new stack still shows it created.
 */
function identityInput(suffix: string): unknown {
  const id = stackIdentityId();
  if (pulumi.runtime.isDryRun()) return pulumi.unknown;
  const value = stackIdentityValue(id);
  return value ? value.then((known) => (typeof known === "string" ? known + suffix : known)) : pulumi.interpolate`${id}${suffix}`;
}

/** True when `${value}` throws: a map (or a list holding one) whose `toString` is a user's key, not a method. */
function unprintable(value: unknown): boolean {
  if (value === null || typeof value !== "object" || pulumi.Output.isInstance(value)) return false;
  if (Array.isArray(value)) return value.some(unprintable);
  const object = value as { toString?: unknown; [Symbol.toPrimitive]?: unknown };
  const primitive = object[Symbol.toPrimitive];
  return typeof object.toString !== "function" || (primitive !== undefined && primitive !== null && typeof primitive !== "function");
}

/** Where a plain map of the inputs has an own `__proto__` key (`metadata`), which Pulumi cannot send. */
function protoKeyPath(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== "object" || pulumi.Output.isInstance(value)) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return undefined;
  if (!Array.isArray(value) && Object.hasOwn(value, "__proto__")) return path || "the inputs";
  for (const [key, inner] of Object.entries(value)) {
    const found = protoKeyPath(inner, Array.isArray(value) ? `${path}[${key}]` : `${path}${path ? "." : ""}${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The resource name of every stack's identity (one per stack). */
export const STACK_IDENTITY_NAME = "qoder-stack-identity";

/**
 * A stack's identity: a random id the provider makes once, with no API call, and keeps in state before any
 * Qoder object is created. Project and stack names are not enough to tell stacks apart: two developers'
 * `dev` stacks in different backends share them, and with them every idempotency key, so the second stack
 * would get the first one's objects back by replay and later destroy them.
 */
export class StackIdentity extends pulumi.dynamic.Resource {
  static readonly __pulumiType = typeToken("StackIdentity");

  constructor(name: string, opts?: pulumi.CustomResourceOptions) {
    super(stackIdentityEntry, name, {}, opts, "qoder", "StackIdentity");
  }
}

// One identity per program run. Runs are told apart by the engine connection (`getMonitor()`), which is new
// for each run, also when the Automation API runs an inline program several times in one process. The map
// lives on the global object, so two copies of the package in one program (nested node_modules) still
// declare one identity rather than two resources with the same URN.
const SLOT = Symbol.for("pulumi-qoder.stack-identities");
const NO_MONITOR = {};

/** The id of this stack's identity; the first resource of a run that asks declares it. */
export function stackIdentityId(): pulumi.Output<string> {
  const holder = globalThis as { [SLOT]?: WeakMap<object, pulumi.Output<string>> };
  const identities = (holder[SLOT] ??= new WeakMap());
  const run = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_MONITOR;
  const existing = identities.get(run);
  if (existing) return existing;
  const { id } = new StackIdentity(STACK_IDENTITY_NAME);
  identities.set(run, id);
  return id;
}

const identityValues = new WeakMap<pulumi.Output<string>, Promise<string | typeof pulumi.unknown>>();

/**
 * The identity's id as a plain promise, `pulumi.unknown` while it is (a preview of a new stack): a resource's
 * `__identity` is made from it rather than from the Output. The value is the same; what differs is that an
 * Output input would record the identity as a dependency of every resource, about 190 bytes in each one's
 * state (rewritten at every checkpoint) and an edge for the engine, for an object that has no lifecycle to
 * order against: it makes no API call, and a resource created with its id keeps that id in its own state.
 * Reads the Output's `isKnown` promise, which every SDK release has; undefined without it (then the Output is used).
 */
function stackIdentityValue(id: pulumi.Output<string>): Promise<string | typeof pulumi.unknown> | undefined {
  const isKnown = (id as unknown as { isKnown?: unknown }).isKnown;
  if (!(isKnown instanceof Promise)) return undefined;
  let value = identityValues.get(id);
  if (!value) {
    value = isKnown.then((known: boolean) => (known ? new Promise<string>((resolve) => id.apply(resolve)) : pulumi.unknown));
    identityValues.set(id, value);
  }
  return value;
}

/** A kind's inputs as a program passes them: any level may be an Input, and `adoptId` takes over an object. */
export type ArgsOf<View> = { [K in keyof View]: DeepInput<View[K]> } & {
  /** Take over this existing object instead of creating one (docs/lifecycle.md, "Adoption"). */
  adoptId?: pulumi.Input<string>;
};

/** Every input and output of a kind as the resource's Output properties. */
export type OutputsOf<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/** The constructor `kindResource` makes: `new Agent(name, args, opts)`. */
export interface KindResourceClass<View, Outputs> {
  new (name: string, args: ArgsOf<View>, opts?: pulumi.CustomResourceOptions): pulumi.dynamic.Resource & OutputsOf<View & Outputs>;
  readonly __pulumiType: string;
}

/**
 * The program-side class of a kind: it registers the args (write-only secrets marked as Pulumi secrets, per
 * the descriptor), the identity input and the declared outputs, with the kind's serialized entry module as
 * its provider. Loads nothing of the provider process: the entry module requires that at call time.
 */
export function kindResource<View, Outputs>(
  kind: KindDescriptor<View, Outputs>,
  entry: pulumi.dynamic.ResourceProvider,
): KindResourceClass<View, Outputs> {
  const { type, fields } = kind as unknown as AnyKind;
  const outputs = outputNames(kind);
  const secretFields = Object.entries(fields).filter(([, spec]) => spec.secrets !== undefined);
  let provider: pulumi.Output<string> | undefined;
  // A CustomResource doing what pulumi.dynamic.Resource's constructor does (the `__provider` input and the
  // `pulumi-nodejs:dynamic/qoder:<Type>` token) rather than a subclass of it. The SDK records where a
  // resource was declared by skipping its own constructors' frames, one fewer than a dynamic resource has;
  // so the frame it records is the user's `new Agent(...)`, as for any provider's resource, and not this
  // constructor: a source position that helps the user, and about 150 bytes less in each resource's state.
  class KindResource extends pulumi.CustomResource {
    static readonly __pulumiType = typeToken(type);

    constructor(name: string, args: ArgsOf<View>, opts?: pulumi.CustomResourceOptions) {
      let marked = args as Record<string, unknown>;
      for (const [field, spec] of secretFields) marked = { ...marked, [field]: markSecrets(marked[field], spec.secrets ?? []) };
      const props = registerProps(type, name, marked, outputs);
      props.__provider = provider ??= serializedProvider(entry);
      super(typeToken(type), name, props, opts);
    }
  }
  // Still a pulumi.dynamic.Resource to `instanceof`; `super` keeps calling CustomResource's constructor.
  Object.setPrototypeOf(KindResource.prototype, pulumi.dynamic.Resource.prototype);
  // The class itself is the kind's export (`export const Agent = kindResource(...)`), not a subclass of it:
  // a subclass's constructor would be the frame the SDK records.
  Object.defineProperty(KindResource, "name", { value: type });
  return KindResource as unknown as KindResourceClass<View, Outputs>;
}

/**
 * A kind's `__provider` input: its entry module serialized as pulumi.dynamic.Resource serializes a provider
 * (Pulumi's closure serializer on `() => provider`), so the text is the one every existing resource holds in
 * state; a different one would replace them all. Made once per kind, as the SDK caches it per provider. The
 * SDK marks it secret when the closure captured a secret, which an entry module cannot.
 */
function serializedProvider(provider: pulumi.dynamic.ResourceProvider): pulumi.Output<string> {
  return pulumi.output(pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then((serialized) => serialized.text));
}

/** Marks each write-only value inside `value` (by path) as a Pulumi secret, so state holds it encrypted. */
function markSecrets(value: unknown, paths: readonly (readonly string[])[]): unknown {
  if (value === undefined) return value;
  if (!isPlain(value)) return pulumi.secret(value);
  let marked = value;
  for (const path of paths) marked = markSecret(marked, path);
  return marked;
}

/** Not an Output or a promise yet, so its parts can be marked one by one. */
function isPlain(value: unknown): value is Record<string, unknown> {
  return !pulumi.Output.isInstance(value) && value !== null && typeof value === "object" && !(value instanceof Promise);
}

/** Marks the value at `path` inside a plain value; `*` stands for every item of a list. */
function markSecret(value: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  if (head === "*") {
    if (!Array.isArray(value)) return value;
    return value.map((item: unknown) => (rest.length === 0 || !isPlain(item) ? pulumi.secret(item) : markSecret(item, rest))) as never;
  }
  const inner = value[head];
  if (inner === undefined) return value;
  if (rest.length === 0 || !isPlain(inner)) return { ...value, [head]: pulumi.secret(inner) };
  return { ...value, [head]: markSecret(inner, rest) };
}
