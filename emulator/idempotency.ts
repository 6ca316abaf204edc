// Idempotency-Key handling for POST/PUT/DELETE (CONTRACT.md "Transport"): same key + same request within
// 24 h replays the first response without running again; same key + different request → 409; scope per token.
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { EmulatorEnv } from "./context";
import { conflict } from "./errors";

const DAY_MS = 24 * 60 * 60 * 1000;
const WRITE_METHODS = new Set(["POST", "PUT", "DELETE"]);

interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

interface Entry {
  fingerprint: string;
  createdAt: number;
  /** Resolves to the response to replay, or undefined when the first attempt is not replayable (5xx). */
  response: Promise<StoredResponse | undefined>;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = DAY_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private purgeExpired(now: number): void {
    for (const [scope, entry] of this.entries) if (now - entry.createdAt >= this.ttlMs) this.entries.delete(scope);
  }

  /**
   * The middleware. It must run inside the fault injector (so "drop-after-commit" drops a response that was
   * already recorded here, and the retry replays it) and after auth (the scope is the token). 5xx answers are
   * not recorded, so a retry after a server failure runs again. G1 servers also read `X-Idempotency-Key`.
   */
  middleware(): MiddlewareHandler<EmulatorEnv> {
    return async (c, next) => {
      if (!WRITE_METHODS.has(c.req.method)) return next();
      const key = c.req.header("idempotency-key") ?? c.req.header("x-idempotency-key");
      if (!key) return next();
      const body = new Uint8Array(await c.req.arrayBuffer());
      const url = new URL(c.req.url);
      const fingerprint = createHash("sha256").update(`${c.req.method} ${url.pathname}${url.search}\n`).update(body).digest("hex");
      const scope = `${c.get("token")}\u0000${key}`;
      const now = this.clock();
      this.purgeExpired(now);
      const existing = this.entries.get(scope);
      if (existing) {
        if (existing.fingerprint !== fingerprint) {
          throw conflict("Idempotency key reused with a different request body.", "Idempotency-Key");
        }
        const stored = await existing.response;
        if (stored) return replay(stored);
      }
      let settle: (value: StoredResponse | undefined) => void = () => undefined;
      const response = new Promise<StoredResponse | undefined>((resolve) => (settle = resolve));
      this.entries.set(scope, { fingerprint, createdAt: now, response });
      try {
        await next();
      } finally {
        const res = c.res;
        if (res.status < 500) {
          settle({ status: res.status, headers: replayable(res.headers), body: await res.clone().arrayBuffer() });
        } else {
          this.entries.delete(scope);
          settle(undefined);
        }
      }
    };
  }
}

/**
 * The headers a replay repeats. Not `Date`: a replayed answer is sent now, and the provider tells a fresh
 * create from a replay by its `created_at` against the answer's Date (provider/lifecycle/fresh-create.ts).
 * Node's server stamps each response as it writes it; this keeps a Date a route set from being repeated.
 */
function replayable(headers: Headers): [string, string][] {
  return [...headers].filter(([name]) => name.toLowerCase() !== "date");
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set("idempotent-replayed", "true");
  return new Response(stored.body.slice(0), { status: stored.status, headers });
}
