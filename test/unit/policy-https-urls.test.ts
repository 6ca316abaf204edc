// qoder-https-urls: agent MCP server URLs and credential URLs use https.
import { describe, expect, it } from "vitest";
import { httpsUrls, testing } from "../../provider/policy";
import { agentProps, bearerCredentialProps, deploymentProps, oauthCredentialProps, SECRET, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = httpsUrls();
const server = (url: unknown) => ({ type: "url", name: "docs", url });

describe("qoder-https-urls", () => {
  it("qoder-https-urls: passes https MCP servers and credentials", async () => {
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps())),
      runPolicy(policy, resourceArgs("VaultCredential", "docs-token", bearerCredentialProps())),
      runPolicy(policy, resourceArgs("VaultCredential", "issues-oauth", oauthCredentialProps())),
      runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps())),
    ]);
    expect(runs.flatMap(messagesOf)).toEqual([]);
  });

  it("qoder-https-urls: reports an http repository a deployment clones with its token, without the URL or token", async () => {
    const repository = { type: "github_repository", url: `http://${SECRET}@git.example.com/acme/tools`, authorizationToken: SECRET };
    const props = deploymentProps({ resources: [{ type: "memory_store", memoryStoreId: "memstore_1" }, repository] });
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", props));
    expect(messagesOf(run)).toEqual(['Deployment "digest": resources[1].url must use https (rule qoder-https-urls)']);
    expect(messagesOf(run).join("\n")).not.toContain(SECRET);
  });

  it("qoder-https-urls: reports an http MCP server URL by index", async () => {
    const props = agentProps({ mcpServers: [server("https://a.example.com"), server("http://b.example.com")] });
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", props));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": mcpServers[1].url must use https (rule qoder-https-urls)']);
  });

  it("qoder-https-urls: reports an MCP server URL that does not parse", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ mcpServers: [server("mcp docs")] })));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": mcpServers[0].url must be an https URL (it is not a valid URL) (rule qoder-https-urls)']);
  });

  it("qoder-https-urls: reports an http credential mcpServerUrl", async () => {
    const props = bearerCredentialProps({ auth: { type: "static_bearer", mcpServerUrl: "http://mcp.example.com", token: SECRET } });
    const run = await runPolicy(policy, resourceArgs("VaultCredential", "docs-token", props));
    expect(messagesOf(run)).toEqual(['VaultCredential "docs-token": auth.mcpServerUrl must use https (rule qoder-https-urls)']);
  });

  it("qoder-https-urls: reports an http OAuth token endpoint", async () => {
    const props = oauthCredentialProps();
    const auth = props.auth as { refresh: { tokenEndpoint: string } };
    auth.refresh.tokenEndpoint = "http://auth.example.com/token";
    const run = await runPolicy(policy, resourceArgs("VaultCredential", "issues-oauth", props));
    expect(messagesOf(run)).toEqual(['VaultCredential "issues-oauth": auth.refresh.tokenEndpoint must use https (rule qoder-https-urls)']);
  });

  it("qoder-https-urls: allows http for hosts the pack config names", async () => {
    const props = agentProps({ mcpServers: [server("http://localhost:8080/mcp")] });
    const args = resourceArgs("Agent", "reviewer", props, { config: { allowHttpHosts: ["localhost"] } });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-https-urls: never prints the URL, which may carry a token", async () => {
    const props = agentProps({ mcpServers: [server(`http://mcp.example.com/?token=${SECRET}`)] });
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", props));
    expect(messagesOf(run).join("\n")).not.toContain(SECRET);
  });

  it("qoder-https-urls: unknown URLs during preview are no violation", async () => {
    const props = agentProps({ mcpServers: [server(UNKNOWN)] });
    const args = resourceArgs("Agent", "reviewer", props, { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-https-urls: an unknown mcpServers list during preview is no violation", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ mcpServers: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-https-urls: an unknown credential auth during preview is no violation", async () => {
    const args = resourceArgs("VaultCredential", "docs-token", bearerCredentialProps({ auth: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });
});
