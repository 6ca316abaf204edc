// Test helpers for the emulator unit tests: an in-process emulator (`app.request`) or a real server, and small
// request helpers. Not a test file itself.
import { createEmulator, startEmulator, type RunningEmulator } from "../../emulator/index";
import type { EmulatorOptions } from "../../emulator/app";

export const TOKEN = "pt-test-token";
export const OTHER_TOKEN = "pt-other-token";
export const API = "/api/v1/cloud";

export interface Reply {
  status: number;
  headers: Headers;
  // Tests read arbitrary JSON shapes; `any` keeps assertions short.
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes
  body: any;
}

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

async function toReply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function init(method: string, body: unknown, headers: Record<string, string>): RequestInit {
  return {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  };
}

/** An in-process emulator and a `call` that speaks to its API with a valid token. */
export function inProcess(options: Partial<EmulatorOptions> = {}) {
  const emulator = createEmulator({ tokens: [TOKEN, OTHER_TOKEN], ...options });
  const call: Call = async (method, path, body, headers = {}) => toReply(await emulator.app.request(`${API}${path}`, init(method, body, headers)));
  const raw = async (path: string, requestInit: RequestInit) => toReply(await emulator.app.request(path, requestInit));
  return { ...emulator, call, raw };
}

/** A listening emulator on a free port and a `call` over real HTTP. */
export async function listening(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator & { call: Call }> {
  const running = await startEmulator({ tokens: [TOKEN, OTHER_TOKEN], ...options });
  const call: Call = async (method, path, body, headers = {}) => toReply(await fetch(`${running.baseUrl}${path}`, init(method, body, headers)));
  return { ...running, call };
}

export const agentBody = (overrides: Record<string, unknown> = {}) => ({ name: "reviewer", model: "ultimate", ...overrides });
export const environmentBody = (overrides: Record<string, unknown> = {}) => ({ name: "ci", ...overrides });
