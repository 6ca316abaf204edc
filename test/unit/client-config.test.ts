// Client configuration: base URL and region, token fallbacks, headers, and the camelCase ↔ snake_case boundary.
import { afterEach, describe, expect, it } from "vitest";
import { CN_BASE_URL, DEFAULT_BASE_URL, QoderError, createClient } from "../../provider/client/index";
import { closeHarnesses, harness, wireAgent } from "../support/client-mock";

afterEach(closeHarnesses);

describe("config", () => {
  it("config: the default base URL is the international endpoint", () => {
    expect(createClient({ env: {} }).baseUrl).toBe("https://api.qoder.com/api/v1/cloud");
  });

  it("config: region cn selects the China endpoint", () => {
    expect(createClient({ region: "cn", env: {} }).baseUrl).toBe(CN_BASE_URL);
  });

  it("config: an explicit base URL wins over the region, trailing slash dropped", () => {
    expect(createClient({ region: "cn", baseUrl: "https://openapi.qoder.sh/api/v1/cloud/", env: {} }).baseUrl).toBe(
      "https://openapi.qoder.sh/api/v1/cloud",
    );
  });

  it("config: the default endpoint constant is the documented one", () => {
    expect(DEFAULT_BASE_URL).toBe("https://api.qoder.com/api/v1/cloud");
  });

  it("config: QODER_ACCESS_TOKEN is used when no token is given", async () => {
    const h = harness({ token: undefined, env: { QODER_ACCESS_TOKEN: "sat-from-env", QODER_PAT: "pt-ignored" } });
    h.reply("GET", "/agents/agent_1", 200, wireAgent());
    await h.client.agents.retrieve("agent_1");
    expect(h.requests[0]?.headers.authorization).toBe("Bearer sat-from-env");
  });

  it("config: QODER_PAT is the last fallback", async () => {
    const h = harness({ token: undefined, env: { QODER_PAT: "pt-from-env" } });
    h.reply("GET", "/agents/agent_1", 200, wireAgent());
    await h.client.agents.retrieve("agent_1");
    expect(h.requests[0]?.headers.authorization).toBe("Bearer pt-from-env");
  });

  it("config: without any token a call fails before reaching the network", async () => {
    const h = harness({ token: undefined, env: {} });
    await expect(h.client.agents.retrieve("agent_1")).rejects.toThrow(QoderError);
    expect(h.requests).toEqual([]);
  });

  it("config: betas go out as one x-qoder-beta header each", async () => {
    const h = harness({ betas: ["one-2026-01-01", "two-2026-02-02"] });
    h.reply("GET", "/agents/agent_1", 200, wireAgent());
    await h.client.agents.retrieve("agent_1");
    expect(h.requests[0]?.headers["x-qoder-beta"]).toEqual(["one-2026-01-01", "two-2026-02-02"]);
  });

  it("config: an agent with the browser toolset sends the browser beta", async () => {
    const h = harness();
    h.reply("POST", "/agents", 201, wireAgent());
    await h.client.agents.create({ name: "b", model: "ultimate", tools: [{ type: "browser_toolset_20260714" }] });
    expect(h.requests[0]?.headers["x-qoder-beta"]).toEqual(["browser-use-2026-07-14"]);
  });

  it("config: the user agent can be set", async () => {
    const h = harness({ userAgent: "fleet-ci/1.0" });
    h.reply("GET", "/agents/agent_1", 200, wireAgent());
    await h.client.agents.retrieve("agent_1");
    expect(h.requests[0]?.headers["user-agent"]).toBe("fleet-ci/1.0");
  });

  it("config: path parameters are percent-encoded", async () => {
    const h = harness();
    h.reply("GET", "/agents/a%2Fb", 200, wireAgent());
    await h.client.agents.retrieve("a/b");
    expect(h.requests[0]?.path).toBe("/api/v1/cloud/agents/a%2Fb");
  });

  it("config: a dot-dot path parameter is refused before any request", async () => {
    const h = harness();
    await expect(h.client.agents.retrieve("..")).rejects.toThrow(/Invalid path parameter/);
  });
});

describe("casing", () => {
  it("casing: camelCase parameters are sent in snake_case, metadata keys untouched", async () => {
    const h = harness();
    h.reply("POST", "/agents", 201, wireAgent());
    await h.client.agents.create({
      name: "r",
      model: { id: "ultimate", contextWindow: 200000 },
      mcpServers: [{ type: "url", name: "docs", url: "https://mcp.test" }],
      tools: [{ type: "mcp_toolset", mcpServerName: "docs" }],
      metadata: { ownerTeam: "platform" },
    });
    expect(JSON.parse(h.requests[0]?.body ?? "")).toEqual({
      name: "r",
      model: { id: "ultimate", context_window: 200000 },
      mcp_servers: [{ type: "url", name: "docs", url: "https://mcp.test" }],
      tools: [{ type: "mcp_toolset", mcp_server_name: "docs" }],
      metadata: { ownerTeam: "platform" },
    });
  });

  it("casing: answers come back in camelCase, metadata keys untouched", async () => {
    const h = harness();
    h.reply("GET", "/agents/agent_1", 200, wireAgent({ archived_at: "2026-05-19T00:00:00Z", metadata: { cost_center: "42" } }));
    const agent = await h.client.agents.retrieve("agent_1");
    expect([agent.archivedAt, agent.metadata]).toEqual(["2026-05-19T00:00:00Z", { cost_center: "42" }]);
  });

  it("casing: unknown answer fields are kept, camelCased", async () => {
    const h = harness();
    h.reply("GET", "/agents/agent_1", 200, wireAgent({ future_field: 1 }));
    const agent = await h.client.agents.retrieve("agent_1");
    expect((agent as Record<string, unknown>).futureField).toBe(1);
  });

  it("casing: a version snapshot is asked for with ?version=", async () => {
    const h = harness();
    h.reply("GET", "/agents/agent_1", 200, wireAgent());
    await h.client.agents.retrieve("agent_1", { version: 2 });
    expect(h.requests[0]?.path).toBe("/api/v1/cloud/agents/agent_1?version=2");
  });
});
