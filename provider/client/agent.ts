// Client for Agents (CONTRACT.md "Agents"): create, retrieve (optionally a version snapshot), update with
// optimistic concurrency, list, archive, and version history. No delete exists in the current API.
// Must not import provider/resources, provider/fleet or Pulumi.
import * as wire from "../api/agent";
import { encodePath, type RequestOptions } from "./http";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type ListOptions, type ReadOptions } from "./resource";

export type Agent = CamelCased<wire.Agent>;
export type AgentCreateParams = CamelCased<wire.AgentCreateParams>;
export type AgentUpdateParams = CamelCased<wire.AgentUpdateParams>;
export interface AgentListParams extends ListOptions {
  includeArchived?: boolean;
}

export class Agents extends ApiResource {
  /** Issues POST /agents; answers the agent at `version: 1`. */
  async create(params: AgentCreateParams, options?: RequestOptions): Promise<Agent> {
    return this.send(wire.Agent, { method: "POST", path: "/agents", body: this.json(params), options: withBeta(params, options) });
  }

  /** Issues GET /agents/{id} (archived agents too); `version` fetches that snapshot. */
  async retrieve(id: string, params: { version?: number } = {}, options?: ReadOptions): Promise<Agent> {
    return this.send(wire.Agent, { method: "GET", path: encodePath`/agents/${id}`, query: params, options });
  }

  /**
   * Issues POST /agents/{id}. `version` must be the current one: a mismatch is a 409 (ConflictError) meaning
   * someone else changed the agent; it is never retried (DESIGN.md "Reliability rules").
   */
  async update(id: string, params: AgentUpdateParams, options?: RequestOptions): Promise<Agent> {
    const path = encodePath`/agents/${id}`;
    return this.send(wire.Agent, { method: "POST", path, body: this.json(params), options: withBeta(params, options) });
  }

  /** Issues GET /agents, newest first; archived agents only with `includeArchived`. */
  list(params?: AgentListParams, options?: ReadOptions): PageIterator<Agent> {
    return this.paginate(wire.AgentList, "/agents", params, options);
  }

  /** Issues POST /agents/{id}/archive; archiving again is not an error and bumps no version. */
  async archive(id: string, options?: RequestOptions): Promise<Agent> {
    return this.send(wire.Agent, { method: "POST", path: encodePath`/agents/${id}/archive`, options });
  }

  /** Issues GET /agents/{id}/versions: the snapshots, newest first. */
  versions(id: string, params?: ListOptions, options?: ReadOptions): PageIterator<Agent> {
    return this.paginate(wire.AgentList, encodePath`/agents/${id}/versions`, params, options);
  }
}

/**
 * The browser toolset is refused with a 400 unless the write carries its beta header (CONTRACT.md
 * "Beta opt-in"), so the client adds it whenever the tools ask for it.
 */
function withBeta(params: { tools?: readonly { type: string }[] | null }, options: RequestOptions | undefined): RequestOptions | undefined {
  const needsBrowser = (params.tools ?? []).some((tool) => tool.type === wire.BROWSER_TOOLSET_TYPE);
  if (!needsBrowser) return options;
  return { ...options, betas: [...(options?.betas ?? []), wire.BROWSER_BETA] };
}
