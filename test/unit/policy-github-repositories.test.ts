// qoder-github-repositories: deployments mount only GitHub repositories on the configured allow-list.
import { describe, expect, it } from "vitest";
import { githubRepositories, testing } from "../../provider/policy";
import { deploymentProps, SECRET, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = githubRepositories({ repositories: ["acme/*", "partner/sdk", "https://git.example.com/platform"] });
const repository = (url: unknown) => ({ type: "github_repository", url, authorizationToken: SECRET });
const mounting = (...urls: unknown[]) => deploymentProps({ resources: [{ type: "file", fileId: "file_1" }, ...urls.map(repository)] });
const ALLOWED = "(acme/*, partner/sdk, https://git.example.com/platform)";

describe("qoder-github-repositories", () => {
  it("qoder-github-repositories: passes repositories on the list", async () => {
    const props = mounting(
      "https://github.com/acme/tools",
      "https://github.com/ACME/Tools.git",
      "https://github.com/partner/sdk/",
      "https://git.example.com/platform/infra",
    );
    expect(await runPolicy(policy, resourceArgs("Deployment", "digest", props))).toEqual({ violations: [] });
  });

  it("qoder-github-repositories: reports a repository off the list by its path, with the list", async () => {
    const props = mounting("https://github.com/acme/tools", "https://github.com/acme-labs/tools");
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", props));
    expect(messagesOf(run)).toEqual([
      `Deployment "digest": resources[2].url is not an allowed repository ${ALLOWED} (rule qoder-github-repositories)`,
    ]);
  });

  it("qoder-github-repositories: matches whole path segments and hosts, not string prefixes", async () => {
    const props = mounting("https://github.com/partner/sdk-fork", "https://git.example.com/platform-x/infra", "https://github.com/platform/infra");
    expect((await runPolicy(policy, resourceArgs("Deployment", "digest", props))).violations).toHaveLength(3);
  });

  it("qoder-github-repositories: a URL that does not parse is not allowed", async () => {
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", mounting("git@github.com:acme/tools.git")));
    expect(messagesOf(run)).toEqual([
      `Deployment "digest": resources[1].url is not a valid URL, so it is no allowed repository ${ALLOWED} (rule qoder-github-repositories)`,
    ]);
  });

  it("qoder-github-repositories: the pack config replaces the list; an empty list allows none", async () => {
    const args = resourceArgs("Deployment", "digest", mounting("https://github.com/acme/tools"), { config: { repositories: [] } });
    expect(messagesOf(await runPolicy(policy, args))).toEqual([
      'Deployment "digest": resources[1].url is not an allowed repository (none are allowed) (rule qoder-github-repositories)',
    ]);
  });

  it("qoder-github-repositories: is not applicable until a list is configured", async () => {
    const run = await runPolicy(githubRepositories(), resourceArgs("Deployment", "digest", mounting("https://github.com/anyone/anything")));
    expect(run).toEqual({ violations: [], notApplicable: "no allowed repositories configured" });
  });

  it("qoder-github-repositories: a deployment mounting no repository passes, configured or not", async () => {
    const props = deploymentProps({ resources: [] });
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Deployment", "digest", props)),
      runPolicy(githubRepositories(), resourceArgs("Deployment", "digest", props)),
    ]);
    expect(runs).toEqual([{ violations: [] }, { violations: [] }]);
  });

  it("qoder-github-repositories: never prints the URL or the token", async () => {
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", mounting(`https://x-access-token:${SECRET}@github.com/evil/repo`)));
    expect(run.violations).toHaveLength(1);
    expect(messagesOf(run).join("\n")).not.toMatch(new RegExp(`${SECRET}|evil`));
  });

  it("qoder-github-repositories: unknown resources or URLs during preview are no violation", async () => {
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps({ resources: UNKNOWN }), { preview: true })),
      runPolicy(policy, resourceArgs("Deployment", "digest", mounting(UNKNOWN), { preview: true })),
    ]);
    expect(runs).toEqual([{ violations: [] }, { violations: [] }]);
  });
});
