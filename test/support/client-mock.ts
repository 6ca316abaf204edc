// Test harness for client unit tests: a QoderClient wired to undici's MockAgent (no network), an instant
// recorded sleep, a fake clock and fixed jitter, plus a recorder of every request the mock received.
import { MockAgent } from "undici";
import type { ClientOptions } from "../../provider/client/config";
import { createClient, type QoderClient } from "../../provider/client/index";

export const ORIGIN = "https://api.test";
export const PREFIX = "/api/v1/cloud";
export const TOKEN = "pt-unit-test-token-0123456789";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string;
}

export interface Harness {
  client: QoderClient;
  mock: ReturnType<MockAgent["get"]>;
  agent: MockAgent;
  /** Every delay the client asked to sleep, in order. */
  sleeps: number[];
  /** Every request that reached the mock, in order. */
  requests: RecordedRequest[];
  /** Log lines the client wrote. */
  logs: string[];
  /** Replies to `method path` (path below the base URL, query ignored) with `status` and `body`, `times` times. */
  reply(method: string, path: string, status: number, body?: unknown, headers?: Record<string, string>, times?: number): void;
  /** Makes `method path` fail at the connection level. */
  fail(method: string, path: string, error?: Error): void;
}

const open: MockAgent[] = [];

/** Closes every mock opened by `harness()` since the last call (use in afterEach). */
export async function closeHarnesses(): Promise<void> {
  await Promise.all(open.splice(0).map((agent) => agent.close()));
}

export function harness(options: Partial<ClientOptions> = {}): Harness {
  const agent = new MockAgent();
  open.push(agent);
  agent.disableNetConnect();
  const mock = agent.get(ORIGIN);
  const sleeps: number[] = [];
  const requests: RecordedRequest[] = [];
  const logs: string[] = [];
  let now = 1_000_000;
  const client = createClient({
    baseUrl: `${ORIGIN}${PREFIX}`,
    token: TOKEN,
    dispatcher: agent,
    now: () => now,
    random: () => 1,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    logger: { debug: (line) => logs.push(line) },
    ...options,
  });
  const matcher = (method: string, path: string) => ({
    method,
    path: (actual: string) => actual.split("?")[0] === PREFIX + path,
  });
  const record = (opts: { method: string; path: string; headers?: unknown; body?: unknown }): void => {
    requests.push({
      method: opts.method,
      path: opts.path,
      headers: normaliseHeaders(opts.headers),
      body: bodyText(opts.body),
    });
  };
  return {
    client,
    mock,
    agent,
    sleeps,
    requests,
    logs,
    reply(method, path, status, body, headers = {}, times = 1) {
      mock
        .intercept(matcher(method, path))
        .reply((opts) => {
          record(opts);
          const data = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
          return { statusCode: status, data, responseOptions: { headers: { "content-type": "application/json", ...headers } } };
        })
        .times(times);
    },
    fail(method, path, error = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })) {
      mock.intercept(matcher(method, path)).replyWithError(error);
    },
  };
}

function normaliseHeaders(headers: unknown): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
    return out;
  }
  for (const [key, value] of Object.entries((headers ?? {}) as Record<string, string | string[]>)) out[key.toLowerCase()] = value;
  return out;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString("latin1");
  return String(body);
}

/** A wire agent as the server returns it. */
export function wireAgent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "agent_0123456789abcdef0123456789abcdef",
    type: "agent",
    name: "reviewer",
    description: "",
    model: "ultimate",
    system: "",
    tools: [],
    mcp_servers: [],
    skills: [],
    metadata: {},
    multiagent: null,
    version: 1,
    archived_at: null,
    created_at: "2026-05-18T15:26:39.61669Z",
    updated_at: "2026-05-18T15:26:39.61669Z",
    ...overrides,
  };
}

/** The API's error envelope. */
export function errorBody(type: string, message: string, param?: string, requestId?: string): Record<string, unknown> {
  return { type: "error", request_id: requestId, error: { type, message, param } };
}
