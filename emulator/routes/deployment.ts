// Routes of Deployments and their runs (api-deployments.md §1 with the §11 decisions): create (201), get,
// merge-patch update, list, archive (rename, no delete), pause, unpause, run now, and run history in both
// forms; plus the test action that fires a scheduled run. Depends on provider/api and emulator core.
import { Hono, type Context } from "hono";
import { z } from "zod";
import {
  AUTO_PAUSE_ERROR_TYPES,
  DEPLOYMENT_STATUSES,
  DeploymentCreateParams,
  DeploymentUpdateParams,
  QueryBoolean,
  RUN_ERROR_TYPES,
  upcomingRuns,
  type Deployment,
  type DeploymentRun,
} from "../../provider/api";
import { FIRE_SCHEDULED_RUN, type EmulatorContext, type EmulatorEnv } from "../context";
import { conflict, invalid, notFound } from "../errors";
import { paginate, parseListQuery, visible } from "../pagination";
import { parseBody, readJson, validate } from "../validation";
import {
  DEPLOYMENTS,
  DEPLOYMENT_RUNS,
  environmentVariableMap,
  normaliseEvents,
  patchDeploymentMetadata,
  requireEnvironment,
  requireResources,
  requireRubricFiles,
  requireVaults,
  runFailure,
  sessionResource,
  splitResources,
  tokenStore,
  type RunError,
  type StoredEvent,
} from "./deployment-rules";
import { bindAgent, storeSession, type StoredResource } from "./session";

export { DEPLOYMENTS, DEPLOYMENT_RUNS, deploymentSecrets } from "./deployment-rules";

type StoredSchedule = {
  type: "cron";
  expression: string;
  timezone: string;
  upcoming_runs_at: string[];
  last_run_at?: string;
};

type PausedReason = { type: "manual" } | { type: "error"; error: { type: string } };

export type StoredDeployment = {
  id: string;
  type: "deployment";
  name: string;
  description: string;
  agent: { id: string; type: "agent"; version: number };
  environment_id: string;
  environment_variables: string;
  initial_events: StoredEvent[];
  resources: StoredResource[];
  vault_ids: string[];
  metadata: Record<string, unknown>;
  schedule: StoredSchedule | null;
  status: (typeof DEPLOYMENT_STATUSES)[number];
  paused_reason: PausedReason | null;
  budget: ({ type: string } & Record<string, unknown>) | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
};

export type StoredRun = {
  id: string;
  type: "deployment_run";
  deployment_id: string;
  agent: { id: string; type: "agent"; version: number };
  session_id: string | null;
  error: RunError | null;
  trigger_context: { type: "manual" } | { type: "schedule"; scheduled_at: string };
  created_at: string;
};

// Compile-time guards: what the emulator returns must decode as the client's types.
export const asDeployment = (deployment: StoredDeployment): Deployment => deployment;
export const asDeploymentRun = (run: StoredRun): DeploymentRun => run;

const RUN_ID_PREFIX = "drun";

/** An RFC 3339 query value; anything `Date` cannot read is a 400 on the parameter. */
const QueryTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), "must be an RFC 3339 timestamp");
const at = (text: string): number => Date.parse(text);

const DeploymentListQuery = z.looseObject({
  status: z.enum(DEPLOYMENT_STATUSES).optional(),
  agent_id: z.string().min(1).optional(),
  "created_at[gte]": QueryTime.optional(),
  "created_at[lte]": QueryTime.optional(),
});
const ScopedRunListQuery = z.looseObject({ triggered_after: QueryTime.optional(), triggered_before: QueryTime.optional() });
const AllRunsListQuery = z.looseObject({
  deployment_id: z.string().min(1).optional(),
  trigger_type: z.enum(["manual", "schedule"]).optional(),
  has_error: QueryBoolean.optional(),
  "created_at[gt]": QueryTime.optional(),
  "created_at[gte]": QueryTime.optional(),
  "created_at[lt]": QueryTime.optional(),
  "created_at[lte]": QueryTime.optional(),
});

/** Run takes `{}` or no body at all (§1). */
const RunBody = z.strictObject({});

/** The admin body of a simulated scheduled fire (`failWith` must be a known run error type). */
const ScheduledRunBody = z.strictObject({
  failWith: z.enum(RUN_ERROR_TYPES).optional(),
  scheduledAt: QueryTime.optional(),
});

const ARCHIVED_OR_INACTIVE = "Deployment is archived or not in active status";

/** The API prints deployment and run times with whole seconds (§2.1, §3.1). */
function wholeSecond(timestamp: string): string {
  return timestamp.replace(/\.\d+Z$/, "Z");
}

export function deploymentRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const deployments = ctx.state.collection<StoredDeployment>(DEPLOYMENTS);
  const runs = ctx.state.collection<StoredRun>(DEPLOYMENT_RUNS);
  const tokens = tokenStore(ctx.state);
  const app = new Hono<EmulatorEnv>();
  const now = (): string => wholeSecond(ctx.now());

  const find = (id: string): StoredDeployment => {
    const deployment = deployments.get(id);
    if (!deployment) throw notFound("Deployment", id);
    return deployment;
  };

  /**
   * The server-computed schedule fields as of now (§11.6): the next 5 fire times in the deployment's timezone
   * (`[]` once archived, kept while paused) and `last_run_at`, the newest run's time, omitted until a run.
   */
  const present = (deployment: StoredDeployment): StoredDeployment => {
    if (!deployment.schedule) return deployment;
    const { type, expression, timezone } = deployment.schedule;
    const upcoming = deployment.archived_at ? [] : upcomingRuns(expression, timezone, new Date());
    const last = runs
      .values()
      .filter((run) => run.deployment_id === deployment.id)
      .reduce<StoredRun | undefined>((newest, run) => (newest === undefined || run.id > newest.id ? run : newest), undefined);
    const schedule: StoredSchedule = { type, expression, timezone, upcoming_runs_at: upcoming };
    if (last) schedule.last_run_at = last.created_at;
    return { ...deployment, schedule };
  };
  const commit = (deployment: StoredDeployment): StoredDeployment => deployments.set(present(deployment));

  /** §11.7: names are unique among non-archived deployments. */
  const requireFreeName = (name: string, self?: string): void => {
    const holder = deployments.values().find((other) => other.name === name && !other.archived_at && other.id !== self);
    if (holder) throw conflict(`A deployment named '${name}' already exists ('${holder.id}'); archive it or choose another name.`, "name");
  };

  /** §11.4: resolved to a concrete version; a string or an object without `version` takes the latest. */
  const resolveAgent = (ref: DeploymentCreateParams["agent"]): StoredDeployment["agent"] => {
    const snapshot = bindAgent(ctx, ref);
    return { id: snapshot.id, type: "agent", version: snapshot.version };
  };

  const archive = (deployment: StoredDeployment): StoredDeployment => {
    const time = now();
    const seconds = Math.floor(at(time) / 1000);
    // §11.10: renamed to free the name, no more fire times; status and paused_reason are kept.
    return commit({ ...deployment, name: `${deployment.name}_archived_${seconds}`, archived_at: time, updated_at: time });
  };

  /** Records one trigger: a session when every reference still works, else the run's error (§11.11). */
  const trigger = (deployment: StoredDeployment, context: StoredRun["trigger_context"], failWith?: string): StoredRun => {
    const failure: RunError | undefined = failWith
      ? { type: failWith, message: `Simulated scheduled-run failure: ${failWith}.` }
      : runFailure(ctx, deployment);
    let sessionId: string | null = null;
    if (!failure) {
      const session = storeSession(ctx, {
        agent: bindAgent(ctx, { type: "agent", id: deployment.agent.id, version: deployment.agent.version }),
        environment_id: deployment.environment_id,
        environment_variables: environmentVariableMap(deployment.environment_variables),
        resources: deployment.resources.map(sessionResource),
        vault_ids: [...deployment.vault_ids],
        deployment_id: deployment.id,
      });
      sessionId = session.id;
    }
    const run: StoredRun = {
      id: ctx.newId(RUN_ID_PREFIX),
      type: "deployment_run",
      deployment_id: deployment.id,
      agent: { ...deployment.agent },
      session_id: sessionId,
      error: failure ?? null,
      trigger_context: context,
      created_at: now(),
    };
    runs.set(run);
    // §11.6: every run, manual ones too, moves last_run_at.
    commit(deployment);
    return run;
  };

  ctx.hooks.register(DEPLOYMENTS, {
    // An out-of-band archive follows the archive rules (rename, no fire times); repeating it changes nothing.
    archive: (id) => {
      const deployment = find(id);
      return deployment.archived_at ? deployment : archive(deployment);
    },
    remove: (id) => {
      find(id);
      deployments.delete(id);
      tokens.delete(id);
    },
  });

  // §11.11: scheduled fires are simulated only through this test action (admin API).
  ctx.hooks.registerAction(FIRE_SCHEDULED_RUN, (id, options) => {
    const { failWith, scheduledAt } = validate(ScheduledRunBody, options ?? {});
    const deployment = find(id);
    // The scheduler fires only active, scheduled, live deployments.
    if (deployment.archived_at || deployment.status !== "active") throw conflict(ARCHIVED_OR_INACTIVE);
    if (!deployment.schedule) throw conflict(`Deployment '${id}' has no schedule; it runs only when asked to.`);
    const scheduled = scheduledAt ? new Date(at(scheduledAt)).toISOString().replace(/\.\d+Z$/, "Z") : now();
    const run = trigger(deployment, { type: "schedule", scheduled_at: scheduled }, failWith);
    // §2.5: a scheduled run that failed with an auto-pause type pauses the deployment.
    if (run.error && AUTO_PAUSE_ERROR_TYPES.has(run.error.type)) {
      const current = find(id);
      commit({ ...current, status: "paused", paused_reason: { type: "error", error: { type: run.error.type } }, updated_at: now() });
    }
    return run;
  });

  app.post("/", async (c) => {
    const body = await parseBody(c, DeploymentCreateParams);
    const agent = resolveAgent(body.agent);
    const environment = requireEnvironment(ctx, body.environment_id);
    const vaultIds = body.vault_ids ?? [];
    requireVaults(ctx, vaultIds);
    const resources = body.resources ?? [];
    requireResources(ctx, resources);
    requireRubricFiles(ctx, body.initial_events);
    requireFreeName(body.name);
    const { view, tokens: written } = splitResources(resources);
    const time = now();
    const deployment: StoredDeployment = {
      id: ctx.newId("dep"),
      type: "deployment",
      name: body.name,
      description: body.description ?? "",
      agent,
      environment_id: environment.id,
      environment_variables: body.environment_variables ?? "",
      initial_events: normaliseEvents(body.initial_events),
      resources: view,
      vault_ids: [...vaultIds],
      metadata: body.metadata ?? {},
      schedule: body.schedule ? { ...body.schedule, upcoming_runs_at: [] } : null,
      status: "active",
      paused_reason: null,
      budget: body.budget ?? null,
      archived_at: null,
      created_at: time,
      updated_at: time,
    };
    tokens.set(deployment.id, written);
    return c.json(commit(deployment), 201);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    const filters = validate(DeploymentListQuery, c.req.query());
    const gte = filters["created_at[gte]"];
    const lte = filters["created_at[lte]"];
    // §11.12: status together with include_archived is allowed.
    const matching = visible(deployments.values(), query.include_archived).filter(
      (deployment) =>
        (filters.status === undefined || deployment.status === filters.status) &&
        (filters.agent_id === undefined || deployment.agent.id === filters.agent_id) &&
        (gte === undefined || at(deployment.created_at) >= at(gte)) &&
        (lte === undefined || at(deployment.created_at) <= at(lte)),
    );
    const page = paginate(matching, query);
    return c.json({ ...page, data: page.data.map(present) });
  });

  app.get("/:deployment_id", (c) => c.json(present(find(c.req.param("deployment_id")))));

  // §11.8: merge-patch; arrays replace whole; archived → 409.
  app.post("/:deployment_id", async (c) => {
    const current = find(c.req.param("deployment_id"));
    if (current.archived_at) throw conflict(`Deployment '${current.id}' is archived and can no longer be modified.`);
    const body = await parseBody(c, DeploymentUpdateParams);
    const next: StoredDeployment = { ...current, updated_at: now() };
    if (body.agent !== undefined) next.agent = resolveAgent(body.agent);
    if (body.environment_id !== undefined) next.environment_id = requireEnvironment(ctx, body.environment_id).id;
    if (body.vault_ids !== undefined) {
      requireVaults(ctx, body.vault_ids ?? []);
      next.vault_ids = [...(body.vault_ids ?? [])];
    }
    if (body.resources !== undefined) {
      const resources = body.resources ?? [];
      requireResources(ctx, resources);
      const { view, tokens: written } = splitResources(resources);
      next.resources = view;
      tokens.set(current.id, written);
    }
    if (body.initial_events !== undefined) {
      requireRubricFiles(ctx, body.initial_events);
      next.initial_events = normaliseEvents(body.initial_events);
    }
    if (body.name !== undefined) {
      requireFreeName(body.name, current.id);
      next.name = body.name;
    }
    if (body.description !== undefined) next.description = body.description ?? "";
    if (body.environment_variables !== undefined) next.environment_variables = body.environment_variables;
    if (body.metadata !== undefined) next.metadata = patchDeploymentMetadata(current.metadata, body.metadata);
    // A sent schedule replaces the old one whole; `null` makes the deployment manual-only.
    if (body.schedule !== undefined) next.schedule = body.schedule ? { ...body.schedule, upcoming_runs_at: [] } : null;
    if (body.budget !== undefined) next.budget = body.budget ?? null;
    return c.json(commit(next));
  });

  app.post("/:deployment_id/archive", (c) => {
    const deployment = find(c.req.param("deployment_id"));
    if (deployment.archived_at) throw conflict("Deployment is already archived");
    return c.json(archive(deployment));
  });

  app.post("/:deployment_id/pause", (c) => {
    const deployment = find(c.req.param("deployment_id"));
    if (deployment.archived_at) throw conflict(`Deployment '${deployment.id}' is archived and cannot be paused.`);
    if (deployment.status === "paused") throw conflict("Deployment is already paused");
    return c.json(commit({ ...deployment, status: "paused", paused_reason: { type: "manual" }, updated_at: now() }));
  });

  app.post("/:deployment_id/unpause", (c) => {
    const deployment = find(c.req.param("deployment_id"));
    if (deployment.archived_at) throw conflict(`Deployment '${deployment.id}' is archived and cannot be unpaused.`);
    if (deployment.status !== "paused") throw conflict("Deployment is not paused");
    // Clears an error pause too; fire times are recomputed from now, nothing missed is backfilled.
    return c.json(commit({ ...deployment, status: "active", paused_reason: null, updated_at: now() }));
  });

  app.post("/:deployment_id/run", async (c) => {
    const deployment = find(c.req.param("deployment_id"));
    const text = (await c.req.text()).trim();
    if (text !== "") validate(RunBody, await readBodyObject(c));
    if (deployment.archived_at || deployment.status !== "active") throw conflict(ARCHIVED_OR_INACTIVE);
    return c.json(trigger(deployment, { type: "manual" }));
  });

  app.get("/:deployment_id/runs", (c) => {
    const deployment = find(c.req.param("deployment_id"));
    const query = parseListQuery(c);
    const { triggered_after: after, triggered_before: before } = validate(ScopedRunListQuery, c.req.query());
    // Both bounds are inclusive: a run at exactly the given second is in.
    const matching = runs
      .values()
      .filter(
        (run) =>
          run.deployment_id === deployment.id &&
          (after === undefined || at(run.created_at) >= at(after)) &&
          (before === undefined || at(run.created_at) <= at(before)),
      );
    return c.json(paginate(matching, query));
  });

  app.get("/:deployment_id/runs/:run_id", (c) => {
    const deployment = find(c.req.param("deployment_id"));
    const run = runs.get(c.req.param("run_id"));
    if (!run || run.deployment_id !== deployment.id) throw notFound("Deployment run", c.req.param("run_id"));
    return c.json(run);
  });

  return app;
}

/** `GET /deployment_runs[/{run_id}]`: runs of every deployment (§8.3, §8.4). */
export function deploymentRunRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const runs = ctx.state.collection<StoredRun>(DEPLOYMENT_RUNS);
  const app = new Hono<EmulatorEnv>();

  app.get("/", (c) => {
    const query = parseListQuery(c);
    const filters = validate(AllRunsListQuery, c.req.query());
    const bound = (name: keyof typeof filters, holds: (run: number, limit: number) => boolean) => (run: StoredRun) => {
      const limit = filters[name];
      return typeof limit !== "string" || holds(at(run.created_at), at(limit));
    };
    const checks = [
      bound("created_at[gt]", (run, limit) => run > limit),
      bound("created_at[gte]", (run, limit) => run >= limit),
      bound("created_at[lt]", (run, limit) => run < limit),
      bound("created_at[lte]", (run, limit) => run <= limit),
    ];
    // An unknown deployment_id is an empty page, not a 404 (§11.12).
    const matching = runs
      .values()
      .filter(
        (run) =>
          (filters.deployment_id === undefined || run.deployment_id === filters.deployment_id) &&
          (filters.trigger_type === undefined || run.trigger_context.type === filters.trigger_type) &&
          (filters.has_error === undefined || (run.error !== null) === filters.has_error) &&
          checks.every((check) => check(run)),
      );
    return c.json(paginate(matching, query));
  });

  app.get("/:run_id", (c) => {
    const run = runs.get(c.req.param("run_id"));
    if (!run) throw notFound("Deployment run", c.req.param("run_id"));
    return c.json(run);
  });

  return app;
}

async function readBodyObject(c: Context<EmulatorEnv>): Promise<unknown> {
  const body = await readJson(c);
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw invalid("Request body must be a JSON object.");
  return body;
}
