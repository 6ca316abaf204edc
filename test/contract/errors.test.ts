// The errors table, client ↔ emulator (CONTRACT.md "Errors"): the envelope's fields reach the typed error, the
// class follows the HTTP status (never `error.type` alone), and only 408/429/5xx are retried.
import { describe, expect, it } from "vitest";
import {
  ApiError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
  isConflict,
} from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();
const agent = { name: "reviewer", model: "ultimate" };
const posts = () => t.emulator.admin.count("POST", "/agents");

describe("errors", () => {
  it("errors: a 400 carries the envelope's type, message and param", async () => {
    const err = await rejectionOf(t.client.agents.create({ name: "reviewer" } as never));
    expect([err instanceof BadRequestError, err.type, err.apiMessage, err.param]).toEqual([
      true,
      "invalid_request_error",
      "Missing required field: model",
      "model",
    ]);
  });

  it("errors: the message names the call, the status and the request id", async () => {
    const err = await rejectionOf(t.client.agents.create({ name: "reviewer" } as never));
    expect(err.message).toBe(`POST /agents: 400 invalid_request_error: Missing required field: model (param: model) [request_id: ${err.requestId}]`);
  });

  it("errors: a 403 permission_error is a PermissionDeniedError, never retried", async () => {
    t.emulator.admin.addFault({ kind: "error", status: 403, method: "POST", path: "/agents" });
    const err = await rejectionOf(t.client.agents.create(agent));
    expect([err instanceof PermissionDeniedError, err.type, posts()]).toEqual([true, "permission_error", 1]);
  });

  it("errors: a 409 typed invalid_request_error (as some pages print it) is still a ConflictError", async () => {
    t.emulator.admin.addFault({ kind: "error", status: 409, errorType: "invalid_request_error", method: "POST", path: "/agents" });
    const err = await rejectionOf(t.client.agents.create(agent));
    expect([err instanceof ConflictError, isConflict(err), err.type, posts()]).toEqual([true, true, "invalid_request_error", 1]);
  });

  it("errors: a 429 on every attempt ends in RateLimitError after maxRetries", async () => {
    const client = t.clientWith({ maxRetries: 2 });
    t.emulator.admin.addFault({ kind: "rate-limit", retryAfter: 0, method: "POST", path: "/agents" });
    const err = await rejectionOf(client.agents.create(agent));
    expect([err instanceof RateLimitError, posts(), t.sleeps]).toEqual([true, 3, [0, 0]]);
  });

  it("errors: a 503 with Retry-After waits the server's time, then succeeds once", async () => {
    t.emulator.admin.addFault({ kind: "error", status: 503, retryAfter: 3, method: "POST", path: "/agents", count: 1 });
    await t.client.agents.create(agent);
    expect([t.sleeps, t.emulator.admin.list("agents").length]).toEqual([[3000], 1]);
  });

  it("errors: a 503 feature_not_available is retried, then keeps its type", async () => {
    const client = t.clientWith({ maxRetries: 1 });
    t.emulator.admin.addFault({ kind: "error", status: 503, errorType: "feature_not_available", method: "POST", path: "/agents" });
    const err = await rejectionOf(client.agents.create(agent));
    expect([err instanceof InternalServerError, err.status, err.type, posts()]).toEqual([true, 503, "feature_not_available", 2]);
  });

  it("errors: a 408 from the gateway is retried", async () => {
    t.emulator.admin.addFault({ kind: "error", status: 408, method: "GET", path: "/agents", count: 1 });
    await t.client.agents.list().toArray();
    expect(t.emulator.admin.count("GET", "/agents")).toBe(2);
  });

  it("errors: an unlisted 4xx is a plain ApiError, never retried", async () => {
    t.emulator.admin.addFault({ kind: "error", status: 418, method: "GET", path: "/agents" });
    const err = await rejectionOf(t.client.agents.list().toArray());
    expect([err.constructor, err.status, t.emulator.admin.count("GET", "/agents")]).toEqual([ApiError, 418, 1]);
  });
});
