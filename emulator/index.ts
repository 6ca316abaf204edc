// Public entry of the emulator: `startEmulator()` listens on a port with @hono/node-server and hands back the
// URL, the API base URL and the admin handle; `createEmulator()` builds the app for in-process tests.
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { API_PREFIX, createEmulator, type EmulatorOptions } from "./app";
import type { EmulatorAdmin } from "./admin";
import type { EmulatorState } from "./state";

export { ADMIN_PREFIX, API_PREFIX, ROUTES, createEmulator } from "./app";
export type { Emulator, EmulatorOptions } from "./app";
export type { EmulatorAdmin, ResetOptions, StoredObject } from "./admin";
export type { FaultSpec, ActiveFault } from "./faults";
export type { RequestLogEntry, RequestStats } from "./request-log";

export interface StartOptions extends EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
}

export interface RunningEmulator {
  /** `http://<host>:<port>`: the admin API lives at `${url}/_emulator`. */
  url: string;
  /** `${url}/api/v1/cloud`: what a client uses as its base URL, like `https://api.qoder.com/api/v1/cloud`. */
  baseUrl: string;
  port: number;
  admin: EmulatorAdmin;
  state: EmulatorState;
  /** Closes the server (open keep-alive connections included) and writes the state file once more. */
  stop(): Promise<void>;
}

export function startEmulator(options: StartOptions): Promise<RunningEmulator> {
  const { app, ctx, admin } = createEmulator(options);
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => {
      const shownHost = info.family === "IPv6" ? `[${info.address}]` : info.address;
      const url = `http://${shownHost}:${info.port}`;
      resolve({
        url,
        baseUrl: `${url}${API_PREFIX}`,
        port: info.port,
        admin,
        state: ctx.state,
        stop: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => {
              ctx.state.save();
              if (error) fail(error);
              else done();
            });
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
