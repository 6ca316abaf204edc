// Client for Sessions (CONTRACT.md "Sessions, Events, Files"): runtime objects the provider does not manage,
// needed to prove that an environment in use cannot be deleted. Must not import provider/resources, fleet or Pulumi.
import * as wire from "../api/session";
import { encodePath, type RequestOptions } from "./http";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type Deleted, type ListOptions, type ReadOptions } from "./resource";

export type Session = CamelCased<wire.Session>;
export type SessionCreateParams = CamelCased<wire.SessionCreateParams>;
export interface SessionListParams extends ListOptions {
  includeArchived?: boolean;
  agentId?: string;
  environmentId?: string;
  /** Only sessions a run of this deployment created. */
  deploymentId?: string;
}

export class Sessions extends ApiResource {
  /** Issues POST /sessions. */
  async create(params: SessionCreateParams, options?: RequestOptions): Promise<Session> {
    return this.send(wire.Session, { method: "POST", path: "/sessions", body: this.json(params), options });
  }

  /** Issues GET /sessions/{id}. */
  async retrieve(id: string, options?: ReadOptions): Promise<Session> {
    return this.send(wire.Session, { method: "GET", path: encodePath`/sessions/${id}`, options });
  }

  /** Issues GET /sessions, newest first. */
  list(params?: SessionListParams, options?: ReadOptions): PageIterator<Session> {
    return this.paginate(wire.SessionList, "/sessions", params, options);
  }

  /** Issues POST /sessions/{id}/archive; the status is kept, `archivedAt` is set. */
  async archive(id: string, options?: RequestOptions): Promise<Session> {
    return this.send(wire.Session, { method: "POST", path: encodePath`/sessions/${id}/archive`, options });
  }

  /** Issues DELETE /sessions/{id}, with its events. */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/sessions/${id}`, id, "session_deleted", options);
  }
}
