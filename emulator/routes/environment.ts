// Routes of Environments (CONTRACT.md "Environments"): create, list, get, partial update (config replaced
// whole, config.type immutable), archive (idempotent), delete (409 while sessions use it). Depends on
// provider/api and emulator core.
import { Hono, type Context } from "hono";
import {
  EnvironmentCreateParams,
  EnvironmentUpdateParams,
  type PACKAGE_MANAGERS,
  type Environment,
  type EnvironmentConfig,
} from "../../provider/api";
import type { EmulatorContext, EmulatorEnv, Flat, ServerTimestamps } from "../context";
import { conflict, invalid, notFound } from "../errors";
import { paginate, parseListQuery, visible } from "../pagination";
import { applyMetadataPatch, keep } from "../patch";
import { parseBody } from "../validation";

type NormalisedNetworking =
  | { type: "unrestricted" }
  | { type: "limited"; allowed_hosts: string[]; allow_package_managers: boolean; allow_mcp_servers: boolean };

type NormalisedConfig =
  | { type: "self_hosted" }
  | {
      type: "cloud";
      networking: NormalisedNetworking;
      packages: { type: "packages" } & Record<(typeof PACKAGE_MANAGERS)[number], string[]>;
      setup_script: string | null;
    };

export type StoredEnvironment = Flat<
  { id: string; type: "environment" } & Required<Pick<EnvironmentCreateParams, "name" | "metadata">> & {
      description: string | null;
      config: NormalisedConfig;
    } & ServerTimestamps
>;

// Compile-time guard: what the emulator returns must decode as the client's `Environment`.
export const asEnvironment = (environment: StoredEnvironment): Environment => environment;

export const ENVIRONMENTS = "environments";

interface SessionLike {
  id: string;
  environment_id?: string;
  archived_at?: string | null;
}

/**
 * The server echoes a fully normalised config: networking defaults to limited with every flag spelled out,
 * packages carry `type: "packages"` and all six managers, `setup_script` is null when unset (reference §3.2,
 * the newest CN example and the SDK fixture). Clients must compare against this, not their own input.
 */
export function normaliseConfig(config: EnvironmentConfig | undefined): NormalisedConfig {
  if (config?.type === "self_hosted") return { type: "self_hosted" };
  const networking = config?.networking ?? { type: "limited" as const };
  const packages = config?.packages ?? {};
  return {
    type: "cloud",
    networking:
      networking.type === "unrestricted"
        ? { type: "unrestricted" }
        : {
            type: "limited",
            allowed_hosts: networking.allowed_hosts ?? [],
            allow_package_managers: networking.allow_package_managers ?? false,
            allow_mcp_servers: networking.allow_mcp_servers ?? false,
          },
    packages: {
      type: "packages",
      apt: packages.apt ?? [],
      cargo: packages.cargo ?? [],
      gem: packages.gem ?? [],
      go: packages.go ?? [],
      npm: packages.npm ?? [],
      pip: packages.pip ?? [],
    },
    setup_script: config?.setup_script ?? null,
  };
}

export function environmentRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const environments = ctx.state.collection<StoredEnvironment>(ENVIRONMENTS);
  const app = new Hono<EmulatorEnv>();

  const find = (id: string): StoredEnvironment => {
    const environment = environments.get(id);
    if (!environment) throw notFound("Environment", id);
    return environment;
  };

  app.post("/", async (c) => {
    const body = await parseBody(c, EnvironmentCreateParams);
    const time = ctx.now();
    const environment: StoredEnvironment = {
      id: ctx.newId("env"),
      type: "environment",
      name: body.name,
      description: body.description === undefined ? "" : body.description,
      config: normaliseConfig(body.config),
      metadata: body.metadata ?? {},
      archived_at: null,
      created_at: time,
      updated_at: time,
    };
    return c.json(environments.set(environment), 201);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    return c.json(paginate(visible(environments.values(), query.include_archived), query));
  });

  app.get("/:environment_id", (c) => c.json(find(c.req.param("environment_id"))));

  const update = async (c: Context<EmulatorEnv>) => {
    const current = find(c.req.param("environment_id") ?? "");
    const body = await parseBody(c, EnvironmentUpdateParams);
    // config.type is fixed at create (CONTRACT.md "Environments"); the provider replaces instead.
    if (body.config && body.config.type !== current.config.type) {
      throw invalid(`config.type cannot change from ${current.config.type} to ${body.config.type}.`, "config.type");
    }
    const next: StoredEnvironment = {
      ...current,
      name: keep(body.name, current.name),
      description: keep(body.description, current.description),
      // A sent config replaces the stored one whole, normalised like on create.
      config: body.config ? normaliseConfig(body.config) : current.config,
      metadata: applyMetadataPatch(current.metadata, body.metadata),
      updated_at: ctx.now(),
    };
    return c.json(environments.set(next));
  };
  app.post("/:environment_id", update);
  // Older servers updated with PUT (reference G1); accepted as an alias.
  app.put("/:environment_id", update);

  app.post("/:environment_id/archive", (c) => {
    const environment = find(c.req.param("environment_id"));
    // Idempotent: archiving twice is not an error and keeps the first archive time (reference §3.8, G2).
    if (environment.archived_at) return c.json(environment);
    const time = ctx.now();
    return c.json(environments.set({ ...environment, archived_at: time, updated_at: time }));
  });

  app.delete("/:environment_id", (c) => {
    const environment = find(c.req.param("environment_id"));
    // 409 while a live (not archived, not deleted) session references it (CONTRACT.md "Environments").
    const sessions = ctx.state.peek<SessionLike>("sessions")?.values() ?? [];
    const users = sessions.filter((session) => session.environment_id === environment.id && !session.archived_at);
    if (users.length > 0) {
      throw conflict(`Environment '${environment.id}' is used by ${users.length} session(s); archive it instead.`);
    }
    environments.delete(environment.id);
    return c.json({ id: environment.id, type: "environment_deleted" });
  });

  return app;
}
