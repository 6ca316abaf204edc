// Idempotency keys: sent on POST and DELETE, chosen once per logical call, reused by every retry.
import { afterEach, describe, expect, it } from "vitest";
import { closeHarnesses, harness, wireAgent } from "../support/client-mock";

const ID = "agent_0123456789abcdef0123456789abcdef";
afterEach(closeHarnesses);

describe("idempotency", () => {
  it("idempotency: the caller's key is sent on every attempt", async () => {
    const h = harness();
    h.fail("POST", "/agents");
    h.reply("POST", "/agents", 503, "");
    h.reply("POST", "/agents", 201, wireAgent());
    await h.client.agents.create({ name: "reviewer", model: "ultimate" }, { idempotencyKey: "create-reviewer-1" });
    expect(h.requests.map((r) => r.headers["idempotency-key"])).toEqual(["create-reviewer-1", "create-reviewer-1"]);
  });

  it("idempotency: a generated key is reused across the retries of one call", async () => {
    const h = harness();
    h.reply("POST", `/agents/${ID}/archive`, 500, "", {}, 2);
    h.reply("POST", `/agents/${ID}/archive`, 200, wireAgent());
    await h.client.agents.archive(ID);
    expect(new Set(h.requests.map((r) => r.headers["idempotency-key"])).size).toBe(1);
  });

  it("idempotency: two logical calls without a key get different keys", async () => {
    const h = harness();
    h.reply("POST", `/agents/${ID}/archive`, 200, wireAgent(), {}, 2);
    await h.client.agents.archive(ID);
    await h.client.agents.archive(ID);
    expect(new Set(h.requests.map((r) => r.headers["idempotency-key"])).size).toBe(2);
  });

  it("idempotency: DELETE carries the caller's key", async () => {
    const h = harness();
    h.reply("DELETE", "/environments/env_1", 200, { id: "env_1", type: "environment_deleted" });
    await h.client.environments.delete("env_1", { idempotencyKey: "delete-env-1" });
    expect(h.requests[0]?.headers["idempotency-key"]).toBe("delete-env-1");
  });

  it("idempotency: GET carries no key", async () => {
    const h = harness();
    h.reply("GET", `/agents/${ID}`, 200, wireAgent());
    await h.client.agents.retrieve(ID);
    expect(h.requests[0]?.headers["idempotency-key"]).toBeUndefined();
  });
});
