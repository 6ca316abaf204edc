// Turns request bodies and query strings into typed values with provider/api schemas; every zod failure
// becomes one 400 invalid_request_error whose `param` is the dotted path (CONTRACT.md "Errors").
import type { Context } from "hono";
import type { z } from "zod";
import { isRecord } from "../provider/api/records";
import { invalid, type ApiFailure } from "./errors";

/** `tools.0.mcp_server_name` from `["tools", 0, "mcp_server_name"]`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join(".");
}

/**
 * True when the issue is an absent field. zod reports a missing union-typed field (`model`, `auth`) as
 * `invalid_union` rather than `invalid_type`, and a missing discriminator (`tools.0.type`) on the object that
 * lacks it; the API words all of them "Missing required field".
 */
function isMissingField(issue: z.core.$ZodIssue): boolean {
  if (issue.code !== "invalid_type" && issue.code !== "invalid_union") return false;
  if (issue.input === undefined) return true;
  const last = issue.path.at(-1);
  return issue.code === "invalid_union" && typeof last === "string" && isRecord(issue.input) && !(last in issue.input);
}

/** One readable 400 from the first zod issue, worded like the API where the API's wording is known. */
export function failureFromIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ApiFailure {
  const issue = issues[0];
  if (!issue) return invalid("Invalid request.");
  const path = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const param = dottedPath([...path, key]);
    return invalid(`Unknown field: ${param}`, param);
  }
  const param = path.length > 0 ? dottedPath(path) : undefined;
  if (isMissingField(issue) && param !== undefined) {
    return invalid(`Missing required field: ${param}`, param);
  }
  // Cross-field rules (custom issues) already word their message for the API user.
  if (issue.code === "custom") return invalid(issue.message, param);
  return invalid(param ? `Invalid value for ${param}: ${issue.message}` : issue.message, param);
}

/** Validates `value` against `schema`, throwing the API's 400 on failure. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw failureFromIssues(result.error.issues);
  return result.data;
}

/** Reads the JSON body; malformed or missing JSON is the API's 400 "Request body must be valid JSON.". */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid("Request body must be valid JSON.");
  }
}

/** Reads and validates the JSON body of a request. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const body = await readJson(c);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw invalid("Request body must be a JSON object.");
  }
  return validate(schema, body);
}

/** Validates the query string (first value of each parameter). */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return validate(schema, c.req.query());
}

const BAD_FORM = "Invalid multipart form or request too large.";

/** The parts of a multipart body (repeated names as lists), or the API's 400 for anything else. */
export async function readMultipartForm(c: Context): Promise<Record<string, unknown>> {
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) throw invalid(BAD_FORM);
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    throw invalid(BAD_FORM);
  }
}
