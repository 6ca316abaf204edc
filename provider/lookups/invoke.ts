// How every lookup runs: its arguments checked before any call, its API calls through the connection's client,
// its failures as one LookupError whose message names the function and the id (a 404 says plainly that no such
// object exists at that base URL), and its Output form built on the Promise form as Pulumi's invokes are: it
// waits for its inputs, makes no call while one is unknown (a preview of a new stack), and is a secret when an
// input is or when the result holds something secret-like.
import * as pulumi from "@pulumi/pulumi";
import { isNotFound, QoderError, type QoderClient, redact } from "../client";
import { lookupClient, type LookupOptions } from "./connection";

/** A lookup that failed: its arguments were refused, or the API call failed (`cause` holds the client's error). */
export class LookupError extends QoderError {
  override name = "LookupError";
  /** True when the API answered 404: no object with that id in the account. */
  readonly notFound: boolean;

  constructor(message: string, options: { cause?: unknown; notFound?: boolean } = {}) {
    // The client's messages are redacted already; this pass only keeps a token-shaped string from ever showing.
    super(redact(message), { cause: options.cause });
    this.notFound = options.notFound ?? false;
  }
}

/** Each argument may be an Output (`{ id: agent.id }`) in the Output form. */
export type OutputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** What one by-id lookup reads and how it names its kind. */
export interface ByIdSpec<R> {
  /** The function's name, for messages: `getAgent`. */
  name: string;
  /** The kind as messages name it: `agent`. */
  noun: string;
  /** The kind's id prefix (`agent_`) and how an id of it is named ("an agent id"). */
  kind: { idPrefix: string; idNoun: string };
  read(client: QoderClient, id: string, signal: AbortSignal | undefined): Promise<R>;
}

/** The id of a by-id lookup, refused before any call when it cannot be one of the kind. */
function checkedId(spec: ByIdSpec<unknown>, args: { id?: unknown } | undefined): string {
  const id = args?.id;
  if (pulumi.Output.isInstance(id)) {
    throw new LookupError(`${spec.name}: id is an Output; use ${spec.name}Output({ id }) to look up an id another resource computes`);
  }
  if (typeof id !== "string" || id.trim() === "") throw new LookupError(`${spec.name}: id is required (${spec.kind.idNoun})`);
  if (!id.startsWith(spec.kind.idPrefix)) {
    throw new LookupError(`${spec.name}: id must be ${spec.kind.idNoun} (${spec.kind.idPrefix}…); got "${id}"`);
  }
  return id;
}

/** The Promise form of a by-id lookup. */
export function byId<R>(spec: ByIdSpec<R>): (args: { id: string }, opts?: LookupOptions) => Promise<R> {
  return async (args, opts) => {
    const id = checkedId(spec as ByIdSpec<unknown>, args);
    const client = connect(spec.name, opts);
    try {
      return await spec.read(client, id, opts?.signal);
    } catch (err) {
      if (isNotFound(err)) {
        throw new LookupError(
          `${spec.name}: no ${spec.noun} "${id}" in the Qoder account at ${client.baseUrl} (404). Check the id, and that ` +
            "qoder:baseUrl, qoder:region or QODER_BASE_URL name the account that holds it.",
          { cause: err, notFound: true },
        );
      }
      throw failure(`${spec.name}("${id}")`, err);
    }
  };
}

/** The Promise form of a list lookup. */
export function listing<A, R>(
  name: string,
  list: (client: QoderClient, args: A, signal: AbortSignal | undefined) => Promise<R[]>,
): (args?: A, opts?: LookupOptions) => Promise<R[]> {
  return async (args, opts) => {
    const client = connect(name, opts);
    try {
      return await list(client, (args ?? {}) as A, opts?.signal);
    } catch (err) {
      throw failure(name, err);
    }
  };
}

/**
 * The Output form of a lookup: runs the Promise form once every argument is known. While one is unknown (an id
 * a preview has not computed yet) it makes no call and the result is unknown, as Pulumi's own invokes are.
 */
export function outputForm<A extends object, R>(
  run: (args: A, opts?: LookupOptions) => Promise<R>,
  secret?: (result: R) => boolean,
): (args: OutputArgs<A>, opts?: LookupOptions) => pulumi.Output<R> {
  return (args, opts) => {
    const plain = pulumi.output(args as pulumi.Input<A>) as unknown as pulumi.Output<A>;
    const result = plain.apply((known) => run(known, opts));
    return (secret ? result.apply((value) => (secret(value) ? pulumi.secret(value) : value)) : result) as pulumi.Output<R>;
  };
}

/** The Output form of a list lookup, whose arguments are all optional. */
export function listOutputForm<A extends object, R>(
  run: (args: A, opts?: LookupOptions) => Promise<R>,
  secret?: (result: R) => boolean,
): (args?: OutputArgs<A>, opts?: LookupOptions) => pulumi.Output<R> {
  const form = outputForm(run, secret);
  return (args, opts) => form(args ?? ({} as OutputArgs<A>), opts);
}

function connect(name: string, opts: LookupOptions | undefined): QoderClient {
  try {
    return lookupClient(opts);
  } catch (err) {
    throw failure(name, err);
  }
}

function failure(where: string, err: unknown): LookupError {
  if (err instanceof LookupError) return err;
  return new LookupError(`${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
