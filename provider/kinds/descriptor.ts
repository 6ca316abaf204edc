// What a kind is, said once: its type token, its inputs (the camelCase view of its wire schema plus the
// provider's own settings) with how each one is compared, sent and refreshed, and its server-computed outputs.
// The Resource classes, the lifecycles, the fleet, qoder-adopt, the emulator and the policy views derive
// from the descriptors in this folder. Pure data and types: no I/O, no Pulumi, no client.
import type { z } from "zod";
import { typeToken, type KindType } from "./tokens";

/** How one input is compared, refreshed and sent. */
export interface FieldSpec {
  /** The API cannot change it in place: a change replaces the object (or only some changes do). */
  replace?: boolean | ((old: unknown, wanted: unknown) => boolean);
  /** What the API assumes when the input is absent, so "absent" and "default" never show as a change. */
  default?: unknown;
  /** What an update sends for a field the program no longer sets; absent: the field is left out. */
  cleared?: unknown;
  /** Brings a value into the form the API answers with, so diff and refresh compare like with like. */
  normalize?: (value: unknown) => unknown;
  /** Write-only: the API never returns it (or its secret parts), so refresh keeps the applied value. */
  notReadBack?: boolean;
  /** Write-only secrets inside the value, by path (`["refresh", "refreshToken"]`): Pulumi secrets in state. */
  secrets?: readonly (readonly string[])[];
  /** A provider-side setting (e.g. `deletionPolicy`): never sent or read back; changing it touches only state. */
  local?: boolean;
  /** The values a `local` setting may take; check names them when another is given. */
  allowed?: readonly string[];
  /** Computed by check from other inputs (a skill's content hash): an output the user never sets. */
  derived?: boolean;
  /** Applied with a call of its own (a deployment's `paused`: pause/unpause), never in a create or update body. */
  ownCall?: boolean;
}

/** The parent object a child lives under: its id is an input and the API takes it in the request path. */
export interface ParentSpec {
  /** The input that holds the parent's id (`vaultId`). */
  field: string;
  type: KindType;
  idPrefix: string;
  /** How messages name such an id: "a vault id". */
  idNoun: string;
}

/**
 * One kind. `View` is what a user declares (camelCase), `Outputs` what the server computes. The field table
 * must name every input of the view, so a field added to a wire schema fails to compile until it says how
 * it diffs.
 */
export interface KindDescriptor<View = Record<string, unknown>, Outputs = Record<string, unknown>> {
  readonly type: KindType;
  /** The prefix of this kind's ids (`agent_`), checked on `adoptId`. */
  readonly idPrefix: string;
  /** How messages name an id of this kind: "an agent id". */
  readonly idNoun: string;
  /**
   * The `POST` create body (snake_case) that check validates the inputs against, when the API takes JSON.
   * Descriptors define it as a getter that requires the schema on first use: a program declaring resources
   * never validates, so the package entry loads no schema and no zod (test/engine/package-fit.test.ts).
   */
  readonly wire?: z.ZodType;
  readonly fields: { readonly [K in keyof View]-?: FieldSpec } & { readonly [K in keyof Outputs]?: FieldSpec };
  /** Server-computed outputs, each with the sentence the reference prints for it. */
  readonly outputs: { readonly [K in keyof Outputs]-?: string };
  readonly parent?: ParentSpec;
  /**
   * The create body (camelCase) when it is not the body fields as declared (a deployment's schedule and
   * environment variables take another form on the wire). Check validates what this gives against `wire`.
   */
  readonly toBody?: (inputs: Record<string, unknown>) => Record<string, unknown>;
  /** Names a failure's wire path as the declared input (`schedule.expression` → `schedule.cron`). */
  readonly inputPath?: (bodyPath: string) => string;
}

/** The erased form the generic machinery works on. */
export type AnyKind = KindDescriptor<Record<string, unknown>, Record<string, unknown>>;

export function defineKind<View, Outputs>(kind: KindDescriptor<View, Outputs>): KindDescriptor<View, Outputs> {
  return kind;
}

const asAny = (kind: object): AnyKind => kind as AnyKind;

/** The inputs the API holds and the create body carries: neither provider settings nor derived values nor the parent. */
export function bodyFields(kind: object): string[] {
  const { fields, parent } = asAny(kind);
  return Object.entries(fields as Record<string, FieldSpec>)
    .filter(([name, spec]) => !spec.local && !spec.derived && !spec.ownCall && name !== parent?.field)
    .map(([name]) => name);
}

/** What an update sends for each field the program no longer sets. */
export function clearedValues(kind: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(asAny(kind).fields as Record<string, FieldSpec>)) {
    if (Object.hasOwn(spec, "cleared")) out[name] = spec.cleared;
  }
  return out;
}

/** The outputs a Resource registers before the provider fills them: the server's and the derived inputs. */
export function outputNames(kind: object): string[] {
  const { fields, outputs } = asAny(kind);
  const derived = Object.entries(fields as Record<string, FieldSpec>).filter(([, spec]) => spec.derived);
  return [...derived.map(([name]) => name), ...Object.keys(outputs)];
}

/** `pulumi-nodejs:dynamic/qoder:Agent`: what the engine, state and policies call the kind. */
export function tokenOf(kind: object): string {
  return typeToken(asAny(kind).type);
}

/** `deletionPolicy`: a provider setting with a default and the values it may take. */
export function deletionPolicy(first: DeletionPolicy): FieldSpec {
  return { local: true, default: first, allowed: first === "delete" ? ["delete", "archive"] : ["archive", "delete"] };
}

export type DeletionPolicy = "delete" | "archive";
