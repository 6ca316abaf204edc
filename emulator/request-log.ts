// Request counters (per method + route pattern) and a request log with secrets redacted: the Authorization
// header and credential secret fields never appear (DESIGN.md "Reliability rules"). Depends on hono and
// provider/api only.
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { setOwn } from "../provider/api/records";
import { CREDENTIAL_SECRET_FIELDS } from "../provider/api/vault";
import type { EmulatorEnv } from "./context";

export const REDACTED = "[REDACTED]";
const SECRET_HEADERS = new Set(["authorization", "x-api-key", "cookie"]);
/** Credential secret fields (CONTRACT.md "Vaults": the write-only **W** fields) plus generic names. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([...CREDENTIAL_SECRET_FIELDS, "authorization_token"]);
const MAX_ENTRIES = 1000;
const MAX_LOGGED_BODY = 64 * 1024;

export interface RequestLogEntry {
  requestId: string;
  time: string;
  method: string;
  path: string;
  /** `POST /agents/:agent_id`: the route pattern relative to the API prefix, or `unmatched`. */
  route: string;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  body?: unknown;
  fault?: string;
  replayed?: boolean;
}

export interface RequestStats {
  total: number;
  counters: Record<string, number>;
}

/** Deep copy of a JSON value with every secret field replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) setOwn(out, key, SECRET_FIELDS.has(key) ? REDACTED : redact(inner));
  return out;
}

export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value));
  return out;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private counters = new Map<string, number>();
  private total = 0;

  constructor(private readonly apiPrefix: string) {}

  record(entry: RequestLogEntry): void {
    this.total += 1;
    const key = `${entry.method} ${entry.route}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
  }

  /** Requests seen for `method` on a route pattern such as `/agents/:agent_id`. */
  count(method: string, route: string): number {
    return this.counters.get(`${method.toUpperCase()} ${route}`) ?? 0;
  }

  stats(): RequestStats {
    return { total: this.total, counters: Object.fromEntries(this.counters) };
  }

  list(): RequestLogEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
    this.counters = new Map();
    this.total = 0;
  }

  private routeOf(c: Parameters<MiddlewareHandler<EmulatorEnv>>[0]): string {
    const handlerRoute = matchedRoutes(c)
      .filter((route) => route.method !== "ALL")
      .at(-1);
    if (!handlerRoute) return "unmatched";
    const path = handlerRoute.path.startsWith(this.apiPrefix) ? handlerRoute.path.slice(this.apiPrefix.length) : handlerRoute.path;
    return path || "/";
  }

  /** Outermost API middleware: times the request, then records it whatever happened inside. */
  middleware(): MiddlewareHandler<EmulatorEnv> {
    return async (c, next) => {
      const started = performance.now();
      await next();
      const entry: RequestLogEntry = {
        requestId: c.get("requestId"),
        time: new Date().toISOString(),
        method: c.req.method,
        path: c.req.path,
        route: this.routeOf(c),
        status: c.res.status,
        durationMs: Math.round(performance.now() - started),
        headers: redactHeaders(c.req.raw.headers),
      };
      const fault = c.get("fault");
      if (fault) entry.fault = fault;
      if (c.res.headers.get("idempotent-replayed") === "true") entry.replayed = true;
      const body = await loggedBody(c, fault);
      if (body !== undefined) entry.body = body;
      this.record(entry);
    };
  }
}

/** The redacted JSON body, a size note for other bodies, nothing for body-less requests or reset sockets. */
async function loggedBody(c: Parameters<MiddlewareHandler<EmulatorEnv>>[0], fault: string | undefined): Promise<unknown> {
  if (fault === "reset" || c.req.method === "GET" || c.req.method === "HEAD") return undefined;
  const length = Number(c.req.header("content-length") ?? "0");
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("json") || length > MAX_LOGGED_BODY) return length > 0 ? `[${length} bytes ${type}]` : undefined;
  try {
    const text = await c.req.text();
    return text ? redact(JSON.parse(text)) : undefined;
  } catch {
    return "[unparseable body]";
  }
}
