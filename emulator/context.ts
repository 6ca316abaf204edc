// What route modules receive: the shared state, ids/clock, and the registry of out-of-band test hooks; plus
// the Hono env type and the RouteModule shape. Depends on hono types and emulator core only.
import type { HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import { ApiFailure, notFound } from "./errors";
import { newId, nowTimestamp } from "./ids";
import type { EmulatorState, Stored } from "./state";

/** Hono env of every emulator app. `Bindings` are absent when the app runs in-process (`app.request`). */
/** The fields the server sets on every object it keeps (wire names). */
export interface ServerTimestamps {
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One object type from an intersection, so a stored shape assigns to the client's (index-signed) response type. */
export type Flat<T> = { [K in keyof T]: T[K] };

export type EmulatorEnv = {
  Bindings: Partial<HttpBindings> | undefined;
  Variables: { requestId: string; token: string; fault: string | undefined };
};

/**
 * How tests change the world behind the API's back (admin API `/_emulator/objects/...`). A kind registers its
 * own handlers when out-of-band changes must follow its rules (an agent patch bumps `version`); otherwise the
 * generic ones below apply.
 */
export interface OutOfBandHandlers {
  patch?(id: string, fields: Record<string, unknown>): Stored;
  archive?(id: string): Stored;
  remove?(id: string): void;
}

type Archivable = Stored & { archived_at?: string | null; updated_at?: string };

/**
 * A test action a kind offers beyond patch/archive/remove: something the service does by itself that a test
 * must be able to make happen now (a scheduled deployment run firing). `options` is the raw admin body.
 */
export type TestAction = (id: string, options: unknown) => Stored;

/** The action a deployment's scheduled fire is (routes/deployment.ts registers it). */
export const FIRE_SCHEDULED_RUN = "fire_scheduled_run";

/** Options of a simulated scheduled fire; the admin HTTP body is the same object. */
export interface ScheduledRunOptions {
  /** The run fails with this `error.type` (api-deployments.md §3.3) instead of starting a session. */
  failWith?: string;
  /** `trigger_context.scheduled_at`; the current whole second by default. */
  scheduledAt?: string;
}

/** Registry and dispatcher of out-of-band hooks, keyed by collection name. */
export class TestHooks {
  private readonly handlers = new Map<string, OutOfBandHandlers>();
  private readonly actions = new Map<string, TestAction>();

  constructor(private readonly state: EmulatorState) {}

  register(collection: string, handlers: OutOfBandHandlers): void {
    this.handlers.set(collection, handlers);
  }

  registerAction(name: string, action: TestAction): void {
    this.actions.set(name, action);
  }

  /** Runs a registered test action on the object `id`; 404 when no mounted kind offers it. */
  act(name: string, id: string, options: unknown): Stored {
    const action = this.actions.get(name);
    if (!action) throw new ApiFailure(404, "not_found_error", `No test action '${name}': the kind offering it is not mounted.`);
    return action(id, options);
  }

  private existing(collection: string, id: string): Archivable {
    const found = this.state.peek<Archivable>(collection)?.get(id);
    if (!found) throw notFound(`Object in ${collection}`, id);
    return found;
  }

  /** Shallow-merges wire fields into the stored object (kind rules apply where registered). */
  patch(collection: string, id: string, fields: Record<string, unknown>): Stored {
    const custom = this.handlers.get(collection)?.patch;
    if (custom) return custom(id, fields);
    const current = this.existing(collection, id);
    if ("id" in fields && fields.id !== id) throw new ApiFailure(400, "invalid_request_error", "id cannot change.", "id");
    const next = { ...current, ...fields, id, updated_at: nowTimestamp() };
    return this.state.collection<Archivable>(collection).set(next);
  }

  /** Archives the object as its own archive call would (idempotent). */
  archive(collection: string, id: string): Stored {
    const custom = this.handlers.get(collection)?.archive;
    if (custom) return custom(id);
    const current = this.existing(collection, id);
    if (current.archived_at) return current;
    const time = nowTimestamp();
    return this.state.collection<Archivable>(collection).set({ ...current, archived_at: time, updated_at: time });
  }

  /** Deletes the object outright, even where the API has no delete (agents). */
  remove(collection: string, id: string): void {
    const custom = this.handlers.get(collection)?.remove;
    if (custom) {
      custom(id);
      return;
    }
    this.existing(collection, id);
    this.state.collection(collection).delete(id);
  }
}

/** The shared context handed to each route module's factory. */
export interface EmulatorContext {
  state: EmulatorState;
  hooks: TestHooks;
  newId(prefix: string): string;
  now(): string;
}

/**
 * A route module: `emulator/routes/<kind>.ts` exports a factory `(ctx) => Hono<EmulatorEnv>` whose paths are
 * relative to its mount point; app.ts mounts it at `path` under the API prefix `/api/v1/cloud`.
 */
export interface RouteModule {
  path: string;
  create(ctx: EmulatorContext): Hono<EmulatorEnv>;
}

export function createContext(state: EmulatorState): EmulatorContext {
  return { state, hooks: new TestHooks(state), newId, now: nowTimestamp };
}
