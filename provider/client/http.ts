// The HTTP transport on undici: one keep-alive dispatcher per client, auth and beta headers, per-attempt
// timeouts under a per-operation deadline, retries with backoff and `Retry-After`, idempotency keys and
// request-id capture. Knows nothing about API kinds; must not import provider/resources, fleet or Pulumi.
import { randomUUID } from "node:crypto";
import { Agent, type Dispatcher } from "undici";
import { requireToken, resolveConfig, type ClientOptions, type ResolvedConfig } from "./config";
import { AbortedError, ConnectionError, QoderError, ResponseValidationError, TimeoutError, fromResponse, type RequestContext } from "./errors";
import { collectSecrets, redact } from "./redact";
import { isRetryableStatus, retryDelay } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Per-call options every mutating client method accepts. */
export interface RequestOptions {
  /** Same logical operation ⇒ same key, so a replay never runs twice (CONTRACT.md "Idempotency"). */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Overrides the client's per-operation deadline for this call. */
  deadlineMs?: number;
  /** Extra `x-qoder-beta` values for this call. */
  betas?: readonly string[];
}

export type RequestBody = { kind: "json"; value: unknown } | { kind: "raw"; bytes: Uint8Array; contentType: string; secrets?: readonly string[] };

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, already encoded (see `encodePath`). */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  body?: RequestBody;
  options?: RequestOptions;
  /** Media type asked for; JSON unless a call downloads something else (a skill version's zip). */
  accept?: string;
}

export interface HttpResponse {
  status: number;
  requestId: string | undefined;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  bytes: Buffer;
}

type Attempt = { kind: "response"; response: HttpResponse } | { kind: "failure"; error: QoderError };

export class HttpTransport {
  readonly config: ResolvedConfig;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly origin: string;
  private readonly prefix: string;

  constructor(options: ClientOptions = {}) {
    this.config = resolveConfig(options);
    const url = new URL(this.config.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
    this.ownsDispatcher = options.dispatcher === undefined;
    // One keep-alive pool for the client's lifetime: a fleet apply makes many small calls to one host.
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  }

  /** Sends one logical request, retrying per retry.ts, and returns the 2xx answer or throws a QoderError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const { config } = this;
    const options = req.options ?? {};
    const token = requireToken(config.token);
    // One request id per logical call, sent with every attempt: an error body that names another one is
    // the API replaying an earlier call's answer under the same Idempotency-Key (ApiError.replayed).
    const requestId = randomUUID();
    const context: RequestContext = { method: req.method, path: req.path, secrets: secretsOf(token, req.body), requestId };
    const headers = { ...this.headersFor(req, token, options), "x-request-id": requestId };
    const deadlineMs = options.deadlineMs ?? config.deadlineMs;
    const deadlineAt = config.now() + deadlineMs;
    let last: QoderError | undefined;
    for (let attempt = 0; attempt <= config.maxRetries; attempt++) {
      const remaining = deadlineAt - config.now();
      if (remaining <= 0) throw deadlineError(context, deadlineMs, attempt, last);
      this.log(context, `attempt ${attempt + 1}${describeBody(req.body)}`);
      const result = await this.attempt(req, headers, Math.min(config.timeoutMs, remaining), context, options.signal);
      if (result.kind === "response") {
        const { response } = result;
        this.log(context, `${response.status}${response.requestId ? ` request_id=${response.requestId}` : ""}`);
        if (response.status >= 200 && response.status < 300) return response;
        last = fromResponse(response.status, response.bytes.toString("utf8"), response.requestId, context);
        if (!isRetryableStatus(response.status)) throw last;
      } else {
        if (result.error instanceof AbortedError) throw result.error;
        last = result.error;
      }
      if (attempt === config.maxRetries) break;
      const retryAfter = result.kind === "response" ? headerValue(result.response.headers["retry-after"]) : undefined;
      const delay = retryDelay(attempt, retryAfter, config.now(), config.random);
      // A wait that would end past the deadline is pointless: stop now and say why.
      if (config.now() + delay >= deadlineAt) throw deadlineError(context, deadlineMs, attempt + 1, last);
      this.log(context, `retrying in ${delay}ms after ${last.message}`);
      await this.wait(delay, options.signal, context);
    }
    throw last ?? new QoderError(`${req.method} ${req.path}: no attempt was made`);
  }

  /** Closes the keep-alive pool if this client created it. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private headersFor(req: HttpRequest, token: string, options: RequestOptions): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {
      authorization: `Bearer ${token}`,
      "user-agent": this.config.userAgent,
      accept: req.accept ?? "application/json",
    };
    const betas = [...new Set([...this.config.betas, ...(options.betas ?? [])])];
    if (betas.length > 0) headers["x-qoder-beta"] = betas;
    // The key is fixed here, once per logical call, so every retry replays the same operation.
    if (req.method !== "GET") headers["idempotency-key"] = options.idempotencyKey ?? randomUUID();
    if (req.body?.kind === "json") headers["content-type"] = "application/json";
    if (req.body?.kind === "raw") headers["content-type"] = req.body.contentType;
    return headers;
  }

  private async attempt(
    req: HttpRequest,
    headers: Record<string, string | string[]>,
    timeoutMs: number,
    context: RequestContext,
    userSignal: AbortSignal | undefined,
  ): Promise<Attempt> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = userSignal ? AbortSignal.any([userSignal, timeout.signal]) : timeout.signal;
    try {
      const res = await this.dispatcher.request({
        origin: this.origin,
        path: this.prefix + req.path + queryString(req.query),
        method: req.method,
        headers,
        body: encodeBody(req.body),
        signal,
      });
      // Read the whole body under the same timer: a reset mid-body is a connection error like any other.
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const requestId = headerValue(res.headers["x-request-id"]) ?? headerValue(res.headers["request-id"]);
      return { kind: "response", response: { status: res.statusCode, requestId, headers: res.headers, bytes } };
    } catch (err) {
      return { kind: "failure", error: this.wrapFailure(err, context, timeoutMs, userSignal, timeout.signal) };
    } finally {
      clearTimeout(timer);
    }
  }

  private wrapFailure(
    err: unknown,
    context: RequestContext,
    timeoutMs: number,
    userSignal: AbortSignal | undefined,
    timeoutSignal: AbortSignal,
  ): QoderError {
    const where = `${context.method} ${context.path}`;
    if (userSignal?.aborted) return new AbortedError(`${where}: aborted by the caller`, { cause: err });
    if (timeoutSignal.aborted) return new TimeoutError(`${where}: no complete answer within ${timeoutMs}ms`);
    const detail = err instanceof Error ? `${err.message}${codeOf(err)}` : String(err);
    // The undici error is summarised, not attached: its fields may hold request headers.
    return new ConnectionError(redact(`${where}: connection failed: ${detail}`, context.secrets ?? []));
  }

  private async wait(ms: number, signal: AbortSignal | undefined, context: RequestContext): Promise<void> {
    try {
      await this.config.sleep(ms, signal);
    } catch (err) {
      throw new AbortedError(`${context.method} ${context.path}: aborted by the caller`, { cause: err });
    }
  }

  private log(context: RequestContext, line: string): void {
    this.config.logger?.debug(redact(`qoder ${context.method} ${context.path} ${line}`, context.secrets ?? []));
  }
}

/** Parses a 2xx JSON body; an empty body (204, older deletes) is `undefined`. */
export function parseJson(response: HttpResponse, context: RequestContext): unknown {
  if (response.bytes.length === 0) return undefined;
  try {
    return JSON.parse(response.bytes.toString("utf8"));
  } catch (err) {
    throw new ResponseValidationError(context, response.requestId, `not JSON (${(err as Error).message})`);
  }
}

/** Joins path segments, percent-encoding each id and refusing empty, `.` and `..` segments. */
export function encodePath(strings: TemplateStringsArray, ...ids: readonly (string | number)[]): string {
  return strings.reduce((out, literal, i) => {
    if (i === 0) return literal;
    const raw = String(ids[i - 1]);
    if (raw === "" || raw === "." || raw === "..") throw new QoderError(`Invalid path parameter ${JSON.stringify(raw)}`);
    return out + encodeURIComponent(raw) + literal;
  }, "");
}

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function encodeBody(body: RequestBody | undefined): string | Uint8Array | undefined {
  if (body === undefined) return undefined;
  return body.kind === "json" ? JSON.stringify(body.value) : body.bytes;
}

function describeBody(body: RequestBody | undefined): string {
  if (body === undefined) return "";
  if (body.kind === "raw") return ` body=<${body.bytes.length} bytes ${body.contentType.split(";")[0]}>`;
  // Bodies can be large (a system prompt may be 100 000 characters); a log line keeps the start.
  const text = JSON.stringify(redact(body.value)) ?? "";
  return ` body=${text.length > 2000 ? `${text.slice(0, 2000)}…(${text.length} chars)` : text}`;
}

function secretsOf(token: string, body: RequestBody | undefined): string[] {
  if (body?.kind === "json") return [token, ...collectSecrets(body.value)];
  return [token, ...(body?.secrets ?? [])];
}

function deadlineError(context: RequestContext, deadlineMs: number, attempts: number, last: QoderError | undefined): TimeoutError {
  const cause = last ? `; last error: ${last.message}` : "";
  return new TimeoutError(`${context.method} ${context.path}: deadline of ${deadlineMs}ms reached after ${attempts} attempt(s)${cause}`, {
    cause: last,
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function codeOf(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? ` (${code})` : "";
}
