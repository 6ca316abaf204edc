// qoder-agent-system-prompt: every agent has a non-empty (or long enough) system prompt.
import { describe, expect, it } from "vitest";
import { systemPrompt, testing } from "../../provider/policy";
import { agentProps, SECRET, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, resourceArgs, runPolicy } = testing;
const policy = systemPrompt();

describe("qoder-agent-system-prompt", () => {
  it("qoder-agent-system-prompt: passes an agent with a prompt", async () => {
    expect(await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps()))).toEqual({ violations: [] });
  });

  it("qoder-agent-system-prompt: reports an absent prompt", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ system: undefined })));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": system must be a non-empty system prompt (rule qoder-agent-system-prompt)']);
  });

  it("qoder-agent-system-prompt: reports a whitespace-only prompt", async () => {
    const run = await runPolicy(policy, resourceArgs("Agent", "reviewer", agentProps({ system: " \n\t" })));
    expect(run.violations).toHaveLength(1);
  });

  it("qoder-agent-system-prompt: the pack config can demand a longer prompt", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ system: SECRET }), { config: { minLength: 40 } });
    const run = await runPolicy(policy, args);
    expect(messagesOf(run)).toEqual(['Agent "reviewer": system must be a system prompt of at least 40 characters (rule qoder-agent-system-prompt)']);
  });

  it("qoder-agent-system-prompt: an unknown prompt during preview is no violation", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ system: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, args)).toEqual({ violations: [] });
  });
});
