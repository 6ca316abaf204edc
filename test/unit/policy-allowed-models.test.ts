// qoder-allowed-models: the agent's model id, as a string or inside {id, ...}, must be in the configured list.
import { describe, expect, it } from "vitest";
import { allowedModels, testing } from "../../provider/policy";
import { agentProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = allowedModels({ models: ["auto", "ultimate"] });

describe("qoder-allowed-models", () => {
  it("qoder-allowed-models: passes an allowed model id string", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ model: "auto" })));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-allowed-models: passes an allowed model object", async () => {
    const props = agentProps({ model: { id: "ultimate", effort: "high", contextWindow: 200000 } });
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", props));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-allowed-models: reports a model id string outside the list, by path", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ model: "experimental-x" })));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": model is not one of the allowed models (auto, ultimate) (rule qoder-allowed-models)']);
  });

  it("qoder-allowed-models: reports a model object outside the list at model.id", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ model: { id: "experimental-x" } })));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": model.id is not one of the allowed models (auto, ultimate) (rule qoder-allowed-models)']);
  });

  it("qoder-allowed-models: never prints the model in use", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ model: "experimental-x" })));
    expect(messagesOf(run).join("\n")).not.toContain("experimental-x");
  });

  it("qoder-allowed-models: the pack config replaces the factory's list", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ model: "auto" }), { config: { models: ["ultimate"] } });
    const run = await runPolicy(policy, args);
    expect(run.violations).toHaveLength(1);
  });

  it("qoder-allowed-models: an unknown model during preview is no violation", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ model: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-allowed-models: an unknown model.id during preview is no violation", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ model: { id: UNKNOWN } }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });

  it("qoder-allowed-models: ignores other kinds", async () => {
    const run = await runPolicy(policy, resourceArgs("Environment", "sandbox", { name: "sandbox", model: "x" }));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-allowed-models: without a configured list the rule is not applicable", async () => {
    const run = await runPolicy(allowedModels(), resourceArgs("Agent", "reviewer", agentProps()));
    expect(run).toEqual({ violations: [], notApplicable: "no allowed models configured" });
  });

  it("qoder-allowed-models: without a list in code, the engine must get one from the pack config", () => {
    expect(allowedModels().configSchema?.required).toEqual(["models"]);
  });
});
