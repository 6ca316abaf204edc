// Client for Deployments and their runs (api-deployments.md): create, retrieve, update (merge-patch), list,
// archive (there is no delete), pause, unpause, run now, and run history. Must not import provider/resources,
// provider/fleet or Pulumi.
import * as wire from "../api/deployment";
import { encodePath, type RequestOptions } from "./http";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type ListOptions, type ReadOptions } from "./resource";

export type Deployment = CamelCased<wire.Deployment>;
export type DeploymentRun = CamelCased<wire.DeploymentRun>;
export type DeploymentCreateParams = CamelCased<wire.DeploymentCreateParams>;
export type DeploymentUpdateParams = CamelCased<wire.DeploymentUpdateParams>;
export interface DeploymentListParams extends ListOptions {
  includeArchived?: boolean;
  status?: "active" | "paused";
  agentId?: string;
  "createdAt[gte]"?: string;
  "createdAt[lte]"?: string;
}
export interface DeploymentRunListParams extends ListOptions {
  triggeredAfter?: string;
  triggeredBefore?: string;
}
export interface AllDeploymentRunsListParams extends ListOptions {
  deploymentId?: string;
  triggerType?: "manual" | "schedule";
  hasError?: boolean;
  "createdAt[gt]"?: string;
  "createdAt[gte]"?: string;
  "createdAt[lt]"?: string;
  "createdAt[lte]"?: string;
}

export class Deployments extends ApiResource {
  readonly runs = new DeploymentRuns(this.http);

  /** Issues POST /deployments. A string `agent` is pinned to the agent's latest version by the API. */
  async create(params: DeploymentCreateParams, options?: RequestOptions): Promise<Deployment> {
    return this.send(wire.Deployment, { method: "POST", path: "/deployments", body: this.json(params), options });
  }

  /** Issues GET /deployments/{id}; archived deployments stay readable. */
  async retrieve(id: string, options?: ReadOptions): Promise<Deployment> {
    return this.send(wire.Deployment, { method: "GET", path: encodePath`/deployments/${id}`, options });
  }

  /** Issues POST /deployments/{id}: a merge-patch; `schedule: null` makes it manual-only; `metadata` is a patch. */
  async update(id: string, params: DeploymentUpdateParams, options?: RequestOptions): Promise<Deployment> {
    return this.send(wire.Deployment, { method: "POST", path: encodePath`/deployments/${id}`, body: this.json(params), options });
  }

  /** Issues GET /deployments, newest first; archived ones only with `includeArchived`. */
  list(params?: DeploymentListParams, options?: ReadOptions): PageIterator<Deployment> {
    return this.paginate(wire.DeploymentList, "/deployments", params, options);
  }

  /** Issues POST /deployments/{id}/archive: stops it for good and renames it, freeing the name; 409 when archived already. */
  async archive(id: string, options?: RequestOptions): Promise<Deployment> {
    return this.send(wire.Deployment, { method: "POST", path: encodePath`/deployments/${id}/archive`, options });
  }

  /** Issues POST /deployments/{id}/pause; 409 when it is paused already. */
  async pause(id: string, options?: RequestOptions): Promise<Deployment> {
    return this.send(wire.Deployment, { method: "POST", path: encodePath`/deployments/${id}/pause`, options });
  }

  /** Issues POST /deployments/{id}/unpause; 409 when it is not paused. Clears a pause the service made too. */
  async unpause(id: string, options?: RequestOptions): Promise<Deployment> {
    return this.send(wire.Deployment, { method: "POST", path: encodePath`/deployments/${id}/unpause`, options });
  }

  /** Issues POST /deployments/{id}/run: one run now; 409 unless the deployment is active. */
  async run(id: string, options?: RequestOptions): Promise<DeploymentRun> {
    return this.send(wire.DeploymentRun, { method: "POST", path: encodePath`/deployments/${id}/run`, body: this.json({}), options });
  }
}

export class DeploymentRuns extends ApiResource {
  /** Issues GET /deployments/{id}/runs, newest first. */
  list(deploymentId: string, params?: DeploymentRunListParams, options?: ReadOptions): PageIterator<DeploymentRun> {
    return this.paginate(wire.DeploymentRunList, encodePath`/deployments/${deploymentId}/runs`, params, options);
  }

  /** Issues GET /deployments/{id}/runs/{run_id}. */
  async retrieve(deploymentId: string, runId: string, options?: ReadOptions): Promise<DeploymentRun> {
    return this.send(wire.DeploymentRun, { method: "GET", path: encodePath`/deployments/${deploymentId}/runs/${runId}`, options });
  }

  /** Issues GET /deployment_runs: runs of every deployment. */
  listAll(params?: AllDeploymentRunsListParams, options?: ReadOptions): PageIterator<DeploymentRun> {
    return this.paginate(wire.DeploymentRunList, "/deployment_runs", params, options);
  }

  /** Issues GET /deployment_runs/{run_id}. */
  async retrieveAny(runId: string, options?: ReadOptions): Promise<DeploymentRun> {
    return this.send(wire.DeploymentRun, { method: "GET", path: encodePath`/deployment_runs/${runId}`, options });
  }
}
