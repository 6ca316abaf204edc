// Every error a provider method throws becomes one paragraph a person can act on: what failed (kind, resource
// name and id, operation), why (the API's answer or the connection problem) and what to do. The engine prints
// that paragraph and nothing else; the JavaScript stack goes to Pulumi's debug output only (failure-report.ts).
// Pure: no I/O, no Pulumi runtime, so every category is unit-testable.
import { isRecord } from "../api/records";
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  PermissionDeniedError,
  QoderError,
  ResponseValidationError,
  TimeoutError,
} from "../client/errors";
import { redact } from "../client/redact";
import { isUnknown, parseIdentity, PartialCreateError } from "./rules";

/** Where a failure happened, as far as the provider method's arguments tell. */
export interface FailureContext {
  /** The entry point's kind name: `agent`, `vault-credential`. */
  kind: string;
  /** The provider method: `configure`, `check`, `diff`, `create`, `read`, `update`, `delete`. */
  method: string;
  /** The Pulumi resource name (from `__identity`), else the object's own name. */
  name?: string;
  id?: string;
  /** The API base URL in use, for connection problems. */
  baseUrl?: string;
  /** Strings to mask wherever they appear (the token). */
  secrets?: readonly string[];
}

export const BUG_ADVICE = "This is a bug in pulumi-qoder, please report it";
export const DEBUG_ADVICE = "run the command again with --debug to see the stack trace";
const TOKEN_ADVICE = "Check the token: `pulumi config set --secret qoder:token <token>` (or QODER_ACCESS_TOKEN when qoder:token is not set)";
/** The longest piece of server or exception text a paragraph quotes. */
const MAX_DETAIL = 600;

/** Reads the context out of a provider method's arguments (see entry-point.ts for their order). */
export function failureContext(kind: string, method: string, args: readonly unknown[]): FailureContext {
  const withId = method === "diff" || method === "read" || method === "update" || method === "delete";
  const id = withId && typeof args[0] === "string" && args[0] !== "" ? args[0] : undefined;
  const props = [...args].reverse().find(isRecord) ?? {};
  return { kind, method, id, name: resourceName(props) };
}

/** The resource's Pulumi name from its `__identity` (lifecycle.ts `parseIdentity`), else its API name. */
function resourceName(props: Record<string, unknown>): string | undefined {
  const fromIdentity = parseIdentity(props.__identity)?.name;
  if (fromIdentity) return fromIdentity;
  for (const key of ["name", "displayName", "path"]) {
    const value = props[key];
    if (typeof value === "string" && value !== "" && !isUnknown(value)) return value;
  }
  return undefined;
}

/** The one paragraph for `err`, with every known secret and secret-looking string masked. */
export function describeFailure(err: unknown, context: FailureContext): string {
  const { why, todo } = explain(err, context);
  const text = `${subject(context)}: ${operation(context.method)} failed: ${sentence(why)}${todo ? ` ${sentence(todo)}` : ""}`;
  return redact(text, context.secrets ?? []);
}

/** `Qoder Agent "reviewer" (agent_01…)`. */
function subject(context: FailureContext): string {
  if (context.method === "configure") return "Qoder provider";
  const label = context.kind.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
  const name = context.name ? ` "${context.name}"` : "";
  const id = context.id ? (name ? ` (${context.id})` : ` ${context.id}`) : "";
  return `Qoder ${label}${name}${id}`;
}

function operation(method: string): string {
  switch (method) {
    case "configure":
      return "configuration";
    case "check":
      return "checking the inputs";
    case "diff":
      return "diff";
    case "read":
      return "refresh (read)";
    default:
      return method;
  }
}

interface Explanation {
  why: string;
  todo?: string;
}

function explain(err: unknown, context: FailureContext): Explanation {
  if (isBug(err)) {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : `a non-error value was thrown (${String(err)})`;
    return { why: `unexpected internal error: ${detail(text)}`, todo: `${BUG_ADVICE}; ${DEBUG_ADVICE}` };
  }
  if (err instanceof PartialCreateError) {
    return {
      why: detail(err.message),
      todo: `Pulumi keeps ${err.id} in state; fix the cause, then run \`pulumi up\` again to finish it`,
    };
  }
  const root = rootCause(err);
  const api = err instanceof ApiError ? err : root instanceof ApiError ? root : undefined;
  if (api) return explainApi(api, err as Error, context);
  if (root instanceof ConnectionError || err instanceof TimeoutError) return explainConnection(err as Error, root, context);
  if (err instanceof ResponseValidationError) {
    return {
      why: `the API answered with something pulumi-qoder cannot read (${detail(err.message)})`,
      todo: `Check that qoder:baseUrl${now(context)} is the Qoder Cloud Agents API; if it is, ${BUG_ADVICE.charAt(0).toLowerCase()}${BUG_ADVICE.slice(1)}`,
    };
  }
  // Our own messages (QoderError, and the lifecycle's Errors) already say what happened and what to do.
  return { why: detail((err as Error).message) };
}

function explainApi(api: ApiError, err: Error, context: FailureContext): Explanation {
  const answer = detail(err.message);
  const retried = err instanceof TimeoutError ? " (retried until the deadline)" : "";
  if (api instanceof AuthenticationError || api.status === 401) {
    return {
      why: `the Qoder API rejected the token (${answer})`,
      todo: `${TOKEN_ADVICE}; a token works only in its own region, so check that qoder:baseUrl${now(context)} is that region. refresh and destroy use the token stored in state, so after changing it run \`pulumi up\` first`,
    };
  }
  if (api instanceof PermissionDeniedError || api.status === 403) {
    return {
      why: `the token is not allowed to do this (${answer})`,
      todo: `Use a token whose account may manage this ${kindWord(context)}, or check that qoder:baseUrl${now(context)} is the right account's region`,
    };
  }
  if (api.status === 404) {
    return {
      why: `the API has no such object (${answer})`,
      todo: "If it was deleted outside Pulumi, run `pulumi refresh` to drop it from state; if an input names it by id, check that id",
    };
  }
  if (api.status === 409) {
    return {
      why: `the API refused because of a conflict (${answer})`,
      todo: "Something changed it outside Pulumi or it is still in use: run `pulumi refresh`, review the diff, then `pulumi up`",
    };
  }
  if (api.status === 429) {
    return {
      why: `the API kept answering "too many requests"${retried} (${answer})`,
      todo: "Wait a minute and run the command again, or raise qoder:maxRetries / qoder:operationTimeoutSeconds",
    };
  }
  if (api.status >= 500) {
    return {
      why: `the Qoder API failed on its side and kept failing through every retry${retried} (${answer})`,
      todo: "Try again later; if it persists, report it to Qoder with the request id",
    };
  }
  const param = api.param ? ` \`${api.param}\`` : "";
  return {
    why: `the API rejected the request (${answer})`,
    todo: `Fix the input${param} in the program or stack file and run \`pulumi up\` again`,
  };
}

function explainConnection(err: Error, root: unknown, context: FailureContext): Explanation {
  const code = root instanceof Error ? codeIn(root.message) : undefined;
  const problem =
    code === "ENOTFOUND" || code === "EAI_AGAIN"
      ? "its host name does not resolve"
      : code === "ECONNREFUSED"
        ? "nothing accepts connections there"
        : err instanceof TimeoutError
          ? "it did not answer in time"
          : "the connection failed";
  return {
    why: `could not reach the Qoder API${where(context, " at ")}: ${problem} (${detail(err.message)})`,
    todo: `Check qoder:baseUrl (or qoder:region), the network, proxy and firewall${err instanceof TimeoutError ? "; on a slow link raise qoder:operationTimeoutSeconds" : ""}`,
  };
}

/** Errors people cannot act on: programming mistakes inside the provider, and anything that is not an Error. */
export function isBug(err: unknown): boolean {
  if (!(err instanceof Error)) return true;
  if (err instanceof QoderError || err instanceof PartialCreateError) return false;
  return (
    err instanceof TypeError ||
    err instanceof ReferenceError ||
    err instanceof RangeError ||
    err instanceof SyntaxError ||
    err instanceof EvalError ||
    err instanceof URIError ||
    err.name === "AssertionError"
  );
}

/** The stack of `err` and of its causes. */
export function stackOf(err: unknown): string {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== undefined; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push("Caused by:");
  }
  return lines.join("\n");
}

/** A deadline error wraps the last attempt's failure; the category is that failure's. */
function rootCause(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5 && current instanceof TimeoutError && current.cause !== undefined; depth++) current = current.cause;
  return current;
}

function codeIn(message: string): string | undefined {
  return /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1];
}

function where(context: FailureContext, prefix: string): string {
  return context.baseUrl ? `${prefix}${context.baseUrl}` : "";
}

/** ` (now https://…)`: the base URL in use, for advice about qoder:baseUrl. */
function now(context: FailureContext): string {
  return context.baseUrl ? ` (now ${context.baseUrl})` : "";
}

function kindWord(context: FailureContext): string {
  return context.kind.replace(/-/g, " ");
}

/** One line of at most MAX_DETAIL characters: server and exception texts may span lines or be long. */
function detail(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}

/** Ends with one full stop. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
