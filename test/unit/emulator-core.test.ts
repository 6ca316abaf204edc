// Emulator core: auth, the error envelope, validation messages, body limit, unknown routes.
import { describe, expect, it } from "vitest";
import { API, TOKEN, agentBody, inProcess } from "./emulator-harness";

describe("emulator core", () => {
  it("auth: a request without Authorization is 401 authentication_error", async () => {
    const { raw } = inProcess();
    const reply = await raw(`${API}/agents`, {});
    expect(reply.status).toBe(401);
    expect(reply.body.error.type).toBe("authentication_error");
  });

  it("auth: x-api-key instead of a bearer token is 401", async () => {
    const { raw } = inProcess();
    const reply = await raw(`${API}/agents`, { headers: { "x-api-key": TOKEN } });
    expect(reply.status).toBe(401);
  });

  it("auth: an unknown bearer token is 401", async () => {
    const { raw } = inProcess();
    const reply = await raw(`${API}/agents`, { headers: { authorization: "Bearer pt-nope" } });
    expect(reply.status).toBe(401);
  });

  it("errors: the envelope carries type, the echoed request id, error type, message and param", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", { model: "ultimate" }, { "x-request-id": "req-123" });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      type: "error",
      request_id: "req-123",
      error: { type: "invalid_request_error", message: "Missing required field: name", param: "name" },
    });
  });

  it("errors: a missing field whose type is a union (model) is 400 'Missing required field: model'", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", { name: "reviewer" });
    expect(reply.body.error).toEqual({ type: "invalid_request_error", message: "Missing required field: model", param: "model" });
  });

  it("errors: a tool without its type is 400 'Missing required field: tools.0.type'", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody({ tools: [{}] }));
    expect([reply.body.error.message, reply.body.error.param]).toEqual(["Missing required field: tools.0.type", "tools.0.type"]);
  });

  it("errors: without x-request-id the request id is a fresh UUID, also sent as a header", async () => {
    const { call } = inProcess();
    const reply = await call("GET", "/agents/agent_00000000000000000000000000000000");
    expect(reply.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.headers.get("x-request-id")).toBe(reply.body.request_id);
  });

  it("errors: an unknown id is 404 with the API's wording", async () => {
    const { call } = inProcess();
    const reply = await call("GET", "/agents/agent_x");
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual({ type: "not_found_error", message: "Agent 'agent_x' was not found." });
  });

  it("errors: malformed JSON is 400 'Request body must be valid JSON.'", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", "{not json");
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe("Request body must be valid JSON.");
  });

  it("errors: an unknown field is 400 naming it as param", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody({ instructionz: "x" }));
    expect(reply.status).toBe(400);
    expect(reply.body.error.param).toBe("instructionz");
  });

  it("errors: a nested problem names the dotted path", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/agents", agentBody({ tools: [{ type: "mcp_toolset", mcp_server_name: "" }] }));
    expect(reply.body.error.param).toBe("tools.0.mcp_server_name");
  });

  it("errors: a body over 32 MB is 400 invalid_request_error", async () => {
    const { call } = inProcess();
    const huge = JSON.stringify(agentBody({ system: "x".repeat(33 * 1024 * 1024) }));
    const reply = await call("POST", "/agents", huge, { "content-length": String(huge.length) });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain("32 MB");
  });

  it("errors: an unknown route is 404 not_found_error", async () => {
    const { call } = inProcess();
    const reply = await call("GET", "/nothing-here");
    expect(reply.status).toBe(404);
    expect(reply.body.error.type).toBe("not_found_error");
  });

  it("errors: agents have no DELETE (destroy archives), so DELETE is 404", async () => {
    const { call } = inProcess();
    const created = await call("POST", "/agents", agentBody());
    const reply = await call("DELETE", `/agents/${created.body.id}`);
    expect(reply.status).toBe(404);
  });

  it("ids: created ids are the prefix plus 32 lowercase hex, increasing in creation order", async () => {
    const { call } = inProcess();
    const first = await call("POST", "/agents", agentBody());
    const second = await call("POST", "/agents", agentBody());
    expect(first.body.id).toMatch(/^agent_[0-9a-f]{32}$/);
    expect(second.body.id > first.body.id).toBe(true);
  });

  it("timestamps: created_at is RFC 3339 UTC without trailing fraction zeros", async () => {
    const { call } = inProcess();
    const created = await call("POST", "/agents", agentBody());
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/);
  });
});
