// qoder-memory-store-deletion: memory stores keep deletionPolicy "archive" in production stacks.
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStoreDeletion, testing } from "../../provider/policy";
import { memoryStoreProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const inStack = (stack: string | undefined) => memoryStoreDeletion({ stackName: () => stack });
const deleting = memoryStoreProps({ deletionPolicy: "delete" });

describe("qoder-memory-store-deletion", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("qoder-memory-store-deletion: reports deletionPolicy delete in a production stack", async () => {
    const run = await runPolicy(inStack("prod"), resourceArgs("MemoryStore", "notes", deleting));
    expect(messagesOf(run)).toEqual([
      'MemoryStore "notes": deletionPolicy must not be "delete" in a production stack (remove it to archive on destroy) (rule qoder-memory-store-deletion)',
    ]);
  });

  it("qoder-memory-store-deletion: passes the archive default in a production stack", async () => {
    const run = await runPolicy(inStack("prod"), resourceArgs("MemoryStore", "notes", memoryStoreProps()));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-memory-store-deletion: passes deletionPolicy delete outside production", async () => {
    const run = await runPolicy(inStack("dev"), resourceArgs("MemoryStore", "notes", deleting));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-memory-store-deletion: the pack config lists the production stacks", async () => {
    const args = resourceArgs("MemoryStore", "notes", deleting, { config: { production: ["live"] } });
    expect((await runPolicy(inStack("live"), args)).violations).toHaveLength(1);
  });

  it("qoder-memory-store-deletion: production stacks may be named by pattern (* is any characters)", async () => {
    const args = resourceArgs("MemoryStore", "notes", deleting, { config: { production: ["prod-*"] } });
    expect((await runPolicy(inStack("prod-eu"), args)).violations).toHaveLength(1);
    expect(await runPolicy(inStack("prod"), args)).toEqual({ violations: [] });
  });

  it("qoder-memory-store-deletion: production true applies whatever the stack is called", async () => {
    const args = resourceArgs("MemoryStore", "notes", deleting, { config: { production: true } });
    expect((await runPolicy(inStack(undefined), args)).violations).toHaveLength(1);
  });

  it("qoder-memory-store-deletion: production false turns it off", async () => {
    const args = resourceArgs("MemoryStore", "notes", deleting, { config: { production: false } });
    expect(await runPolicy(inStack("prod"), args)).toEqual({ violations: [] });
  });

  it("qoder-memory-store-deletion: is not applicable when the stack name is unknown and production is a list", async () => {
    const run = await runPolicy(inStack(undefined), resourceArgs("MemoryStore", "notes", deleting));
    expect(run).toEqual({ violations: [], notApplicable: "the stack name is not known to the policy pack" });
  });

  it("qoder-memory-store-deletion: learns the stack name from PULUMI_NODEJS_STACK", async () => {
    vi.stubEnv("PULUMI_NODEJS_STACK", "production");
    const run = await runPolicy(memoryStoreDeletion(), resourceArgs("MemoryStore", "notes", deleting));
    expect(run.violations).toHaveLength(1);
  });

  it("qoder-memory-store-deletion: an unknown deletionPolicy during preview is no violation", async () => {
    const args = resourceArgs("MemoryStore", "notes", memoryStoreProps({ deletionPolicy: UNKNOWN }), { preview: true });
    expect(await runPolicy(inStack("prod"), args)).toEqual({ violations: [] });
  });
});
