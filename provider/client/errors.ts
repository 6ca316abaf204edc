// The client's one error hierarchy and its one message formatter; the factory for error answers is
// error-answers.ts. Every message passes through redact(); raw transport errors are wrapped here and never
// escape. Depends on ./redact only; must not import provider/resources, provider/fleet or Pulumi.
import { redact } from "./redact";

/** Root of every error the client throws. */
export class QoderError extends Error {
  override name = "QoderError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Where a failed call went, used in messages so they say which operation failed. */
export interface RequestContext {
  method: string;
  path: string;
  /** Secret strings of this call (token, secrets in the body) to mask in the message. */
  secrets?: readonly string[];
  /** The `x-request-id` this call sent: an error body naming another request is a replay (`ApiError.replayed`). */
  requestId?: string;
}

export interface ApiErrorFields {
  status: number;
  type: string | undefined;
  message: string;
  param: string | undefined;
  requestId: string | undefined;
  /** The request id the error body names, which is the first request's on a replay. */
  bodyRequestId?: string;
}

/** A non-2xx answer. Branch on `status` (or the subclass), never on `type` alone (CONTRACT.md "Errors"). */
export class ApiError extends QoderError {
  override name = "ApiError";
  readonly status: number;
  readonly type: string | undefined;
  /** The server's own message, without the formatting added to `message`. */
  readonly apiMessage: string;
  readonly param: string | undefined;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  /**
   * The API answered with the stored answer to an earlier request under the same Idempotency-Key: it echoes
   * this call's `x-request-id` in the header, but the body names the earlier request (CONTRACT.md "Transport").
   * A replayed 4xx says why an earlier attempt failed, not that it fails now.
   */
  readonly replayed: boolean;

  constructor(fields: ApiErrorFields, context: RequestContext) {
    // Every server-supplied string is scrubbed: servers have been known to echo what they were sent.
    const safe = redact(fields, context.secrets ?? []);
    super(formatMessage(safe, context));
    this.status = safe.status;
    this.type = safe.type;
    this.apiMessage = safe.message;
    this.param = safe.param;
    this.requestId = safe.requestId;
    this.method = context.method;
    this.path = context.path;
    // Only where the server shows it echoes our id (the header) can a different id in the body mean a replay;
    // a server or gateway that makes its own ids never makes a fresh answer look replayed.
    this.replayed =
      context.requestId !== undefined &&
      fields.requestId === context.requestId &&
      fields.bodyRequestId !== undefined &&
      fields.bodyRequestId !== context.requestId;
  }
}

export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
export class ConflictError extends ApiError {
  override name = "ConflictError";
}
export class UnprocessableEntityError extends ApiError {
  override name = "UnprocessableEntityError";
}
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}

/** The connection failed or was reset before a complete answer arrived (retried first, then thrown). */
export class ConnectionError extends QoderError {
  override name = "ConnectionError";
}

/** An attempt timed out, or the operation's deadline ran out before it could succeed. */
export class TimeoutError extends QoderError {
  override name = "TimeoutError";
}

/** The caller's AbortSignal fired; never retried. */
export class AbortedError extends QoderError {
  override name = "AbortedError";
}

/** A 2xx answer whose body does not match the wire schema. */
export class ResponseValidationError extends QoderError {
  override name = "ResponseValidationError";
  readonly requestId: string | undefined;
  constructor(context: RequestContext, requestId: string | undefined, detail: string) {
    const where = `${context.method} ${context.path}`;
    super(redact(`${where}: unexpected response body${requestIdSuffix(requestId)}: ${detail}`, context.secrets ?? []));
    this.requestId = requestId;
  }
}

/** The one message format: `POST /agents/agent_1: 409 conflict_error: Version conflict (param: version) [request_id: r1]`. */
export function formatMessage(fields: ApiErrorFields, context: RequestContext): string {
  const type = fields.type ? ` ${fields.type}` : "";
  const param = fields.param ? ` (param: ${fields.param})` : "";
  return `${context.method} ${context.path}: ${fields.status}${type}: ${fields.message}${param}${requestIdSuffix(fields.requestId)}`;
}

function requestIdSuffix(requestId: string | undefined): string {
  return requestId ? ` [request_id: ${requestId}]` : "";
}

/** True for a 404: the object is gone (read → remove from state, delete → done). */
export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof ApiError && err.status === 404;
}

/** True for a 409: version mismatch, object in use, idempotency key reuse (CONTRACT.md "Errors"). */
export function isConflict(err: unknown): err is ConflictError {
  return err instanceof ApiError && err.status === 409;
}
