// Transport rules, client ↔ emulator (CONTRACT.md "Transport"): tokens and their fallbacks, the refused
// x-api-key, idempotency keys and their scope, beta headers, request ids, bodies and the base URL.
import { describe, expect, it } from "vitest";
import { AuthenticationError, BadRequestError, QoderError } from "../../provider/client/index";
import { CONTRACT_TOKEN, OTHER_CONTRACT_TOKEN, rejectionOf, useContract, withHeaders } from "../support/contract";

const t = useContract();
const agent = { name: "reviewer", model: "ultimate" };
const MISSING = "agent_00000000000000000000000000000000";
const logged = (method: string) => t.emulator.admin.requests().filter((entry) => entry.method === method);

describe("tokens", () => {
  it("transport: without a token option the client uses QODER_ACCESS_TOKEN", async () => {
    const client = t.clientWith({ token: undefined, env: { QODER_ACCESS_TOKEN: CONTRACT_TOKEN, QODER_PAT: "pt-not-this-one" } });
    await expect(client.agents.list().toArray()).resolves.toEqual([]);
  });

  it("transport: QODER_PAT is the last token fallback", async () => {
    const client = t.clientWith({ token: undefined, env: { QODER_PAT: CONTRACT_TOKEN } });
    await expect(client.agents.list().toArray()).resolves.toEqual([]);
  });

  it("transport: with no token at all the call fails before any request", async () => {
    const client = t.clientWith({ token: undefined, env: {} });
    const err = await rejectionOf(client.agents.list().toArray());
    expect([err instanceof QoderError, t.emulator.admin.stats().total]).toEqual([true, 0]);
  });

  it("transport: a key sent as x-api-key instead of a bearer token is a 401", async () => {
    const client = t.clientThrough(withHeaders({ authorization: undefined, "x-api-key": CONTRACT_TOKEN }));
    const err = await rejectionOf(client.agents.list().toArray());
    expect([err instanceof AuthenticationError, err.type]).toEqual([true, "authentication_error"]);
  });

  it("transport: an Authorization header that is not Bearer is a 401", async () => {
    const client = t.clientThrough(withHeaders({ authorization: `Token ${CONTRACT_TOKEN}` }));
    await expect(client.agents.list().toArray()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("transport: a 401's message never holds the token that was refused", async () => {
    const client = t.clientWith({ token: "pt-refused-token-123456" });
    const err = await rejectionOf(client.agents.create(agent));
    expect([err.status, err.message.includes("pt-refused-token-123456")]).toEqual([401, false]);
  });
});

describe("idempotency keys", () => {
  it("transport: every POST and DELETE carries an Idempotency-Key, GET none", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    await t.client.environments.retrieve(env.id);
    await t.client.environments.delete(env.id);
    const keyed = (method: string) => logged(method).map((entry) => typeof entry.headers["idempotency-key"]);
    expect([keyed("POST"), keyed("DELETE"), keyed("GET")]).toEqual([["string"], ["string"], ["undefined"]]);
  });

  it("transport: the retries of one call reuse its idempotency key", async () => {
    t.emulator.admin.addFault({ kind: "error", status: 503, method: "POST", path: "/agents", count: 2 });
    await t.client.agents.create(agent);
    const keys = logged("POST").map((entry) => entry.headers["idempotency-key"]);
    expect([keys.length, new Set(keys).size]).toEqual([3, 1]);
  });

  it("transport: two calls without a caller key get different keys", async () => {
    await t.client.agents.create(agent);
    await t.client.agents.create(agent);
    expect(new Set(logged("POST").map((entry) => entry.headers["idempotency-key"])).size).toBe(2);
  });

  it("transport: a replayed answer runs nothing again", async () => {
    await t.client.agents.create(agent, { idempotencyKey: "same-call" });
    await t.client.agents.create(agent, { idempotencyKey: "same-call" });
    expect([t.emulator.admin.list("agents").length, logged("POST").map((entry) => entry.replayed ?? false)]).toEqual([1, [false, true]]);
  });

  it("transport: idempotency keys are scoped per token", async () => {
    const other = t.clientWith({ token: OTHER_CONTRACT_TOKEN });
    const mine = await t.client.agents.create(agent, { idempotencyKey: "shared-key" });
    const theirs = await other.agents.create(agent, { idempotencyKey: "shared-key" });
    expect([mine.id === theirs.id, t.emulator.admin.list("agents").length]).toEqual([false, 2]);
  });
});

describe("beta headers", () => {
  it("transport: configured betas and the browser beta travel together", async () => {
    const client = t.clientWith({ betas: ["some-other-beta-2026-01-01"] });
    await client.agents.create({ ...agent, tools: [{ type: "browser_toolset_20260714" }] });
    expect(String(logged("POST")[0]?.headers["x-qoder-beta"])).toMatch(/some-other-beta-2026-01-01.*browser-use-2026-07-14/);
  });

  it("transport: the browser toolset without its beta header is a 400 on the tool", async () => {
    const client = t.clientThrough(withHeaders({ "x-qoder-beta": undefined }));
    const err = await rejectionOf(client.agents.create({ ...agent, tools: [{ type: "browser_toolset_20260714" }] }));
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "tools.0.type"]);
  });

  it("transport: an update that adds the browser toolset sends the beta header too", async () => {
    const created = await t.client.agents.create(agent);
    const updated = await t.client.agents.update(created.id, { version: 1, tools: [{ type: "browser_toolset_20260714" }] });
    expect(updated.tools).toEqual([{ type: "browser_toolset_20260714" }]);
  });
});

describe("request ids", () => {
  it("transport: an x-request-id the caller sent comes back as the error's requestId", async () => {
    const client = t.clientThrough(withHeaders({ "x-request-id": "req-contract-0001" }));
    const err = await rejectionOf(client.agents.retrieve(MISSING));
    expect([err.requestId, err.message.includes("req-contract-0001")]).toEqual(["req-contract-0001", true]);
  });

  it("transport: without one, the error carries the UUID the server made", async () => {
    const err = await rejectionOf(t.client.agents.retrieve(MISSING));
    expect(err.requestId).toBe(t.emulator.admin.requests().at(-1)?.requestId);
  });
});

describe("bodies and base URL", () => {
  it("transport: JSON bodies go out as application/json", async () => {
    await t.client.agents.create(agent);
    expect(logged("POST")[0]?.headers["content-type"]).toBe("application/json");
  });

  it("transport: malformed JSON is a 400 invalid_request_error, sent once", async () => {
    const client = t.clientThrough((request) => ({ ...request, body: '{"name": "reviewer",' }));
    const err = await rejectionOf(client.agents.create(agent));
    expect([err.status, err.apiMessage, t.emulator.admin.count("POST", "/agents")]).toEqual([400, "Request body must be valid JSON.", 1]);
  });

  it("transport: a request body over 32 MB is a 400, not retried", async () => {
    const err = await rejectionOf(t.client.agents.create({ ...agent, system: "x".repeat(33 * 1024 * 1024) }));
    expect([err.status, t.emulator.admin.stats().total]).toEqual([400, 1]);
  });

  it("transport: a base URL with a trailing slash reaches the same API", async () => {
    const created = await t.client.agents.create(agent);
    const client = t.clientWith({ baseUrl: `${t.emulator.baseUrl}/` });
    await expect(client.agents.retrieve(created.id)).resolves.toMatchObject({ id: created.id });
  });

  it.each([
    ["an agent create", 201, () => t.client.agents.create(agent)],
    ["an environment create", 201, () => t.client.environments.create({ name: "ci" })],
    ["a memory store create", 201, () => t.client.memoryStores.create({ name: "notes" })],
    ["a vault create", 200, () => t.client.vaults.create({ displayName: "team" })],
  ])("transport: %s answers HTTP %i", async (_label, status, call) => {
    await call();
    expect(logged("POST").map((entry) => entry.status)).toEqual([status]);
  });
});
