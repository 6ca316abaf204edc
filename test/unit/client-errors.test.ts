// Error mapping: one typed error per status, the envelope's fields, fallbacks, predicates, bad 2xx bodies.
import { afterEach, describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  QoderError,
  RateLimitError,
  ResponseValidationError,
  UnprocessableEntityError,
  fromResponse,
  isConflict,
  isNotFound,
} from "../../provider/client/index";
import { closeHarnesses, errorBody, harness } from "../support/client-mock";

const ID = "agent_0123456789abcdef0123456789abcdef";
const CONTEXT = { method: "GET", path: "/agents" };
afterEach(closeHarnesses);

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("expected a failure"),
    (err: unknown) => err,
  );
}

describe("typed errors", () => {
  it("errors: a 409 carries status, type, message, param and request id", async () => {
    const h = harness();
    h.reply("POST", `/agents/${ID}`, 409, errorBody("conflict_error", "Version conflict", "version"), { "x-request-id": "req_42" });
    const err = await failureOf(h.client.agents.update(ID, { version: 3, name: "x" }));
    expect(err).toMatchObject({ status: 409, type: "conflict_error", apiMessage: "Version conflict", param: "version", requestId: "req_42" });
  });

  it("errors: the message names the call, the status, the type and the request id", async () => {
    const h = harness();
    h.reply("POST", `/agents/${ID}`, 409, errorBody("conflict_error", "Version conflict", "version"), { "x-request-id": "req_42" });
    const err = await failureOf(h.client.agents.update(ID, { version: 3, name: "x" }));
    expect((err as Error).message).toBe(`POST /agents/${ID}: 409 conflict_error: Version conflict (param: version) [request_id: req_42]`);
  });

  it("errors: the body's request_id is used when the header is missing", () => {
    const err = fromResponse(404, JSON.stringify(errorBody("not_found_error", "gone", undefined, "req_body")), undefined, CONTEXT);
    expect(err.requestId).toBe("req_body");
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ])("errors: status %i maps to its class", (status, ErrorClass) => {
    expect(fromResponse(status, "{}", undefined, CONTEXT)).toBeInstanceOf(ErrorClass);
  });

  it("errors: a 409 is classed by status even when the type says invalid_request_error", () => {
    const err = fromResponse(409, JSON.stringify(errorBody("invalid_request_error", "in use")), undefined, CONTEXT);
    expect(err).toBeInstanceOf(ConflictError);
  });

  it("errors: an unlisted status is a plain ApiError", () => {
    expect(fromResponse(418, "", undefined, CONTEXT).constructor).toBe(ApiError);
  });

  it("errors: a plain-text body becomes the message", () => {
    expect(fromResponse(502, "Bad Gateway", undefined, CONTEXT).apiMessage).toBe("Bad Gateway");
  });

  it("errors: an empty body says so", () => {
    expect(fromResponse(503, "", undefined, CONTEXT).apiMessage).toBe("HTTP 503 with no body");
  });

  it("errors: every error shares the QoderError root", () => {
    expect(fromResponse(500, "", undefined, CONTEXT)).toBeInstanceOf(QoderError);
  });
});

describe("predicates", () => {
  it("errors: isNotFound is true for a 404 only", () => {
    const found = [404, 409, 500].map((status) => isNotFound(fromResponse(status, "", undefined, CONTEXT)));
    expect(found).toEqual([true, false, false]);
  });

  it("errors: isConflict is true for a 409 only", () => {
    const found = [404, 409, 500].map((status) => isConflict(fromResponse(status, "", undefined, CONTEXT)));
    expect(found).toEqual([false, true, false]);
  });

  it("errors: predicates are false for non-API errors", () => {
    expect([isNotFound(new Error("x")), isConflict(undefined)]).toEqual([false, false]);
  });
});

describe("transport failures", () => {
  it("errors: a raw undici error is wrapped in ConnectionError", async () => {
    const h = harness({ maxRetries: 0 });
    h.fail("GET", `/agents/${ID}`);
    const err = await failureOf(h.client.agents.retrieve(ID));
    expect([err instanceof ConnectionError, (err as Error).cause]).toEqual([true, undefined]);
  });

  it("errors: a 2xx body that does not match the schema is a ResponseValidationError", async () => {
    const h = harness();
    h.reply("GET", `/agents/${ID}`, 200, { id: ID, type: "agent" }, { "x-request-id": "req_bad" });
    const err = await failureOf(h.client.agents.retrieve(ID));
    expect(err).toMatchObject({ name: "ResponseValidationError", requestId: "req_bad" });
  });

  it("errors: a 2xx body that is not JSON is a ResponseValidationError", async () => {
    const h = harness();
    h.reply("GET", `/agents/${ID}`, 200, "<html>");
    await expect(h.client.agents.retrieve(ID)).rejects.toBeInstanceOf(ResponseValidationError);
  });
});

describe("deletes", () => {
  it("errors: a delete answered 204 with no body succeeds", async () => {
    const h = harness();
    h.reply("DELETE", "/vaults/vault_1", 204);
    await expect(h.client.vaults.delete("vault_1")).resolves.toEqual({ id: "vault_1", type: "vault_deleted" });
  });

  it("errors: a delete answered 200 with a body returns it", async () => {
    const h = harness();
    h.reply("DELETE", "/vaults/vault_1", 200, { id: "vault_1", type: "vault_deleted" });
    await expect(h.client.vaults.delete("vault_1")).resolves.toEqual({ id: "vault_1", type: "vault_deleted" });
  });
});

describe("replayed answers", () => {
  const body = (requestId: string) => JSON.stringify({ type: "error", request_id: requestId, error: { type: "conflict_error", message: "taken" } });
  const context = { method: "POST", path: "/agents", requestId: "req-now" };

  it("an error body naming another request than the one sent is a replay", () => {
    expect(fromResponse(409, body("req-earlier"), "req-now", context).replayed).toBe(true);
  });

  it("an error body naming the request sent is a fresh answer", () => {
    expect(fromResponse(409, body("req-now"), "req-now", context).replayed).toBe(false);
  });

  it("a server that answers with ids of its own (not echoing ours) is never taken for a replay", () => {
    expect(fromResponse(409, body("gw-1"), "gw-1", context).replayed).toBe(false);
    expect(fromResponse(409, body("gw-1"), undefined, context).replayed).toBe(false);
  });

  it("a body without a request id, or a call that sent none, is never taken for a replay", () => {
    expect(fromResponse(409, '{"message":"taken"}', undefined, context).replayed).toBe(false);
    expect(fromResponse(409, body("req-earlier"), undefined, CONTEXT).replayed).toBe(false);
  });
});
