// Emulator admin side: counters, the redacted request log, out-of-band hooks, reset, persistence.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEmulator } from "../../emulator/index";
import { TOKEN, agentBody, environmentBody, inProcess } from "./emulator-harness";

describe("emulator admin", () => {
  it("stats: requests are counted per method and route pattern", async () => {
    const { call, admin } = inProcess();
    const created = await call("POST", "/agents", agentBody());
    await call("GET", `/agents/${created.body.id}`);
    await call("GET", `/agents/${created.body.id}`);
    expect(admin.count("GET", "/agents/:agent_id")).toBe(2);
    expect(admin.stats().counters["POST /agents"]).toBe(1);
  });

  it("stats: the request log redacts the Authorization header", async () => {
    const { call, admin } = inProcess();
    await call("GET", "/agents");
    expect(admin.requests()[0]?.headers.authorization).toBe("[REDACTED]");
  });

  it("stats: the request log redacts credential secret fields in bodies", async () => {
    const { call, admin } = inProcess();
    await call("POST", "/agents", { name: "x", model: "m", token: "s3cret", nested: { secret_value: "v" } });
    expect(JSON.stringify(admin.requests())).not.toContain("s3cret");
  });

  it("stats: the log and counters are readable over the admin API", async () => {
    const { app, call } = inProcess();
    await call("GET", "/agents");
    const stats = (await (await app.request("/_emulator/stats")).json()) as { total: number };
    const log = (await (await app.request("/_emulator/requests")).json()) as { data: unknown[] };
    expect(stats.total).toBe(1);
    expect(log.data).toHaveLength(1);
  });

  it("hooks: an out-of-band archive over the admin API archives the object", async () => {
    const { app, call } = inProcess();
    const environment = (await call("POST", "/environments", environmentBody())).body;
    await app.request(`/_emulator/objects/environments/${environment.id}/archive`, { method: "POST" });
    expect((await call("GET", `/environments/${environment.id}`)).body.archived_at).not.toBeNull();
  });

  it("hooks: an out-of-band delete removes the object", async () => {
    const { app, call } = inProcess();
    const agent = (await call("POST", "/agents", agentBody())).body;
    await app.request(`/_emulator/objects/agents/${agent.id}`, { method: "DELETE" });
    expect((await call("GET", `/agents/${agent.id}`)).status).toBe(404);
  });

  it("hooks: an out-of-band patch over the admin API changes fields", async () => {
    const { app, call } = inProcess();
    const environment = (await call("POST", "/environments", environmentBody())).body;
    await app.request(`/_emulator/objects/environments/${environment.id}`, { method: "POST", body: JSON.stringify({ name: "drifted" }) });
    expect((await call("GET", `/environments/${environment.id}`)).body.name).toBe("drifted");
  });

  it("hooks: reset empties the state", async () => {
    const { app, call } = inProcess();
    await call("POST", "/agents", agentBody());
    await app.request("/_emulator/reset", { method: "POST" });
    expect((await call("GET", "/agents")).body.data).toHaveLength(0);
  });

  it("state: a state file makes objects survive a restart", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "qoder-emulator-")), "state.json");
    const first = createEmulator({ tokens: [TOKEN], stateFile });
    const created = await first.app.request("/api/v1/cloud/agents", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(agentBody()),
    });
    const { id } = (await created.json()) as { id: string };
    const second = createEmulator({ tokens: [TOKEN], stateFile });
    const read = await second.app.request(`/api/v1/cloud/agents/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(read.status).toBe(200);
  });
});
