// The HTTP transport: one keep-alive pool per client (node-pool.ts, or an injected undici dispatcher), auth
// and beta headers, per-attempt timeouts under a per-operation deadline, retries with backoff and
// `Retry-After`, every attempt through the origin's shared rate budget, idempotency keys and request-id
// capture. Knows nothing about API kinds; must not import provider/resources, fleet or Pulumi.
import { randomUUID } from "node:crypto";
import { requireToken, resolveConfig, type ClientOptions, type ResolvedConfig } from "./config";
import { fromResponse } from "./error-answers";
import { AbortedError, ConnectionError, QoderError, ResponseValidationError, TimeoutError, type RequestContext } from "./errors";
import { NodePool, type RequestDispatcher } from "./node-pool";
import { collectSecrets, redact } from "./redact";
import { type AcquireRequest, type Grant, MAX_IN_FLIGHT, PausedPastDeadline, RateBudget, type Slot, sharedRateBudget } from "./rate-budget";
import { backoffDelay, isRetryableStatus, isThrottle, parseRetryAfter } from "./retry";

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
  private readonly dispatcher: RequestDispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly budget: RateBudget;

  constructor(options: ClientOptions = {}) {
    this.config = resolveConfig(options);
    const url = new URL(this.config.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, "");
    this.ownsDispatcher = options.dispatcher === undefined;
    // One keep-alive pool for the client's lifetime: a fleet apply makes many small calls to one host. As many
    // sockets as the rate budget ever lets requests fly, so requests wait in the budget's line (in order, the
    // attempt timeout not yet running, the deadline not charged), never in the pool's.
    this.dispatcher =
      (options.dispatcher as RequestDispatcher | undefined) ?? new NodePool(this.origin, { maxSockets: MAX_IN_FLIGHT, keepAliveMs: 30_000 });
    // Every client on the process's clock shares its origin's budget: the gateway counts all of the process's
    // requests. A client given its own clock or sleep keeps its own: times on two clocks cannot be compared.
    const ownClock = options.now !== undefined || options.sleep !== undefined;
    const clock = { now: this.config.now, sleep: this.config.sleep };
    this.budget = ownClock ? new RateBudget(clock) : sharedRateBudget(this.origin, clock);
  }

  /**
   * Sends one logical request, retrying per retry.ts, and returns the 2xx answer or throws a QoderError. Each
   * attempt first waits its turn in the origin's rate budget (rate-budget.ts).
   */
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
    const ticket = this.budget.ticket();
    let deadlineAt = config.now() + deadlineMs;
    let last: QoderError | undefined;
    let sent = 0;
    let failures = 0;
    let delayMs: number | undefined;
    for (;;) {
      const { slot, queuedMs } = await this.turn({ ticket, delayMs, deadlineAt, signal: options.signal }, context, deadlineMs, sent, last);
      // Time in line behind this process's own requests is not the server's doing: the deadline moves on by it.
      deadlineAt += queuedMs;
      const remaining = deadlineAt - config.now();
      if (remaining <= 0) {
        slot.failed();
        throw deadlineError(context, deadlineMs, sent, last);
      }
      sent += 1;
      this.log(context, `attempt ${sent}${describeBody(req.body)}`);
      const result = await this.attempt(req, headers, Math.min(config.timeoutMs, remaining), context, options.signal);
      const { usesRetry, retryAfterMs } = settle(result, slot, config.now());
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
      if (usesRetry) failures += 1;
      if (failures > config.maxRetries) break;
      delayMs = retryAfterMs ?? backoffDelay(sent - 1, config.random);
      // A wait that would end past the deadline is pointless: stop now and say why.
      if (config.now() + delayMs >= deadlineAt) throw deadlineError(context, deadlineMs, sent, last);
      this.log(context, `retrying in ${delayMs}ms after ${last.message}`);
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
    // The transport's error is summarised, not attached: its fields may hold request headers.
    return new ConnectionError(redact(`${where}: connection failed: ${detail}`, context.secrets ?? []));
  }

  /** The request's turn in the rate budget, its failures as the transport's errors. */
  private async turn(
    request: AcquireRequest,
    context: RequestContext,
    deadlineMs: number,
    sent: number,
    last: QoderError | undefined,
  ): Promise<Grant> {
    const started = this.config.now();
    try {
      const grant = await this.budget.acquire(request);
      const waited = this.config.now() - started;
      if (waited > (request.delayMs ?? 0)) this.log(context, `waited ${waited}ms for the rate budget (${grant.queuedMs}ms in line)`);
      return grant;
    } catch (err) {
      if (err instanceof PausedPastDeadline) throw deadlineError(context, deadlineMs, sent, last);
      throw new AbortedError(`${context.method} ${context.path}: aborted by the caller`, { cause: err });
    }
  }

  private log(context: RequestContext, line: string): void {
    this.config.logger?.debug(redact(`qoder ${context.method} ${context.path} ${line}`, context.secrets ?? []));
  }
}

/**
 * Reports how an attempt ended to its slot, and says whether the attempt uses up a retry and what Retry-After
 * it carried. Only the first news of a throttle uses up a retry (Slot.throttled): the rest of the burst was
 * sent before anyone knew, and waits out the same pause like every other request, within its deadline.
 */
function settle(result: Attempt, slot: Slot, nowMs: number): { usesRetry: boolean; retryAfterMs: number | undefined } {
  if (result.kind === "failure") {
    slot.failed();
    return { usesRetry: true, retryAfterMs: undefined };
  }
  const { status, headers } = result.response;
  const retryAfterMs = parseRetryAfter(headerValue(headers["retry-after"]), nowMs);
  if (isThrottle(status, retryAfterMs)) return { usesRetry: slot.throttled(retryAfterMs), retryAfterMs };
  slot.answered();
  return { usesRetry: true, retryAfterMs };
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
