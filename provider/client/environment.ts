// Client for Environments (CONTRACT.md "Environments"): create, retrieve, update, list, archive, delete.
// Must not import provider/resources, provider/fleet or Pulumi.
import * as wire from "../api/environment";
import { encodePath, type RequestOptions } from "./http";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type Deleted, type ListOptions, type ReadOptions } from "./resource";

export type Environment = CamelCased<wire.Environment>;
export type EnvironmentCreateParams = CamelCased<wire.EnvironmentCreateParams>;
export type EnvironmentUpdateParams = CamelCased<wire.EnvironmentUpdateParams>;
export interface EnvironmentListParams extends ListOptions {
  includeArchived?: boolean;
}

export class Environments extends ApiResource {
  /** Issues POST /environments. */
  async create(params: EnvironmentCreateParams, options?: RequestOptions): Promise<Environment> {
    return this.send(wire.Environment, { method: "POST", path: "/environments", body: this.json(params), options });
  }

  /** Issues GET /environments/{id}. */
  async retrieve(id: string, options?: ReadOptions): Promise<Environment> {
    return this.send(wire.Environment, { method: "GET", path: encodePath`/environments/${id}`, options });
  }

  /** Issues POST /environments/{id}: a sent `config` replaces the stored one whole; `metadata` is a patch. */
  async update(id: string, params: EnvironmentUpdateParams, options?: RequestOptions): Promise<Environment> {
    const path = encodePath`/environments/${id}`;
    return this.send(wire.Environment, { method: "POST", path, body: this.json(params), options });
  }

  /** Issues GET /environments, newest first. */
  list(params?: EnvironmentListParams, options?: ReadOptions): PageIterator<Environment> {
    return this.paginate(wire.EnvironmentList, "/environments", params, options);
  }

  /** Issues POST /environments/{id}/archive; idempotent; an archived environment takes no new sessions. */
  async archive(id: string, options?: RequestOptions): Promise<Environment> {
    return this.send(wire.Environment, { method: "POST", path: encodePath`/environments/${id}/archive`, options });
  }

  /** Issues DELETE /environments/{id}; 409 (ConflictError) while sessions use it: archive instead. */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/environments/${id}`, id, "environment_deleted", options);
  }
}
