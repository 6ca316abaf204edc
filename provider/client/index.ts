// The Qoder Cloud Agents client: `createClient(options)` builds a QoderClient holding one transport and one
// resource object per API kind. Public surface of provider/client; must not import resources, fleet or Pulumi.
import { Agents } from "./agent";
import type { ClientOptions } from "./config";
import { Deployments } from "./deployment";
import { Environments } from "./environment";
import { Files } from "./file";
import { HttpTransport } from "./http";
import { MemoryStores } from "./memory-store";
import { Sessions } from "./session";
import { Skills } from "./skill";
import { Vaults } from "./vault";

export class QoderClient {
  readonly agents: Agents;
  readonly environments: Environments;
  readonly skills: Skills;
  readonly vaults: Vaults;
  readonly memoryStores: MemoryStores;
  readonly sessions: Sessions;
  readonly deployments: Deployments;
  readonly files: Files;
  private readonly http: HttpTransport;

  constructor(options: ClientOptions = {}) {
    this.http = new HttpTransport(options);
    this.agents = new Agents(this.http);
    this.environments = new Environments(this.http);
    this.skills = new Skills(this.http);
    this.vaults = new Vaults(this.http);
    this.memoryStores = new MemoryStores(this.http);
    this.sessions = new Sessions(this.http);
    this.deployments = new Deployments(this.http);
    this.files = new Files(this.http);
  }

  /** The resolved base URL every path is relative to. */
  get baseUrl(): string {
    return this.http.config.baseUrl;
  }

  /** Closes the client's keep-alive connections (a no-op for an injected dispatcher). */
  close(): Promise<void> {
    return this.http.close();
  }
}

/** Builds a client; see ClientOptions for the base URL, token fallbacks, timeouts and retries. */
export function createClient(options: ClientOptions = {}): QoderClient {
  return new QoderClient(options);
}

export * from "./agent";
export * from "./config";
export * from "./deployment";
export * from "./environment";
export * from "./errors";
export { fromResponse } from "./error-answers";
export * from "./file";
export * from "./memory-store";
export { encodePath, type HttpRequest, type HttpResponse, type RequestOptions } from "./http";
export * from "./multipart";
export * from "./pagination";
export { redact, collectSecrets, isSecretKey, REDACTED } from "./redact";
export type { CamelCased, Deleted, ListOptions, ReadOptions } from "./resource";
export { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry";
export * from "./session";
export * from "./skill";
export * from "./vault";
