// Fault injection for the emulator, switchable at run time (admin API `/_emulator/faults`): latency, failing
// statuses, 429 with Retry-After (by count and probability, or a gateway's token-bucket limiter), connection
// resets, "commit the write, then drop the connection", and an older server's empty 204 answer.
// A middleware, never branches in handlers. Depends on hono, zod, provider/api and emulator core.
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { ErrorType } from "../provider/api";
import type { EmulatorEnv } from "./context";
import { ApiFailure, errorTypeForStatus } from "./errors";

export const FAULT_KINDS = ["latency", "error", "rate-limit", "reset", "drop-after-commit", "no-content"] as const;

/** A fault to inject; the admin API body (`POST /_emulator/faults`). */
export const FaultSpec = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    method: z.string().min(1).optional(),
    path: z.string().min(1).optional(),
    count: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
    /**
     * Makes `probability` repeatable: the fault draws from its own PRNG (mulberry32) started at this seed, so
     * the n-th request it is asked about gets the same answer in every run (chaos tests quote their seed).
     */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    latencyMs: z.number().int().min(0).optional(),
    status: z.number().int().min(400).max(599).optional(),
    retryAfter: z.number().int().min(0).optional(),
    message: z.string().optional(),
    /**
     * `error.type` of an "error" fault, when it should differ from the status's usual one: some pages print a
     * 409 as `invalid_request_error`, a switched-off feature is a 503 `feature_not_available` (CONTRACT.md "Errors").
     */
    errorType: ErrorType.optional(),
    /**
     * Makes a "rate-limit" fault a gateway's limiter instead of a coin flip: a token bucket over the requests it
     * matches, refilled at this rate. A request that finds a token passes (to the next fault, then the API); one
     * that finds none gets 429 with Retry-After, the whole seconds until a token is free (CONTRACT.md "Transport").
     */
    ratePerSecond: z.number().positive().optional(),
    /** The bucket's size: how many requests may pass at once after a quiet spell (default: one second's worth). */
    burst: z.number().int().min(1).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.burst !== undefined && spec.ratePerSecond === undefined)
      ctx.addIssue({ code: "custom", path: ["burst"], message: "burst needs ratePerSecond" });
    if (spec.ratePerSecond === undefined) return;
    if (spec.kind !== "rate-limit") ctx.addIssue({ code: "custom", path: ["ratePerSecond"], message: 'ratePerSecond belongs to kind "rate-limit"' });
    // The limiter decides which requests fail and what Retry-After they get; these would contradict it.
    for (const key of ["count", "probability", "seed", "retryAfter"] as const) {
      if (spec[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `${key} cannot be combined with ratePerSecond` });
    }
  });
export type FaultSpec = z.infer<typeof FaultSpec>;

/** A registered fault; `remaining` is null when unlimited. */
export interface ActiveFault extends FaultSpec {
  id: string;
  remaining: number | null;
  hits: number;
}

/** `/agents/*` matches one segment, `/agents/**` any depth; patterns are anchored, relative to the API prefix. */
export function pathPatternToRegExp(pattern: string, apiPrefix: string): RegExp {
  const relative = pattern.startsWith(apiPrefix) ? pattern.slice(apiPrefix.length) || "/" : pattern;
  const source = relative
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}/?$`);
}

export interface FaultDecision {
  delayMs: number;
  fault: ActiveFault | undefined;
  /** Seconds the chosen limiter told the client to wait. */
  retryAfter?: number;
}

/** A limiter's token bucket: `tokens` as of `at` (ms on the injector's clock). */
interface Bucket {
  tokens: number;
  at: number;
}

/** mulberry32: a tiny 32-bit PRNG, good enough to pick which requests fail, and the same for a seed everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextNumber = 1;
  /** The PRNG of each seeded fault, by fault id. */
  private readonly seeded = new Map<string, () => number>();
  /** The token bucket of each limiter, by fault id. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly apiPrefix: string,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...FaultSpec.parse(spec), id: `fault_${this.nextNumber++}`, remaining: spec.count ?? null, hits: 0 };
    this.faults.push(fault);
    if (fault.seed !== undefined) this.seeded.set(fault.id, mulberry32(fault.seed));
    if (fault.ratePerSecond !== undefined) this.buckets.set(fault.id, { tokens: burstOf(fault), at: this.now() });
    return fault;
  }

  list(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    this.seeded.delete(id);
    this.buckets.delete(id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
    this.seeded.clear();
    this.buckets.clear();
  }

  /** Whether the fault's method and path select this request. */
  private targets(fault: ActiveFault, method: string, path: string): boolean {
    if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) return false;
    return !fault.path || pathPatternToRegExp(fault.path, this.apiPrefix).test(path);
  }

  private matches(fault: ActiveFault, method: string, path: string): boolean {
    return this.targets(fault, method, path) && (this.seeded.get(fault.id) ?? this.random)() < (fault.probability ?? 1);
  }

  /**
   * A limiter's answer for one matching request: undefined when it takes a token and passes, else the
   * Retry-After in whole seconds (at least 1) until a token is free. Refused requests take no token.
   */
  private limit(fault: ActiveFault, bucket: Bucket): number | undefined {
    const rate = fault.ratePerSecond ?? 1;
    const now = this.now();
    bucket.tokens = Math.min(burstOf(fault), bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  }

  private consume(fault: ActiveFault): void {
    fault.hits += 1;
    if (fault.remaining !== null) fault.remaining -= 1;
    if (fault.remaining === 0) {
      this.faults = this.faults.filter((other) => other !== fault);
      this.seeded.delete(fault.id);
    }
  }

  /** Decides (and consumes) the faults of one request: every matching latency adds up; the first other fault wins. */
  decide(method: string, path: string): FaultDecision {
    let delayMs = 0;
    let chosen: ActiveFault | undefined;
    let retryAfter: number | undefined;
    for (const fault of [...this.faults]) {
      const bucket = this.buckets.get(fault.id);
      if (fault.kind === "latency") {
        if (!this.matches(fault, method, path)) continue;
        delayMs += fault.latencyMs ?? 1000;
        this.consume(fault);
      } else if (chosen) {
      } else if (bucket) {
        retryAfter = this.targets(fault, method, path) ? this.limit(fault, bucket) : undefined;
        if (retryAfter === undefined) continue;
        chosen = fault;
        this.consume(fault);
      } else if (this.matches(fault, method, path)) {
        chosen = fault;
        this.consume(fault);
      }
    }
    return retryAfter === undefined ? { delayMs, fault: chosen } : { delayMs, fault: chosen, retryAfter };
  }

  /** The middleware; mount it outside idempotency and the routes so "drop-after-commit" wraps the commit. */
  middleware(): MiddlewareHandler<EmulatorEnv> {
    return async (c, next) => {
      const path = c.req.path.startsWith(this.apiPrefix) ? c.req.path.slice(this.apiPrefix.length) || "/" : c.req.path;
      const { delayMs, fault, retryAfter } = this.decide(c.req.method, path);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (!fault) return next();
      c.set("fault", fault.kind);
      switch (fault.kind) {
        case "error": {
          const status = fault.status ?? 503;
          const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
          const type = fault.errorType ?? errorTypeForStatus(status);
          throw new ApiFailure(status, type, fault.message ?? "Injected fault.", undefined, headers);
        }
        case "rate-limit":
          throw new ApiFailure(429, "rate_limit_error", fault.message ?? "Too many requests.", undefined, {
            "retry-after": String(retryAfter ?? fault.retryAfter ?? 1),
          });
        case "reset":
          return dropConnection(c);
        case "drop-after-commit":
          await next();
          return dropConnection(c);
        case "no-content":
          // Older servers answered deletes with 204 and no body (CONTRACT.md "Shared shapes"): run, then empty.
          await next();
          // Cleared first: Hono's `res` setter would otherwise carry the old headers (content-type, length) over.
          c.res = undefined;
          c.res = new Response(null, { status: 204 });
          return c.res;
        default:
          return next();
      }
    };
  }
}

/**
 * Destroys the client's socket so it sees a reset without a response. In-process (`app.request`, no socket)
 * the drop is reported as a 502 carrying `x-emulator-fault: connection-dropped` instead.
 */
function dropConnection(c: Context<EmulatorEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (socket) {
    socket.destroy();
    c.res = new Response(null, { status: 499 });
    return c.res;
  }
  const failure = new ApiFailure(502, "api_error", "Emulated connection drop (no socket in-process).", undefined, {
    "x-emulator-fault": "connection-dropped",
  });
  throw failure;
}

/** A limiter's bucket size: `burst`, else one second's worth of requests (at least 1). */
function burstOf(fault: FaultSpec): number {
  return fault.burst ?? Math.max(1, Math.floor(fault.ratePerSecond ?? 1));
}
