// Contract-test harness: a listening emulator and a real QoderClient pointed at it (no mocks), with sleeps
// recorded and skipped so injected Retry-After values cost no wall time. Not a test file itself.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import type { ClientOptions } from "../../provider/client/config";
import { ApiError, createClient, type QoderClient } from "../../provider/client/index";

export const CONTRACT_TOKEN = "pt-contract-token";

export interface Contract {
  emulator: RunningEmulator;
  client: QoderClient;
  /** Every retry wait the client asked for since the last reset. */
  sleeps: number[];
  /** A second client with its own options (same emulator, same token unless overridden). */
  clientWith(options: Partial<ClientOptions>): QoderClient;
}

/**
 * Registers the lifecycle hooks of one test file: start the emulator before all, reset it (state, faults,
 * counters) before each test, stop it after all. Returns a handle filled in once `beforeAll` ran.
 */
export function useContract(options: Partial<ClientOptions> = {}): Contract {
  const handle = { sleeps: [] as number[] } as Contract & { sleeps: number[] };
  const clients: QoderClient[] = [];
  beforeAll(async () => {
    handle.emulator = await startEmulator({ tokens: [CONTRACT_TOKEN] });
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
    handle.client = handle.clientWith({});
  });
  beforeEach(() => {
    handle.emulator.admin.reset();
    handle.sleeps.length = 0;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
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

export const MANIFEST = (name: string, description = "Reviews code") => `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n`;
