// Emulator fault injection over real HTTP: latency, failing statuses, 429 + Retry-After, resets,
// drop-after-commit, and matching by method, path and count.
import { afterEach, describe, expect, it } from "vitest";
import { agentBody, listening, TOKEN } from "./emulator-harness";

type Running = Awaited<ReturnType<typeof listening>>;
let running: Running | undefined;

async function start(): Promise<Running> {
  running = await listening();
  return running;
}

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("emulator faults", () => {
  it("faults: latency delays the response", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "latency", latencyMs: 150, count: 1 });
    const started = Date.now();
    await call("GET", "/agents");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("faults: an error fault answers its status with the error envelope", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "error", status: 503, count: 1 });
    const reply = await call("GET", "/agents");
    expect(reply.status).toBe(503);
    expect(reply.body.type).toBe("error");
  });

  it("faults: count limits how often a fault fires", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "error", status: 500, count: 1 });
    await call("GET", "/agents");
    expect((await call("GET", "/agents")).status).toBe(200);
  });

  it("faults: rate-limit answers 429 with Retry-After", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "rate-limit", retryAfter: 2, count: 1 });
    const reply = await call("GET", "/agents");
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("2");
  });

  it("faults: reset drops the connection without a response and without running the handler", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "reset", method: "POST", path: "/agents", count: 1 });
    await expect(call("POST", "/agents", agentBody())).rejects.toThrow();
    expect(admin.list("agents")).toHaveLength(0);
  });

  it("faults: drop-after-commit commits the write, then drops the connection", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/agents", count: 1 });
    await expect(call("POST", "/agents", agentBody())).rejects.toThrow();
    expect(admin.list("agents")).toHaveLength(1);
  });

  it("faults: a retry after drop-after-commit with the same key replays the committed object", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/agents", count: 1 });
    const key = { "idempotency-key": "create-reviewer" };
    await call("POST", "/agents", agentBody(), key).catch(() => undefined);
    const retry = await call("POST", "/agents", agentBody(), key);
    expect(retry.body.id).toBe(admin.list("agents")[0]?.id);
    expect(admin.list("agents")).toHaveLength(1);
  });

  it("faults: an error fault may name its own error type", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "error", status: 409, errorType: "invalid_request_error", count: 1 });
    const reply = await call("GET", "/agents");
    expect([reply.status, reply.body.error.type]).toEqual([409, "invalid_request_error"]);
  });

  it("faults: no-content runs the request, then answers 204 without a body", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "no-content", method: "POST", path: "/agents", count: 1 });
    const reply = await call("POST", "/agents", agentBody());
    expect([reply.status, reply.body, admin.list("agents").length]).toEqual([204, undefined, 1]);
  });

  it("faults: method and path limit which requests a fault hits", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "error", status: 503, method: "POST", path: "/agents" });
    expect((await call("GET", "/agents")).status).toBe(200);
  });

  it("faults: a * pattern matches one path segment", async () => {
    const { call, admin } = await start();
    admin.addFault({ kind: "error", status: 502, path: "/agents/*" });
    expect((await call("GET", "/agents/agent_x")).status).toBe(502);
  });

  it("faults: the admin API adds, lists and clears faults", async () => {
    const { url } = await start();
    const added = await fetch(`${url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "error", status: 500, count: 3 }),
    });
    const listed = (await (await fetch(`${url}/_emulator/faults`)).json()) as { data: unknown[] };
    await fetch(`${url}/_emulator/faults`, { method: "DELETE" });
    const cleared = (await (await fetch(`${url}/_emulator/faults`)).json()) as { data: unknown[] };
    expect(added.status).toBe(201);
    expect(listed.data).toHaveLength(1);
    expect(cleared.data).toHaveLength(0);
  });

  it("faults: an admin token, when configured, guards the admin API", async () => {
    running = await listening({ adminToken: "admin-secret" });
    const denied = await fetch(`${running.url}/_emulator/faults`);
    const allowed = await fetch(`${running.url}/_emulator/faults`, { headers: { authorization: "Bearer admin-secret" } });
    expect(denied.status).toBe(401);
    expect(allowed.status).toBe(200);
  });

  it("faults: the API token does not open the admin API when an admin token is set", async () => {
    running = await listening({ adminToken: "admin-secret" });
    const reply = await fetch(`${running.url}/_emulator/stats`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(reply.status).toBe(401);
  });
});
