// qoder-required-metadata: configured kinds carry configured metadata keys with non-empty values.
import { describe, expect, it } from "vitest";
import { requiredMetadata, testing } from "../../provider/policy";
import { agentProps, deploymentProps, environmentProps, fileProps, memoryStoreProps, UNKNOWN, vaultProps } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = requiredMetadata({ keys: ["team", "cost-center"] });
const tagged = { team: "platform", "cost-center": "cc-42" };

describe("qoder-required-metadata", () => {
  it("qoder-required-metadata: passes resources carrying every key", async () => {
    const runs = await Promise.all([
      runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ metadata: tagged }))),
      runPolicy(policy, resourceArgs("Environment", "sandbox", environmentProps({ metadata: tagged }))),
      runPolicy(policy, resourceArgs("Vault", "ci", vaultProps({ metadata: tagged }))),
      runPolicy(policy, resourceArgs("MemoryStore", "notes", memoryStoreProps({ metadata: tagged }))),
      runPolicy(policy, resourceArgs("Deployment", "digest", deploymentProps({ metadata: tagged }))),
    ]);
    expect(runs.flatMap(messagesOf)).toEqual([]);
  });

  it("qoder-required-metadata: reports each missing key with its path", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ metadata: { team: "platform" } })));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": metadata["cost-center"] is required (rule qoder-required-metadata)']);
  });

  it("qoder-required-metadata: reports every key when metadata is absent", async () => {
    const run = await runPolicy(policy, resourceArgs("Vault", "ci", { displayName: "ci" }));
    expect(messagesOf(run)).toEqual([
      'Vault "ci": metadata.team is required (rule qoder-required-metadata)',
      'Vault "ci": metadata["cost-center"] is required (rule qoder-required-metadata)',
    ]);
  });

  it("qoder-required-metadata: reports an empty value", async () => {
    const props = memoryStoreProps({ metadata: { team: " ", "cost-center": "cc-42" } });
    const run = await runPolicy(policy, resourceArgs("MemoryStore", "notes", props));
    expect(messagesOf(run)).toEqual(['MemoryStore "notes": metadata.team must be a non-empty string (rule qoder-required-metadata)']);
  });

  it("qoder-required-metadata: checks environments by default", async () => {
    const run = await runPolicy(policy, resourceArgs("Environment", "sandbox", environmentProps({ metadata: {} })));
    expect(run.violations).toHaveLength(2);
  });

  it("qoder-required-metadata: checks deployments by default", async () => {
    const run = await runPolicy(
      requiredMetadata({ keys: ["owner"] }),
      resourceArgs("Deployment", "digest", deploymentProps({ metadata: { team: "platform" } })),
    );
    expect(messagesOf(run)).toEqual(['Deployment "digest": metadata.owner is required (rule qoder-required-metadata)']);
  });

  it("qoder-required-metadata: checks files once the config names the kind", async () => {
    const untagged = fileProps({ metadata: {} });
    expect(await runPolicy(policy, resourceArgs("File", "rubric", untagged))).toEqual({ violations: [] });
    const args = resourceArgs("File", "rubric", untagged, { config: { kinds: ["File"] } });
    expect(messagesOf(await runPolicy(policy, args))).toEqual([
      'File "rubric": metadata.team is required (rule qoder-required-metadata)',
      'File "rubric": metadata["cost-center"] is required (rule qoder-required-metadata)',
    ]);
  });

  it("qoder-required-metadata: leaves kinds outside the default set alone", async () => {
    const run = await runPolicy(policy, resourceArgs("Memory", "seed", { path: "a.md", content: "x", metadata: {} }));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-required-metadata: the pack config chooses the kinds", async () => {
    const args = resourceArgs("Memory", "seed", { path: "a.md", content: "x" }, { config: { kinds: ["Memory"] } });
    expect((await runPolicy(policy, args)).violations).toHaveLength(2);
  });

  it("qoder-required-metadata: with no keys configured it reports nothing", async () => {
    const run = await runPolicy(requiredMetadata(), resourceArgs("Agent", "reviewer", agentProps({ metadata: {} })));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-required-metadata: unknown metadata during preview is no violation", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ metadata: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-required-metadata: an unknown value of a required key during preview is no violation", async () => {
    const props = environmentProps({ metadata: { team: UNKNOWN, "cost-center": UNKNOWN } });
    const args = resourceArgs("Environment", "sandbox", props, { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-required-metadata: never prints metadata values", async () => {
    const props = agentProps({ metadata: { team: "", owner: "do-not-print" } });
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", props));
    expect(messagesOf(run).join("\n")).not.toContain("do-not-print");
  });
});
