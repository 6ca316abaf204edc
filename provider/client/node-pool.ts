// The transport's own connection pool: keep-alive sockets to the API's origin on node:http(s), which Node has
// loaded before any module of ours runs. undici, which a provider process would otherwise load with its first
// API call (about 150 ms there, on every command that calls the API), stays the type of an injected
// dispatcher: tests pass its MockAgent, and any undici Dispatcher answers the same `request` and `close`.
import * as http from "node:http";
import * as https from "node:https";

export interface PoolRequest {
  origin: string;
  /** Path and query, already encoded. */
  path: string;
  method: string;
  headers: Record<string, string | string[]>;
  body?: string | Uint8Array;
  signal: AbortSignal;
}

export interface PoolResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: { arrayBuffer(): Promise<ArrayBuffer> };
}

/** What the transport asks of its dispatcher: the part of undici's Dispatcher it uses. */
export interface RequestDispatcher {
  request(request: PoolRequest): Promise<PoolResponse>;
  close(): Promise<void>;
}

/**
 * Keep-alive sockets to one origin, at most `maxSockets` at a time. A request resolves once its whole body
 * has arrived, so the caller's timer and signal cover the body too: an abort or a reset mid-body rejects.
 */
export class NodePool implements RequestDispatcher {
  private readonly agent: http.Agent;
  private readonly send: typeof http.request;

  constructor(origin: string, options: { maxSockets: number; keepAliveMs: number }) {
    const secure = new URL(origin).protocol === "https:";
    const settings = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: options.keepAliveMs };
    this.agent = secure ? new https.Agent(settings) : new http.Agent(settings);
    this.send = secure ? https.request : http.request;
  }

  request({ origin, path, method, headers, body, signal }: PoolRequest): Promise<PoolResponse> {
    return new Promise((resolve, reject) => {
      const req = this.send(new URL(path, origin), { method, headers, agent: this.agent, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("close", () => {
          if (!res.complete) reject(Object.assign(new Error("the connection closed before the whole answer arrived"), { code: "ECONNRESET" }));
        });
        res.on("end", () => {
          const bytes = Buffer.concat(chunks);
          const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: { arrayBuffer: async () => buffer } });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
