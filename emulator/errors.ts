// The ONE place that builds API error envelopes (CONTRACT.md "Errors"): ApiFailure, thrown by routes and
// middleware, and its helpers. Depends only on provider/api.
import type { ErrorEnvelope, ErrorType } from "../provider/api";

/** An API error a route throws; the app's single onError turns it into the envelope. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

/** Builds the envelope `{type:"error", request_id, error:{type, message, param}}`. */
export function errorEnvelope(requestId: string, failure: ApiFailure): ErrorEnvelope {
  const error: ErrorEnvelope["error"] = { type: failure.type, message: failure.message };
  if (failure.param !== undefined) error.param = failure.param;
  return { type: "error", request_id: requestId, error };
}

/** 404 with the API's wording: `Agent 'agent_x' was not found.` */
export function notFound(kindLabel: string, id: string): ApiFailure {
  return new ApiFailure(404, "not_found_error", `${kindLabel} '${id}' was not found.`);
}

/** 400 invalid_request_error, naming the offending field as a dotted path when known. */
export function invalid(message: string, param?: string): ApiFailure {
  return new ApiFailure(400, "invalid_request_error", message, param);
}

/** 409 conflict_error (version mismatch, idempotency key reuse, resource in use). */
export function conflict(message: string, param?: string): ApiFailure {
  return new ApiFailure(409, "conflict_error", message, param);
}

/** 401 authentication_error with the API's message. */
export function unauthenticated(message = "Invalid API key or token."): ApiFailure {
  return new ApiFailure(401, "authentication_error", message);
}

/** 403 permission_error. */
export function forbidden(message = "You do not have permission to access this resource."): ApiFailure {
  return new ApiFailure(403, "permission_error", message);
}

/** Default error type for a status, used by injected faults. */
export function errorTypeForStatus(status: number): ErrorType {
  if (status === 400) return "invalid_request_error";
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 409) return "conflict_error";
  if (status === 429) return "rate_limit_error";
  if (status === 503) return "overloaded_error";
  return "api_error";
}
