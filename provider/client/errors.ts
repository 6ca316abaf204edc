// The client's one error hierarchy, its one factory (`fromResponse`) and its one message formatter.
// Every message passes through redact(); raw undici errors are wrapped here and never escape.
// Depends on ./redact and provider/api (the error envelope, isRecord); must not import provider/resources, provider/fleet or Pulumi.
import { ErrorEnvelope } from "../api/common";
import { isRecord } from "../api/records";
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

/**
 * Builds the typed error for a non-2xx answer from its status, raw body text and `x-request-id` header.
 * Tolerates every documented envelope (CONTRACT.md "Errors"; older servers omit `request_id`, some
 * gateways answer plain text), falling back to the status text and a short excerpt of the body.
 */
export function fromResponse(status: number, bodyText: string, headerRequestId: string | undefined, context: RequestContext): ApiError {
  const envelope = parseEnvelope(bodyText);
  const fields: ApiErrorFields = {
    status,
    type: envelope.type,
    message: envelope.message ?? fallbackMessage(status, bodyText),
    param: envelope.param,
    requestId: headerRequestId ?? envelope.requestId,
    bodyRequestId: envelope.requestId,
  };
  const ErrorClass = classForStatus(status);
  return new ErrorClass(fields, context);
}

function classForStatus(status: number): typeof ApiError {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? InternalServerError : ApiError;
  }
}

interface Envelope {
  type?: string;
  message?: string;
  param?: string;
  requestId?: string;
}

function parseEnvelope(bodyText: string): Envelope {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return {};
  }
  const parsed = ErrorEnvelope.safeParse(body);
  if (parsed.success) {
    const { error } = parsed.data;
    return { type: error.type, message: error.message, param: error.param ?? undefined, requestId: parsed.data.request_id };
  }
  // Gateways and older pages answer looser shapes: a bare `{message}` or `{error: {message}}`.
  if (!isRecord(body)) return {};
  const inner = isRecord(body.error) ? body.error : body;
  return { type: stringOr(inner.type), message: stringOr(inner.message), param: stringOr(inner.param) };
}

function fallbackMessage(status: number, bodyText: string): string {
  const excerpt = bodyText.trim().slice(0, 200);
  return excerpt ? excerpt : `HTTP ${status} with no body`;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** True for a 404: the object is gone (read → remove from state, delete → done). */
export function isNotFound(err: unknown): err is NotFoundError {
  return err instanceof ApiError && err.status === 404;
}

/** True for a 409: version mismatch, object in use, idempotency key reuse (CONTRACT.md "Errors"). */
export function isConflict(err: unknown): err is ConflictError {
  return err instanceof ApiError && err.status === 409;
}
