// Emulator Environments (CONTRACT.md "Environments"): config normalisation and rules, partial update,
// archive, delete and its 409 while sessions use the environment.
import { describe, expect, it } from "vitest";
import { agentBody, environmentBody, inProcess } from "./emulator-harness";

async function withEnvironment(overrides: Record<string, unknown> = {}) {
  const emulator = inProcess();
  const created = await emulator.call("POST", "/environments", environmentBody(overrides));
  return { ...emulator, environment: created.body, id: created.body.id as string };
}

async function startSession(call: ReturnType<typeof inProcess>["call"], environmentId: string) {
  const agent = await call("POST", "/agents", agentBody());
  return (await call("POST", "/sessions", { agent: agent.body.id, environment_id: environmentId })).body;
}

describe("emulator environments", () => {
  it("environment: create answers 201 with a cloud config and limited networking by default", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/environments", environmentBody());
    expect(reply.status).toBe(201);
    expect(reply.body.config).toMatchObject({
      type: "cloud",
      networking: { type: "limited", allowed_hosts: [], allow_package_managers: false, allow_mcp_servers: false },
    });
  });

  it("environment: packages come back with type packages and all six managers", async () => {
    const { environment } = await withEnvironment({
      config: { type: "cloud", networking: { type: "unrestricted" }, packages: { apt: ["curl"] } },
    });
    expect(environment.config.packages).toEqual({ type: "packages", apt: ["curl"], cargo: [], gem: [], go: [], npm: [], pip: [] });
  });

  it("environment: packages under limited networking need allow_package_managers", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/environments", environmentBody({ config: { type: "cloud", packages: { pip: ["pandas"] } } }));
    expect(reply.body.error.param).toBe("config.networking.allow_package_managers");
  });

  it("environment: a setup script over 10000 characters is 400", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/environments", environmentBody({ config: { type: "cloud", setup_script: "x".repeat(10_001) } }));
    expect(reply.body.error.param).toBe("config.setup_script");
  });

  it("environment: a self_hosted config takes no other fields", async () => {
    const { call } = inProcess();
    const reply = await call("POST", "/environments", environmentBody({ config: { type: "self_hosted", setup_script: "x" } }));
    expect(reply.status).toBe(400);
  });

  it("environment: update keeps omitted fields and replaces a sent config whole", async () => {
    const { call, id } = await withEnvironment({
      description: "kept",
      config: { type: "cloud", networking: { type: "unrestricted" }, setup_script: "echo hi" },
    });
    const reply = await call("POST", `/environments/${id}`, { config: { type: "cloud" } });
    expect(reply.body).toMatchObject({ description: "kept", config: { networking: { type: "limited" }, setup_script: null } });
  });

  it("environment: config.type cannot change", async () => {
    const { call, id } = await withEnvironment();
    const reply = await call("POST", `/environments/${id}`, { config: { type: "self_hosted" } });
    expect(reply.body.error.param).toBe("config.type");
  });

  it("environment: metadata on update is a patch", async () => {
    const { call, id } = await withEnvironment({ metadata: { a: "1", b: "2" } });
    const reply = await call("POST", `/environments/${id}`, { metadata: { a: null, c: "3" } });
    expect(reply.body.metadata).toEqual({ b: "2", c: "3" });
  });

  it("environment: archive is idempotent and keeps the first archived_at", async () => {
    const { call, id } = await withEnvironment();
    const first = await call("POST", `/environments/${id}/archive`);
    const second = await call("POST", `/environments/${id}/archive`);
    expect(second.status).toBe(200);
    expect(second.body.archived_at).toBe(first.body.archived_at);
  });

  it("environment: delete answers environment_deleted and the id is gone", async () => {
    const { call, id } = await withEnvironment();
    expect((await call("DELETE", `/environments/${id}`)).body).toEqual({ id, type: "environment_deleted" });
    expect((await call("GET", `/environments/${id}`)).status).toBe(404);
  });

  it("environment: delete is 409 while a session references it", async () => {
    const { call, id } = await withEnvironment();
    await startSession(call, id);
    const reply = await call("DELETE", `/environments/${id}`);
    expect(reply.status).toBe(409);
    expect(reply.body.error.type).toBe("conflict_error");
  });

  it("environment: delete succeeds once the referencing session is archived", async () => {
    const { call, id } = await withEnvironment();
    const session = await startSession(call, id);
    await call("POST", `/sessions/${session.id}/archive`);
    expect((await call("DELETE", `/environments/${id}`)).status).toBe(200);
  });

  it("environment: an archived environment takes no new sessions", async () => {
    const { call, id } = await withEnvironment();
    await call("POST", `/environments/${id}/archive`);
    const agent = await call("POST", "/agents", agentBody());
    const reply = await call("POST", "/sessions", { agent: agent.body.id, environment_id: id });
    expect(reply.body.error.param).toBe("environment_id");
  });
});
