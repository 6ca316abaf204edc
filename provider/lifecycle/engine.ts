// One lifecycle engine for every kind: a kind describes its fields and its API calls (KindSpec), and
// defineLifecycle turns that into Pulumi's check/diff/create/read/update/delete with the shared rules:
// local check, outputs echoing inputs, stale-replay-safe creates in one request, adoption, refresh without
// phantom diffs.
import type * as pulumi from "@pulumi/pulumi";
import {
  canonicalJson,
  changedFields,
  diffFields,
  idempotencyKey,
  isUnknown,
  OWNER_METADATA_KEY,
  ownerOf,
  PartialCreateError,
  withOwner,
  refreshedInputs,
  unlessNotFound,
  schemaFailures,
  type CheckFailure,
  type Fields,
  type Props,
} from "./rules";
import { METADATA_LIMITS, pick } from "../api/records";
import { bodyFields, type AnyKind, type FieldSpec } from "../kinds/descriptor";
import { adoptIdFailures, deletionPolicyFailures, parentIdFailures } from "./provider-inputs";
import { ApiError } from "../client/errors";
import { isRetryableStatus } from "../client/retry";
import { isFreshCreate } from "./fresh-create";

/** What the serialized entry points call (entry-point.ts). */
export interface Lifecycle {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** Derives the Idempotency-Key of one operation on this resource (lifecycle.ts `idempotencyKey`). */
export type KeyFor = (operation: string, body: unknown) => string;

export interface KindSpec<Remote extends { id: string }> {
  /** The kind's descriptor (provider/kinds): its name, fields, outputs, id prefix and wire schema. */
  kind: object;
  /**
   * Local validation beyond what the descriptor implies (never an API call). The descriptor's own checks always
   * run: the wire schema on the body fields, `adoptId`'s prefix, a parent id, the provider settings' values.
   */
  validate?(inputs: Props): CheckFailure[];
  /**
   * Adds inputs derived locally once `validate` passed (a skill's content hash from its directory), with
   * failures of its own. May read local files, never the API (DESIGN.md: check stays local). `applied` is
   * the inputs state holds when the declared ones are exactly those: a derived value that depends only on
   * what is unchanged (a skill's name, while its content hash is) may be taken from there, not worked out
   * again.
   */
  prepare?(inputs: Props, applied?: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  create(inputs: Props, key: KeyFor): Promise<Remote>;
  /** Turns a create's failure into the error the user sees (a taken path names the object to adopt). */
  explainCreateFailure?(inputs: Props, err: unknown): Promise<unknown>;
  /** undefined when the object is gone. */
  retrieve(id: string, props: Props): Promise<Remote | undefined>;
  update(id: string, olds: Props, news: Props, key: KeyFor): Promise<Remote>;
  /** Destroy, honouring `deletionPolicy`; a 404 is already handled by the caller. */
  remove(id: string, props: Props, key: KeyFor): Promise<void>;
  /**
   * The remote object as inputs in user shape; by default its body fields and parent id. `applied` is what
   * state holds (on adoption: the declared inputs), for what the API never returns or fills in itself (a
   * skill's default title, its content hash while its version is unchanged). `adopting` says nothing was
   * applied yet, so write-only secrets are not.
   */
  toInputs?(remote: Remote, applied: Props, adopting: boolean): Props | Promise<Props>;
  /** Server-computed outputs; by default the descriptor's outputs as the remote object names them. */
  toOutputs?(remote: Remote): Props;
  /** True when the object cannot be used any more (archived): a create replay was stale, or it must be replaced. */
  isRetired?(remote: Remote): boolean;
  /** Checks that an existing object may be adopted (its kind and immutable fields match). */
  checkAdoptable?(remote: Remote, inputs: Props): string | undefined;
  /** True when the replacement cannot exist beside the old object (e.g. two credentials for one MCP URL). */
  deleteBeforeReplace?(olds: Props, news: Props): boolean;
}

/** Inputs that steer the provider only and are never compared (deletionPolicy is a `local` field). */
const PROVIDER_INPUTS = ["__identity", "adoptId"] as const;

/** How many times a create replayed by the API may turn out stale (see `createFresh`). */
const MAX_STALE_REPLAYS = 4;
/** How many keys one create may walk: each failed run within the API's 24-hour replay window adds one. */
const MAX_KEY_CHAIN = 32;

/** The wire schema's failures for the body the inputs make, named as the inputs are. */
function wireFailures(kind: AnyKind, inputs: Props, body: readonly string[]): CheckFailure[] {
  const failures = schemaFailures(kind.wire!, kind.toBody ? kind.toBody(inputs) : pick(inputs, body));
  return kind.inputPath ? failures.map((failure) => ({ ...failure, property: kind.inputPath!(failure.property) })) : failures;
}

/** What a kind's descriptor implies about its lifecycle: its label, field table, checks and read-back. */
function derived<Remote extends { id: string }>(spec: KindSpec<Remote>) {
  const kind = spec.kind as AnyKind;
  const fields: Fields = kind.fields as Record<string, FieldSpec>;
  const body = bodyFields(kind);
  const read = [...(kind.parent ? [kind.parent.field] : []), ...body];
  const outputs = Object.keys(kind.outputs).filter((name) => !fields[name]?.derived);
  return {
    label: kind.type,
    fields,
    /** Inputs check works out itself (a skill's content hash): state holds them, the program never sends them. */
    derivedInputs: Object.keys(fields).filter((name) => fields[name]?.derived),
    validate: (inputs: Props): CheckFailure[] => [
      ...(kind.wire ? wireFailures(kind, inputs, body) : []),
      ...(kind.parent
        ? parentIdFailures(kind.parent.field, inputs[kind.parent.field], kind.parent.idPrefix, kind.parent.type, kind.parent.idNoun)
        : []),
      ...Object.entries(fields).flatMap(([name, field]) => (field.allowed ? deletionPolicyFailures(name, inputs[name], field.allowed) : [])),
      ...adoptIdFailures(inputs.adoptId, kind.idPrefix, kind.idNoun),
      ...(spec.validate?.(inputs) ?? []),
    ],
    toInputs: spec.toInputs ?? ((remote: Remote) => pick(remote as unknown as Props, read)),
    toOutputs:
      spec.toOutputs ?? ((remote: Remote): Props => Object.fromEntries(outputs.map((name) => [name, (remote as unknown as Props)[name] ?? null]))),
  };
}

export function defineLifecycle<Remote extends { id: string }>(given: KindSpec<Remote>): Lifecycle {
  const spec = { ...given, ...derived(given) };
  const identityOf = (props: Props): string => String(props.__identity ?? `${spec.label}/${String(props.name ?? "")}`);
  const keyFor =
    (props: Props, scope: string): KeyFor =>
    (operation, body) =>
      idempotencyKey(identityOf(props), `${scope} ${operation}`, body);
  const outputsOf = (inputs: Props, remote: Remote): Props => ({ ...withoutIdentity(inputs), ...spec.toOutputs(remote) });

  /**
   * Objects this process created or destroyed. A create answer naming one of them is a replay of an earlier
   * call, however young: a delete-before-replace with an unchanged body sends its old key again milliseconds
   * after the delete, and an object archived right after its create (out of band) comes back as young. Such
   * an answer is read back; one that names an object new to this process needs no read when it is fresh.
   */
  const handled = new Set<string>();

  /**
   * The API replays the first answer to a reused Idempotency-Key for 24 hours, and our keys are derived from
   * the resource's identity and body, so a key can come back with an answer that no longer holds. Two cases
   * move on to the next key of a deterministic chain (attempt 1, 2, …), which a re-run after a crash walks
   * the same way and so still replays its own create:
   * - a replayed 4xx: an earlier run failed there and created nothing (a memory path taken then); the cause
   *   may be gone, so ask again rather than fail for a day;
   * - a replayed success whose object is archived or gone since (a destroy and an identical create).
   * The second needs a read of the object, but only for a replay: an answer whose object the API created
   * during this very call (fresh-create.ts: its `created_at` against the response's Date) is trusted as it is,
   * so a create costs one request. A retry's replay of the call's own first attempt (the connection dropped
   * after the commit) is made during the call and counts as fresh; a re-run after a crash gets an older
   * replay, reads it back and keeps it.
   */
  async function createFresh(inputs: Props): Promise<Remote> {
    let stale = 0;
    let replayedFailure: unknown;
    for (let attempt = 0; attempt < MAX_KEY_CHAIN; attempt++) {
      const key: KeyFor = (operation, body) => idempotencyKey(identityOf(inputs), `create ${operation}`, body, attempt);
      let created: Remote;
      try {
        created = await spec.create(owned(inputs), key);
      } catch (err) {
        if (isReplayedFailure(err)) {
          replayedFailure = err;
          continue;
        }
        throw spec.explainCreateFailure ? await spec.explainCreateFailure(inputs, err) : err;
      }
      if (isFreshCreate(created) && !handled.has(created.id)) {
        handled.add(created.id);
        return created;
      }
      const current = await spec.retrieve(created.id, inputs).catch((err: unknown) => {
        throw new PartialCreateError(created.id, outputsOf(inputs, created), err);
      });
      if (current && !spec.isRetired?.(current)) {
        handled.add(current.id);
        return current;
      }
      replayedFailure = undefined;
      if (++stale >= MAX_STALE_REPLAYS) break;
    }
    // The chain ran out on failures replayed from earlier runs: the last one says why.
    if (replayedFailure !== undefined) throw spec.explainCreateFailure ? await spec.explainCreateFailure(inputs, replayedFailure) : replayedFailure;
    throw new Error(`${spec.label}: the API kept answering with an object that no longer exists, or with an earlier failure; try again later`);
  }

  async function adopt(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const id = String(inputs.adoptId);
    const existing = await spec.retrieve(id, inputs);
    if (!existing) throw new Error(`${spec.label}: adoptId ${id} does not exist (or belongs to another account)`);
    if (spec.isRetired?.(existing)) throw new Error(`${spec.label}: adoptId ${id} is archived and cannot be adopted`);
    const refusal = spec.checkAdoptable?.(existing, inputs);
    if (refusal) throw new Error(`${spec.label}: cannot adopt ${id}: ${refusal}`);
    // Adopting brings the object to the declared state right away, like any later update would. Nothing has
    // been applied yet, so write-only values count as different and are sent (a credential's secret).
    const applied = { ...inputs, ...ownerHidden(await spec.toInputs(existing, inputs, true)), ...spec.toOutputs(existing) };
    const changes = diffFields(spec.fields, applied, inputs);
    if (changes.replaces.length > 0) {
      throw new Error(`${spec.label}: cannot adopt ${id}: ${changes.replaces.join(", ")} differ from the declared values and cannot change in place`);
    }
    const remote = changes.changes ? await spec.update(id, applied, inputs, keyFor(inputs, `adopt ${id}`)) : existing;
    return { id, outs: outputsOf(inputs, remote) };
  }

  return {
    async check(olds, news) {
      // A preview sends `__identity` unknown (resources/resource.ts `identityInput`): the one in state stands
      // for it, so it neither shows as changed nor makes the inputs look new.
      const identified = isUnknown(news.__identity) && typeof olds.__identity === "string" ? { ...news, __identity: olds.__identity } : news;
      // `adoptId` speaks to the first create only. Once the resource is in state (check gets its old
      // inputs), a create is a replacement, which must make a new object: adopting the id again would
      // hand back the very object the engine deletes next.
      const declared = Object.keys(olds).length > 0 && identified.adoptId !== undefined ? withoutAdoptId(identified) : identified;
      // Inputs exactly as state holds them passed this check when they went in: a no-change preview validates
      // nothing again, and loads no wire schema for it. What check derives from outside (a skill's directory)
      // is still read by prepare, which gets the applied inputs to reuse what the unchanged part decides.
      const same = unchanged(olds, declared, spec.derivedInputs);
      const failures = same ? [] : [...spec.validate(declared), ...(spec.fields.metadata ? ownerKeyFailures(declared.metadata) : [])];
      // Derived inputs come from valid inputs only; a failed check reports the user's own mistakes.
      if (!spec.prepare || failures.length > 0) return { inputs: declared, failures };
      return spec.prepare(declared, same ? olds : undefined);
    },

    async diff(_id, olds, news) {
      const result = diffFields(spec.fields, olds, news);
      if (olds.archivedAt) {
        // Archived outside Pulumi (found by refresh): the object takes no new work, so it is replaced.
        result.changes = true;
        result.replaces = [...result.replaces, "archivedAt"];
      }
      if (result.replaces.length > 0 && spec.deleteBeforeReplace?.(olds, news)) result.deleteBeforeReplace = true;
      return result;
    },

    async create(inputs) {
      if (inputs.adoptId) return adopt(inputs);
      const remote = await createFresh(inputs);
      return { id: remote.id, outs: outputsOf(inputs, remote) };
    },

    async read(id, props) {
      const remote = await spec.retrieve(id, props);
      // A blank id tells the engine the object is gone, and refresh drops it from state (DESIGN.md).
      if (!remote) return {};
      const remoteInputs = ownerHidden(await spec.toInputs(remote, props, false));
      const inputs: Props = { ...pick(props, PROVIDER_INPUTS), ...refreshedInputs(spec.fields, props, remoteInputs) };
      // Outputs that earlier releases wrote hold the identity (see withoutIdentity): a refresh keeps it there.
      return { id, props: { ...outputsOf(inputs, remote), ...pick(props, ["__identity"]) }, inputs };
    },

    async update(id, olds, news) {
      const onlyProviderSettings = changedFields(spec.fields, olds, news).every((name) => spec.fields[name]?.local);
      if (onlyProviderSettings) {
        const computed: Props = {};
        for (const [name, value] of Object.entries(olds)) if (!(name in spec.fields) && name !== "__provider") computed[name] = value;
        return { outs: withoutIdentity({ ...computed, ...news }) };
      }
      const remote = await spec.update(id, olds, news, keyFor(news, `update ${id} ${String(olds.updatedAt ?? "")}`));
      return { outs: outputsOf(news, remote) };
    },

    async delete(id, props) {
      await unlessNotFound(() => spec.remove(id, props, keyFor(props, `delete ${id}`)));
      handled.add(id);
    },
  };
}

/**
 * The inputs a create sends: the user's metadata plus the owner key (lifecycle.ts OWNER_METADATA_KEY), unless
 * the user's metadata already takes every key the API allows.
 */
function owned(inputs: Props): Props {
  const owner = ownerOf(inputs);
  const metadata = inputs.metadata;
  const full = metadata !== null && typeof metadata === "object" && Object.keys(metadata).length >= METADATA_LIMITS.maxKeys;
  return owner === undefined || full ? inputs : { ...inputs, metadata: withOwner(metadata, owner) };
}

/** The object as refresh and adoption compare it: the owner key is the provider's, not a declared value. */
function ownerHidden(remote: Props): Props {
  return remote.metadata === undefined ? remote : { ...remote, metadata: withOwner(remote.metadata, undefined) };
}

/** The owner key is the provider's: a user may not set it. */
function ownerKeyFailures(metadata: unknown): CheckFailure[] {
  if (metadata === null || typeof metadata !== "object" || isUnknown(metadata) || !Object.hasOwn(metadata, OWNER_METADATA_KEY)) return [];
  return [{ property: "metadata", reason: `the key "${OWNER_METADATA_KEY}" is reserved: pulumi-qoder records there which stack manages the object` }];
}

/** A 4xx the API replayed from an earlier attempt under the same key: nothing was created then. */
function isReplayedFailure(err: unknown): boolean {
  return err instanceof ApiError && err.replayed && err.status >= 400 && err.status < 500 && !isRetryableStatus(err.status);
}

/**
 * The new inputs are exactly the old ones, but for what check derives (`derived`, a skill's content hash),
 * which the old inputs hold and the declared ones do not.
 */
function unchanged(olds: Props, news: Props, derived: readonly string[]): boolean {
  if (Object.keys(olds).length === 0) return false;
  const declared = derived.length === 0 ? olds : Object.fromEntries(Object.entries(olds).filter(([name]) => !derived.includes(name)));
  return canonicalJson(declared) === canonicalJson(news);
}

/**
 * Outputs without `__identity`: the program sends it with every preview and up, and only create and update
 * need it (their idempotency keys, the owner metadata), both of which get the inputs. Kept in outputs, it
 * would be about 90 more bytes of each resource's state, rewritten at every checkpoint. Delete and refresh
 * name the object by its API name; the engine names the resource beside the message.
 */
function withoutIdentity(props: Props): Props {
  const { __identity: _identity, ...rest } = props;
  return rest;
}

function withoutAdoptId(props: Props): Props {
  const { adoptId: _adopted, ...rest } = props;
  return rest;
}
