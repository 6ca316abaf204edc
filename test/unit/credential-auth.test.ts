// Which credential auth changes need a new credential, and how a secret-free remote view is compared with
// the applied auth (provider/resources/credential-auth.ts).
import { describe, expect, it } from "vitest";
import { authNeedsReplace, remoteAuthAsInputs, rotationBody } from "../../provider/kinds/credential-auth";
import { UNKNOWN } from "../../provider/lifecycle/rules";

const envVar = (networking: unknown) => ({ type: "environment_variable", secretName: "CI_TOKEN", secretValue: "v", networking });

describe("credential auth", () => {
  it("credential-auth: the same immutable object with its keys in another order is no replacement", () => {
    const asTheApiAnswers = envVar({ type: "limited", allowedHosts: ["ci.example.com"] });
    const asTheEngineSorts = envVar({ allowedHosts: ["ci.example.com"], type: "limited" });
    expect(authNeedsReplace(asTheApiAnswers, asTheEngineSorts)).toBe(false);
  });

  it("credential-auth: another allowed host on an environment variable replaces", () => {
    expect(authNeedsReplace(envVar({ type: "limited", allowedHosts: ["a"] }), envVar({ type: "limited", allowedHosts: ["b"] }))).toBe(true);
  });

  it("credential-auth: a new secret value alone is a rotation, not a replacement", () => {
    expect(authNeedsReplace(envVar({ type: "unrestricted" }), { ...envVar({ type: "unrestricted" }), secretValue: "w" })).toBe(false);
  });

  it("credential-auth: an unknown MCP URL in preview counts as a replacement", () => {
    const bearer = (url: string) => ({ type: "static_bearer", mcpServerUrl: url, token: "t" });
    expect(authNeedsReplace(bearer("https://a.example.com"), bearer(UNKNOWN))).toBe(true);
  });

  it("credential-auth: the remote view gets the applied secrets back where the API holds the object", () => {
    const remote = { type: "mcp_oauth", mcpServerUrl: "https://a", refresh: { clientId: "c", tokenEndpointAuth: { type: "client_secret_basic" } } };
    const applied = {
      ...remote,
      accessToken: "at",
      refresh: { ...remote.refresh, refreshToken: "rt", tokenEndpointAuth: { type: "client_secret_basic", clientSecret: "cs" } },
    };
    expect(remoteAuthAsInputs(remote, applied)).toEqual(applied);
  });

  it("credential-auth: an OAuth rotation body clears expiresAt and scope that are no longer declared", () => {
    const body = rotationBody({ type: "mcp_oauth", accessToken: "at", refresh: { refreshToken: "rt", tokenEndpointAuth: { type: "none" } } });
    expect(body).toEqual({
      type: "mcp_oauth",
      accessToken: "at",
      expiresAt: null,
      refresh: { refreshToken: "rt", scope: null, tokenEndpointAuth: { type: "none" } },
    });
  });
});
