// The admin side of the emulator, for tests and demos: faults, stats, request log, out-of-band changes and
// reset, both from code (`EmulatorAdmin`) and over HTTP under `/_emulator` (open, or behind an admin token).
//
//   GET    /_emulator/health                          {ok: true}
//   GET    /_emulator/faults                          {data: ActiveFault[]}
//   POST   /_emulator/faults                          FaultSpec → 201 ActiveFault, e.g.
//          {"kind":"drop-after-commit","method":"POST","path":"/agents","count":1}
//          kinds: latency, error (status, errorType), rate-limit, reset, drop-after-commit, no-content
//          rate-limit with {"ratePerSecond":40,"burst":20}: a gateway's token bucket over the requests it
//          matches (not count/probability); an empty bucket answers 429 with Retry-After in whole seconds
//   DELETE /_emulator/faults[/<fault id>]             clear all / one
//   GET    /_emulator/stats                           {total, counters: {"POST /agents": 2, …}}
//   GET    /_emulator/requests                        {data: RequestLogEntry[]} (secrets redacted)
//   DELETE /_emulator/requests                        clear log and counters
//   POST   /_emulator/reset                           [{keepFaults?, keepLog?}] empty every collection
//   GET    /_emulator/objects/<collection>[/<id>]     raw stored objects
//   POST   /_emulator/objects/<collection>/<id>       {<wire field>: value, …} out-of-band patch
//   POST   /_emulator/objects/<collection>/<id>/archive
//   DELETE /_emulator/objects/<collection>/<id>
//   POST   /_emulator/deployments/<id>/scheduled_runs   [{failWith?, scheduledAt?}] → 201 the run a scheduled
//          fire recorded; a failure of an auto-pause type pauses the deployment
import { Hono } from "hono";
import { z } from "zod";
import { FIRE_SCHEDULED_RUN, type EmulatorContext, type EmulatorEnv, type ScheduledRunOptions } from "./context";
import { notFound, unauthenticated } from "./errors";
import { FaultSpec, type ActiveFault, type FaultInjector } from "./faults";
import type { IdempotencyStore } from "./idempotency";
import type { RequestLog, RequestLogEntry, RequestStats } from "./request-log";
import type { Stored } from "./state";
import { parseBody, readJson, validate } from "./validation";

export interface ResetOptions {
  /** Keep the injected faults (default: cleared). */
  keepFaults?: boolean;
  /** Keep the request log and counters (default: cleared). */
  keepLog?: boolean;
}

/** A stored object as the admin side sees it: wire-shaped JSON with an id. */
export type StoredObject = Stored & Record<string, unknown>;

/** The programmatic twin of the admin HTTP API. */
export interface EmulatorAdmin {
  addFault(spec: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  stats(): RequestStats;
  count(method: string, route: string): number;
  requests(): RequestLogEntry[];
  clearLog(): void;
  /** Empties every collection and the idempotency cache; faults and log too unless kept. */
  reset(options?: ResetOptions): void;
  list(collection: string): StoredObject[];
  get(collection: string, id: string): StoredObject | undefined;
  /** Out-of-band change of wire fields; for agents this bumps `version` like a real update. */
  patch(collection: string, id: string, fields: Record<string, unknown>): StoredObject;
  archive(collection: string, id: string): StoredObject;
  remove(collection: string, id: string): void;
  /**
   * What the scheduler does when a deployment's cron time comes (api-deployments.md §11.11): records a run
   * with `trigger_context: {type: "schedule", scheduled_at}`, a session when every reference still works,
   * else the run's error; `failWith` makes it fail with that run error type. A failure of an auto-pause type
   * (§2.5) pauses the deployment with `paused_reason: {type: "error", error: {type}}`. 409 unless the
   * deployment is active, live and scheduled.
   */
  fireScheduledRun(deploymentId: string, options?: ScheduledRunOptions): StoredObject;
}

export interface AdminParts {
  ctx: EmulatorContext;
  faults: FaultInjector;
  log: RequestLog;
  idempotency: IdempotencyStore;
}

export function createAdmin({ ctx, faults, log, idempotency }: AdminParts): EmulatorAdmin {
  const { state, hooks } = ctx;
  const saved = <T>(value: T): T => {
    state.save();
    return value;
  };
  return {
    addFault: (spec) => faults.add(spec),
    faults: () => faults.list(),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    stats: () => log.stats(),
    count: (method, route) => log.count(method, route),
    requests: () => log.list(),
    clearLog: () => log.clear(),
    reset(options = {}) {
      state.reset();
      idempotency.clear();
      if (!options.keepFaults) faults.clear();
      if (!options.keepLog) log.clear();
    },
    list: (collection) => structuredClone(state.peek<StoredObject>(collection)?.values() ?? []),
    get: (collection, id) => structuredClone(state.peek<StoredObject>(collection)?.get(id)),
    patch: (collection, id, fields) => saved(structuredClone(hooks.patch(collection, id, fields) as StoredObject)),
    archive: (collection, id) => saved(structuredClone(hooks.archive(collection, id) as StoredObject)),
    remove: (collection, id) => saved(hooks.remove(collection, id)),
    fireScheduledRun: (deploymentId, options = {}) => saved(structuredClone(hooks.act(FIRE_SCHEDULED_RUN, deploymentId, options) as StoredObject)),
  };
}

const ResetBody = z.strictObject({ keepFaults: z.boolean().optional(), keepLog: z.boolean().optional() });
const PatchBody = z.record(z.string(), z.unknown());

/**
 * HTTP admin API, mounted at `/_emulator`. It does not take the API tokens: it is open unless the emulator
 * was started with `adminToken`, in which case it needs `Authorization: Bearer <adminToken>`.
 */
export function adminRoutes(admin: EmulatorAdmin, adminToken: string | undefined): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.use("*", async (c, next) => {
    if (adminToken !== undefined && c.req.header("authorization") !== `Bearer ${adminToken}`) throw unauthenticated();
    return next();
  });
  app.get("/health", (c) => c.json({ ok: true }));
  app.get("/faults", (c) => c.json({ data: admin.faults() }));
  app.post("/faults", async (c) => c.json(admin.addFault(await parseBody(c, FaultSpec)), 201));
  app.delete("/faults", (c) => {
    admin.clearFaults();
    return c.json({ data: [] });
  });
  app.delete("/faults/:id", (c) => {
    if (!admin.removeFault(c.req.param("id"))) throw notFound("Fault", c.req.param("id"));
    return c.json({ id: c.req.param("id"), type: "fault_deleted" });
  });
  app.get("/stats", (c) => c.json(admin.stats()));
  app.get("/requests", (c) => c.json({ data: admin.requests() }));
  app.delete("/requests", (c) => {
    admin.clearLog();
    return c.json({ data: [] });
  });
  app.post("/reset", async (c) => {
    const hasBody = (await c.req.text()).trim() !== "";
    admin.reset(hasBody ? validate(ResetBody, await readJson(c)) : {});
    return c.json({ ok: true });
  });
  app.get("/objects/:collection", (c) => c.json({ data: admin.list(c.req.param("collection")) }));
  app.get("/objects/:collection/:id", (c) => {
    const found = admin.get(c.req.param("collection"), c.req.param("id"));
    if (!found) throw notFound(`Object in ${c.req.param("collection")}`, c.req.param("id"));
    return c.json(found);
  });
  app.post("/objects/:collection/:id", async (c) => c.json(admin.patch(c.req.param("collection"), c.req.param("id"), await parseBody(c, PatchBody))));
  app.post("/objects/:collection/:id/archive", (c) => c.json(admin.archive(c.req.param("collection"), c.req.param("id"))));
  app.post("/deployments/:id/scheduled_runs", async (c) => {
    const hasBody = (await c.req.text()).trim() !== "";
    const options = hasBody ? ((await readJson(c)) as ScheduledRunOptions) : {};
    return c.json(admin.fireScheduledRun(c.req.param("id"), options), 201);
  });
  app.delete("/objects/:collection/:id", (c) => {
    admin.remove(c.req.param("collection"), c.req.param("id"));
    return c.json({ id: c.req.param("id"), type: "deleted" });
  });
  return app;
}
