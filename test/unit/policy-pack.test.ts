// qoderPolicies: the ready list a pack builds from, configured from one object shaped like a
// `--policy-pack-config` file; and the policy entry's promise to load no module at run time.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { QODER_POLICY_NAMES, qoderPolicies, testing } from "../../provider/policy";
import { AGENT_ID, deploymentProps, memoryStoreProps } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const repoRoot = path.resolve(__dirname, "..", "..");

function named(name: string, config = {}, options = {}) {
  const policy = qoderPolicies(config, options).find((candidate) => candidate.name === name);
  if (!policy) throw new Error(`no policy ${name}`);
  return policy;
}

describe("qoderPolicies", () => {
  it("qoderPolicies: returns every rule once, in the order of QODER_POLICY_NAMES", () => {
    expect(qoderPolicies().map((policy) => policy.name)).toEqual([...QODER_POLICY_NAMES]);
    expect(new Set(QODER_POLICY_NAMES).size).toBe(QODER_POLICY_NAMES.length);
  });

  it("qoderPolicies: every rule is mandatory unless configured otherwise", () => {
    expect(new Set(qoderPolicies().map((policy) => policy.enforcementLevel))).toEqual(new Set(["mandatory"]));
  });

  it("qoderPolicies: a bare enforcement level sets that rule's level only", () => {
    const levels = qoderPolicies({ "qoder-https-urls": "advisory" }).map((policy) => [policy.name, policy.enforcementLevel]);
    expect(levels.filter(([, level]) => level === "advisory")).toEqual([["qoder-https-urls", "advisory"]]);
  });

  it("qoderPolicies: settings become schema defaults, so the engine no longer demands them", () => {
    const schema = named("qoder-allowed-models", { "qoder-allowed-models": { models: ["ultimate"] } }).configSchema;
    expect(schema).toEqual({ properties: { models: expect.objectContaining({ default: ["ultimate"] }) } });
  });

  it("qoderPolicies: the stackName option reaches qoder-memory-store-deletion", async () => {
    const policy = named("qoder-memory-store-deletion", {}, { stackName: () => "prod" }) as ResourceValidationPolicy;
    const run = await runPolicy(policy, resourceArgs("MemoryStore", "notes", memoryStoreProps({ deletionPolicy: "delete" })));
    expect(messagesOf(run)).toHaveLength(1);
  });

  it("qoderPolicies: the stackName option reaches qoder-deployment-pinned-agent", async () => {
    const policy = named("qoder-deployment-pinned-agent", {}, { stackName: () => "prod" }) as ResourceValidationPolicy;
    const run = await runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps({ agent: AGENT_ID })));
    expect(messagesOf(run)).toHaveLength(1);
  });

  it("pulumi-qoder/policy: loading it loads no module outside provider/policy but the kinds' type tokens (one SDK copy per pack)", () => {
    const script =
      'require("./provider/policy"); console.log(JSON.stringify(Object.keys(require.cache)' +
      ".filter((file) => !/[\\\\/]node_modules[\\\\/](tsx|esbuild)[\\\\/]/.test(file))))";
    const child = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], { cwd: repoRoot, encoding: "utf8" });
    expect(child.stderr).toBe("");
    const loaded = JSON.parse(child.stdout) as string[];
    expect(loaded.length).toBeGreaterThan(10);
    const tokens = path.join(repoRoot, "provider", "kinds", "tokens.ts");
    expect(loaded).toContain(tokens);
    expect(loaded.filter((file) => file !== tokens && !file.startsWith(path.join(repoRoot, "provider", "policy") + path.sep))).toEqual([]);
  });
});
