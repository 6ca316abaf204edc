// Builds the emulator's Hono app: the middleware chain, the API routes under `/api/v1/cloud`, the admin API
// under `/_emulator`. Imports nothing of ours outside emulator/ except provider/api (via the route modules).
//
// ROUTE-MODULE CONVENTION (how to add a kind):
//   1. Write `emulator/routes/<kind>.ts` exporting `export function <kind>Routes(ctx: EmulatorContext):
//      Hono<EmulatorEnv>`. Paths inside are relative to the mount point ("/", "/:skill_id", …).
//   2. In the factory, create your collections with `ctx.state.collection<T>("<url segment>")` (e.g. "skills",
//      "vaults", "vault_credentials", "memory_stores", "memories") so other kinds can `ctx.state.peek(...)` them
//      and the admin API `/_emulator/objects/<collection>/<id>` reaches them. Store wire-shaped JSON only.
//   3. Validate with `parseBody`/`parseQuery`/`validate` (./validation), list with `parseListQuery` + `paginate`
//      (./pagination), fail by throwing `notFound`/`invalid`/`conflict`/`ApiFailure` (./errors). Never build
//      an error body yourself, never read auth, idempotency or faults: the middleware below owns them.
//   4. Optionally `ctx.hooks.register("<collection>", { patch, archive, remove })` when out-of-band test
//      changes must follow the kind's rules.
//   5. Add ONE line to ROUTES below.
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { randomUUID } from "node:crypto";
import { adminRoutes, createAdmin, type EmulatorAdmin } from "./admin";
import { createContext, type EmulatorContext, type EmulatorEnv, type RouteModule } from "./context";
import { ApiFailure, errorEnvelope, errorTypeForStatus, invalid, unauthenticated } from "./errors";
import { FaultInjector } from "./faults";
import { IdempotencyStore } from "./idempotency";
import { RequestLog } from "./request-log";
import { agentRoutes } from "./routes/agent";
import { deploymentRoutes, deploymentRunRoutes } from "./routes/deployment";
import { environmentRoutes } from "./routes/environment";
import { fileRoutes, fileStorageRoutes, STORAGE_PREFIX } from "./routes/file";
import { memoryStoreRoutes } from "./routes/memory-store";
import { sessionRoutes } from "./routes/session";
import { skillRoutes } from "./routes/skill";
import { vaultRoutes } from "./routes/vault";
import { EmulatorState } from "./state";

/** Where the API lives, like the real base URL `https://api.qoder.com/api/v1/cloud` (CONTRACT.md "Transport"). */
export const API_PREFIX = "/api/v1/cloud";
export const ADMIN_PREFIX = "/_emulator";
/** CONTRACT.md "Transport": 32 MB request limit (international). */
export const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** The registry of route modules: one line per kind. */
export const ROUTES: RouteModule[] = [
  { path: "/agents", create: agentRoutes },
  { path: "/environments", create: environmentRoutes },
  { path: "/sessions", create: sessionRoutes },
  { path: "/skills", create: skillRoutes },
  { path: "/vaults", create: vaultRoutes },
  { path: "/memory_stores", create: memoryStoreRoutes },
  { path: "/files", create: fileRoutes },
  { path: "/deployments", create: deploymentRoutes },
  { path: "/deployment_runs", create: deploymentRunRoutes },
];

export interface EmulatorOptions {
  /** Bearer tokens the API accepts (any non-empty strings, e.g. `pt-test`). */
  tokens: readonly string[];
  /** Persist state to this JSON file so a demo survives restarts. */
  stateFile?: string | undefined;
  /** When set, the admin API under /_emulator requires `Authorization: Bearer <adminToken>`. */
  adminToken?: string | undefined;
  /** Extra route modules (tests, experiments) mounted after ROUTES. */
  extraRoutes?: readonly RouteModule[];
}

export interface Emulator {
  app: Hono<EmulatorEnv>;
  ctx: EmulatorContext;
  admin: EmulatorAdmin;
}

function requestId(): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const id = c.req.header("x-request-id") || randomUUID();
    c.set("requestId", id);
    await next();
    c.res.headers.set("x-request-id", id);
  };
}

/** Bearer tokens only; `x-api-key` and anything else is 401 authentication_error (CONTRACT.md "Transport"). */
function auth(tokens: ReadonlySet<string>): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    const token = match?.[1];
    if (token === undefined || !tokens.has(token)) throw unauthenticated();
    c.set("token", token);
    return next();
  };
}

/** Writes go to the state file (when configured) after each write request. */
function persist(ctx: EmulatorContext): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === "GET" || c.req.method === "HEAD") return;
    try {
      ctx.state.save();
    } catch (error) {
      console.error("qoder-emulator: could not write the state file:", error);
    }
  };
}

function toFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof HTTPException) return new ApiFailure(error.status, errorTypeForStatus(error.status), error.message);
  console.error("qoder-emulator: internal error:", error);
  return new ApiFailure(500, "api_error", "Internal server error.");
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const state = new EmulatorState({ stateFile: options.stateFile });
  const ctx = createContext(state);
  const faults = new FaultInjector(API_PREFIX);
  const log = new RequestLog(API_PREFIX);
  const idempotency = new IdempotencyStore();
  const admin = createAdmin({ ctx, faults, log, idempotency });
  const app = new Hono<EmulatorEnv>();

  // The single place where failures become responses (style.md §4: one onError, one notFound).
  const respond = (c: Context<EmulatorEnv>, failure: ApiFailure): Response => {
    for (const [name, value] of Object.entries(failure.headers)) c.header(name, value);
    return c.json(errorEnvelope(c.get("requestId") ?? randomUUID(), failure), failure.status as 400);
  };
  app.onError((error, c) => respond(c, toFailure(error)));
  app.notFound((c) => respond(c, new ApiFailure(404, "not_found_error", `No route for ${c.req.method} ${c.req.path}.`)));

  app.use("*", requestId());
  app.route(ADMIN_PREFIX, adminRoutes(admin, options.adminToken));
  // Download links of files point here: like a signed storage URL, it takes no API token.
  app.route(STORAGE_PREFIX, fileStorageRoutes(ctx));

  // Order matters: log (sees every outcome) → faults (gateway-level, before auth; "drop-after-commit" wraps
  // the commit) → auth → body limit → idempotency (scoped by token) → persist → routes.
  const api = `${API_PREFIX}/*`;
  app.use(api, log.middleware());
  app.use(api, faults.middleware());
  app.use(api, auth(new Set(options.tokens)));
  app.use(
    api,
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: () => {
        throw invalid("Request body exceeds the 32 MB limit.");
      },
    }),
  );
  app.use(api, idempotency.middleware());
  app.use(api, persist(ctx));
  for (const module of [...ROUTES, ...(options.extraRoutes ?? [])]) {
    app.route(`${API_PREFIX}${module.path}`, module.create(ctx));
  }
  return { app, ctx, admin };
}
