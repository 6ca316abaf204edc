// Emulator idempotency (CONTRACT.md "Transport"): replay (with a Date of its own), conflict on a different body,
// scope per token, TTL.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { EmulatorEnv } from "../../emulator/context";
import { IdempotencyStore } from "../../emulator/idempotency";
import { OTHER_TOKEN, agentBody, environmentBody, inProcess, listening } from "./emulator-harness";

const KEY = { "idempotency-key": "key-1" };

describe("emulator idempotency", () => {
  it("idempotency: the same key and body replays the first response without creating again", async () => {
    const { call, admin } = inProcess();
    const first = await call("POST", "/agents", agentBody(), KEY);
    const second = await call("POST", "/agents", agentBody(), KEY);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(admin.list("agents")).toHaveLength(1);
  });

  it("idempotency: a replayed response is marked with idempotent-replayed", async () => {
    const { call } = inProcess();
    await call("POST", "/agents", agentBody(), KEY);
    const second = await call("POST", "/agents", agentBody(), KEY);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });

  it("idempotency: the same key with a different body is 409 conflict_error", async () => {
    const { call } = inProcess();
    await call("POST", "/agents", agentBody(), KEY);
    const reply = await call("POST", "/agents", agentBody({ name: "other" }), KEY);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({
      type: "conflict_error",
      message: "Idempotency key reused with a different request body.",
    });
  });

  it("idempotency: keys are scoped per token", async () => {
    const { call, admin } = inProcess();
    await call("POST", "/agents", agentBody(), KEY);
    await call("POST", "/agents", agentBody(), { ...KEY, authorization: `Bearer ${OTHER_TOKEN}` });
    expect(admin.list("agents")).toHaveLength(2);
  });

  it("idempotency: a DELETE replay answers the first 200 instead of a 404", async () => {
    const { call } = inProcess();
    const environment = await call("POST", "/environments", environmentBody());
    await call("DELETE", `/environments/${environment.body.id}`, undefined, KEY);
    const again = await call("DELETE", `/environments/${environment.body.id}`, undefined, KEY);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: environment.body.id, type: "environment_deleted" });
  });

  it("idempotency: a first 4xx answer is replayed too", async () => {
    const { call, admin } = inProcess();
    const created = await call("POST", "/agents", agentBody());
    await call("POST", `/agents/${created.body.id}`, { version: 2, name: "x" }, KEY);
    admin.patch("agents", created.body.id, {});
    const again = await call("POST", `/agents/${created.body.id}`, { version: 2, name: "x" }, KEY);
    expect(again.status).toBe(409);
  });

  it("idempotency: a key is forgotten after 24 hours", async () => {
    let now = 0;
    const store = new IdempotencyStore(24 * 60 * 60 * 1000, () => now);
    let runs = 0;
    const app = new Hono<EmulatorEnv>();
    app.use("*", async (c, next) => {
      c.set("token", "t");
      await next();
    });
    app.use("*", store.middleware());
    app.post("/", (c) => c.json({ run: ++runs }));
    const send = () => app.request("/", { method: "POST", body: "{}", headers: KEY });
    await send();
    now = 24 * 60 * 60 * 1000;
    const later = (await (await send()).json()) as { run: number };
    expect(later.run).toBe(2);
  });

  it("idempotency: reset forgets keys", async () => {
    const { call, admin } = inProcess();
    await call("POST", "/agents", agentBody(), KEY);
    admin.reset();
    await call("POST", "/agents", agentBody(), KEY);
    expect(admin.list("agents")).toHaveLength(1);
  });

  it("idempotency: a replay over HTTP carries a Date of its own, never the first answer's", async () => {
    let runs = 0;
    const store = new IdempotencyStore();
    const app = new Hono<EmulatorEnv>();
    app.use("*", async (c, next) => {
      c.set("token", "t");
      await next();
    });
    app.use("*", store.middleware());
    app.post("/", (c) => c.json({ run: ++runs }, 201, { date: "Mon, 18 May 2026 15:26:39 GMT" }));
    await app.request("/", { method: "POST", body: "{}", headers: KEY });
    const replayed = await app.request("/", { method: "POST", body: "{}", headers: KEY });
    expect([replayed.headers.get("idempotent-replayed"), replayed.headers.get("date")]).toEqual(["true", null]);

    const server = await listening();
    try {
      await server.call("POST", "/agents", agentBody(), KEY);
      const again = await server.call("POST", "/agents", agentBody(), KEY);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(Date.parse(again.headers.get("date") ?? "")).toBeGreaterThan(Date.now() - 2_000);
    } finally {
      await server.stop();
    }
  });
});
