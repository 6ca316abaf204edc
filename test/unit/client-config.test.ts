// Client configuration: base URL and region, the environment fallbacks of token and base URL with their errors
// (the one resolution the provider uses too), headers, and the camelCase ↔ snake_case boundary.
import { afterEach, describe, expect, it } from "vitest";
import {
  CN_BASE_URL,
  DEFAULT_BASE_URL,
  NO_TOKEN_MESSAGE,
  QoderError,
  type Region,
  createClient,
  resolveConnection,
} from "../../provider/client/index";
import { closeHarnesses, harness, wireAgent } from "../support/client-mock";

afterEach(closeHarnesses);

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected a throw");
}

describe("config", () => {
  it("config: the default base URL is the international endpoint", () => {
    expect(createClient({ env: {} }).baseUrl).toBe("https://api.qoder.com/api/v1/cloud");
  });

  it("config: region cn selects the China endpoint", () => {
    expect(createClient({ region: "cn", env: {} }).baseUrl).toBe(CN_BASE_URL);
  });

  it("config: an explicit base URL wins over QODER_BASE_URL and the region, trailing slash dropped", () => {
    const env = { QODER_BASE_URL: "http://127.0.0.1:2/api/v1/cloud" };
    expect(createClient({ region: "cn", baseUrl: "https://openapi.qoder.sh/api/v1/cloud/", env }).baseUrl).toBe(
      "https://openapi.qoder.sh/api/v1/cloud",
    );
  });

  it("config: QODER_BASE_URL is used when no base URL is given, and wins over the region", () => {
    const env = { QODER_BASE_URL: " http://127.0.0.1:2/api/v1/cloud/ " };
    expect(createClient({ region: "cn", env }).baseUrl).toBe("http://127.0.0.1:2/api/v1/cloud");
  });

  it("config: the default endpoint constant is the documented one", () => {
    expect(DEFAULT_BASE_URL).toBe("https://api.qoder.com/api/v1/cloud");
  });

  it("config: an unknown region is refused with the accepted values", () => {
    expect(() => createClient({ region: "eu" as Region, env: {} })).toThrow(
      new QoderError('region must be "intl" or "cn" (or set baseUrl); got "eu"'),
    );
  });

  it("config: a base URL that is not an http(s) URL is refused, naming where it came from", () => {
    expect(() => createClient({ baseUrl: "api.qoder.com", env: {} })).toThrow(
      new QoderError('baseUrl must be a full http(s) URL, such as https://api.qoder.com/api/v1/cloud; got "api.qoder.com"'),
    );
    expect(() => createClient({ env: { QODER_BASE_URL: "ftp://api.qoder.com" } })).toThrow(
      new QoderError('QODER_BASE_URL must be a full http(s) URL, such as https://api.qoder.com/api/v1/cloud; got "ftp://api.qoder.com"'),
    );
  });

  it("config: a bad base URL's message masks the token even when the URL holds it", () => {
    const secret = "pt-secret-in-the-url-0123";
    const message = messageOf(() => createClient({ baseUrl: `api.qoder.com?token=${secret}`, env: { QODER_PAT: secret } }));
    expect(message).toMatch(/^baseUrl must be a full http\(s\) URL/);
    expect(message).not.toContain(secret);
  });

  it("config: a token option wins over the environment", () => {
    expect(resolveConnection({ token: "pt-option", env: { QODER_ACCESS_TOKEN: "sat-env", QODER_PAT: "pt-env" } }).token).toBe("pt-option");
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

  it("config: whitespace-only values count as unset and the others are trimmed", async () => {
    expect(resolveConnection({ region: " " as Region, env: { QODER_BASE_URL: "  " } }).baseUrl).toBe(DEFAULT_BASE_URL);
    const h = harness({ token: " ", env: { QODER_ACCESS_TOKEN: " \t", QODER_PAT: " pt-from-env\n" } });
    h.reply("GET", "/agents/agent_1", 200, wireAgent());
    await h.client.agents.retrieve("agent_1");
    expect(h.requests[0]?.headers.authorization).toBe("Bearer pt-from-env");
  });

  it("config: without any token a call fails before reaching the network", async () => {
    const h = harness({ token: undefined, env: { QODER_ACCESS_TOKEN: " ", QODER_PAT: "" } });
    await expect(h.client.agents.retrieve("agent_1")).rejects.toThrow(new QoderError(NO_TOKEN_MESSAGE));
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
