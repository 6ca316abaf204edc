// The typed error for a non-2xx answer (`fromResponse`), from its status and its error envelope. Apart from
// errors.ts, whose classes every layer imports: the envelope's schema, and zod with it, load with the first
// answer that is an error, not with a provider process's configuration.
import { ErrorEnvelope } from "../api/common";
import { isRecord } from "../api/records";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type ApiErrorFields,
  type RequestContext,
  UnprocessableEntityError,
} from "./errors";

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
