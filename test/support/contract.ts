// Contract-test harness: a listening emulator and a real QoderClient pointed at it (no mocks), with sleeps
// recorded and skipped so injected Retry-After values cost no wall time. Not a test file itself.
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { ClientOptions } from "../../provider/client/config";
import { type ApiError, createClient, type QoderClient } from "../../provider/client/index";

export const CONTRACT_TOKEN = "pt-contract-token";
/** A second accepted token, for what is scoped per token (idempotency keys). */
export const OTHER_CONTRACT_TOKEN = "pt-contract-other-token";

/** Edits one outgoing request (method, path, headers, body) before it leaves the client. */
export type RequestEdit = (request: Dispatcher.DispatchOptions) => Dispatcher.DispatchOptions;

export interface Contract {
  emulator: RunningEmulator;
  client: QoderClient;
  /** Every retry wait the client asked for since the last reset. */
  sleeps: number[];
  /** A second client with its own options (same emulator, same token unless overridden). */
  clientWith(options: Partial<ClientOptions>): QoderClient;
  /**
   * A client whose requests pass through `edit` on their way out: the way to send what the client never sends
   * by itself (an `x-api-key`, malformed JSON, an older server's PUT) and still read the answer through it.
   */
  clientThrough(edit: RequestEdit, options?: Partial<ClientOptions>): QoderClient;
}

/**
 * Registers the lifecycle hooks of one test file: start the emulator before all, reset it (state, faults,
 * counters) and make a fresh `client` before each test, stop it after all. Returns a handle filled in once `beforeAll` ran.
 */
export function useContract(options: Partial<ClientOptions> = {}): Contract {
  const handle = { sleeps: [] as number[] } as Contract & { sleeps: number[] };
  const clients: QoderClient[] = [];
  const dispatchers: Dispatcher[] = [];
  beforeAll(async () => {
    handle.emulator = await startEmulator({ tokens: [CONTRACT_TOKEN, OTHER_CONTRACT_TOKEN] });
    handle.clientWith = (extra) => {
      const client = createClient({
        baseUrl: handle.emulator.baseUrl,
        token: CONTRACT_TOKEN,
        maxRetries: 4,
        timeoutMs: 5_000,
        sleep: async (ms) => {
          handle.sleeps.push(ms);
        },
        ...options,
        ...extra,
      });
      clients.push(client);
      return client;
    };
    handle.clientThrough = (edit, extra = {}) => {
      const dispatcher = new Agent();
      dispatchers.push(dispatcher);
      const editing = dispatcher.compose((dispatch) => (request, handler) => dispatch(edit(request), handler));
      return handle.clientWith({ ...extra, dispatcher: editing });
    };
  });
  beforeEach(() => {
    handle.emulator.admin.reset();
    handle.sleeps.length = 0;
    // A fresh client too: its rate budget keeps what a test taught it (a pause, a pace) on the real clock.
    handle.client = handle.clientWith({});
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
    await handle.emulator.stop();
  });
  return handle;
}

/** Resolves to the error a promise rejects with (or fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err as ApiError,
  );
}

/** The request's headers as a plain object with lower-case names (the client sends a record). */
export function headersOf(request: Dispatcher.DispatchOptions): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries((request.headers ?? {}) as Record<string, string | string[]>)) out[name.toLowerCase()] = value;
  return out;
}

/** A request edit that replaces some headers (`undefined` removes one). */
export function withHeaders(changes: Record<string, string | undefined>): RequestEdit {
  return (request) => {
    const headers = headersOf(request);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return { ...request, headers };
  };
}

export const MANIFEST = (name: string, description = "Reviews code") => `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n`;
