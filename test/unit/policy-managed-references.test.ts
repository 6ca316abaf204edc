// qoder-managed-references (stack policy): custom skills and multiagent members that agents use come from
// Skill and Agent resources of the same stack; policies see property dependencies, not resource ids.
import { describe, expect, it } from "vitest";
import { managedReferences, testing } from "../../provider/policy";
import { agentProps, skillProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, policyResource, runPolicy, stackArgs } = testing;
const policy = managedReferences();
const SKILL_A = "skill_0000000000000000000000000000000a";
const SKILL_B = "skill_0000000000000000000000000000000b";
const AGENT_A = "agent_0000000000000000000000000000000a";

const review = policyResource("Skill", "review", skillProps());
const lint = policyResource("Skill", "lint", skillProps({ skillName: "lint" }));
const helper = policyResource("Agent", "helper", agentProps({ name: "helper" }));
const custom = (skillId: unknown) => ({ type: "custom", skillId });
const coordinator = (...agents: unknown[]) => ({ type: "coordinator", agents });

describe("qoder-managed-references", () => {
  it("qoder-managed-references: passes skills that depend on Skill resources of the stack", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(SKILL_A), custom(SKILL_B)] }), {
      propertyDependencies: { skills: [review, lint] },
    });
    expect(await runPolicy(policy, stackArgs([review, lint, agent]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: reports a literal skill id with no Skill behind it", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(SKILL_A)] }));
    const run = await runPolicy(policy, stackArgs([review, agent]));
    expect(run.violations).toEqual([
      {
        message:
          'Agent "reviewer": skills[0].skillId does not come from a Skill resource in this stack (manage it in this stack, or list it in externalSkillIds) (rule qoder-managed-references)',
        urn: agent.urn,
      },
    ]);
  });

  it("qoder-managed-references: reports more distinct skill ids than Skill resources behind them", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(SKILL_A), custom(SKILL_B)] }), {
      propertyDependencies: { skills: [review] },
    });
    const run = await runPolicy(policy, stackArgs([review, agent]));
    expect(messagesOf(run)).toEqual([
      'Agent "reviewer": skills[0].skillId, skills[1].skillId hold 2 distinct ids but at most 1 can come from Skill resources in this stack (manage it in this stack, or list it in externalSkillIds) (rule qoder-managed-references)',
    ]);
  });

  it("qoder-managed-references: matches a skill id equal to a Skill's id output", async () => {
    const withId = policyResource("Skill", "review", skillProps({ id: SKILL_A }));
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(SKILL_A)] }));
    expect(await runPolicy(policy, stackArgs([withId, agent]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: leaves qoder-managed skills alone", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [{ type: "qoder", skillId: "pdf" }] }));
    expect(await runPolicy(policy, stackArgs([agent]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: accepts skill ids the pack config lists as external", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(SKILL_A)] }));
    const run = await runPolicy(policy, stackArgs([agent], { config: { externalSkillIds: [SKILL_A] } }));
    expect(run).toEqual({ violations: [] });
  });

  it("qoder-managed-references: passes multiagent members that depend on Agent resources", async () => {
    const props = agentProps({ multiagent: coordinator(AGENT_A, { type: "self" }) });
    const lead = policyResource("Agent", "lead", props, { propertyDependencies: { multiagent: [helper] } });
    expect(await runPolicy(policy, stackArgs([helper, lead]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: reports a literal multiagent member id", async () => {
    const props = agentProps({ multiagent: coordinator({ type: "agent", id: AGENT_A, version: 1 }) });
    const lead = policyResource("Agent", "lead", props);
    const run = await runPolicy(policy, stackArgs([helper, lead]));
    expect(messagesOf(run)).toEqual([
      'Agent "lead": multiagent.agents[0].id does not come from an Agent resource in this stack (manage it in this stack, or list it in externalAgentIds) (rule qoder-managed-references)',
    ]);
  });

  it("qoder-managed-references: a literal member beside one not known yet is reported in preview", async () => {
    const props = agentProps({ multiagent: coordinator(UNKNOWN, AGENT_A) });
    const lead = policyResource("Agent", "lead", props, { preview: true, propertyDependencies: { multiagent: [helper] } });
    const run = await runPolicy(policy, stackArgs([helper, lead]));
    expect(messagesOf(run)).toEqual([
      'Agent "lead": multiagent.agents[1] does not come from an Agent resource in this stack (manage it in this stack, or list it in externalAgentIds) (rule qoder-managed-references)',
    ]);
  });

  it("qoder-managed-references: a pending member is not charged to an Agent when other resources feed the property too", async () => {
    const props = agentProps({ multiagent: coordinator(UNKNOWN, AGENT_A) });
    const lead = policyResource("Agent", "lead", props, {
      preview: true,
      propertyDependencies: { multiagent: [helper, review] },
    });
    expect(await runPolicy(policy, stackArgs([helper, review, lead]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: an agent does not count as its own member source", async () => {
    const props = agentProps({ multiagent: coordinator(AGENT_A) });
    const lead = policyResource("Agent", "lead", props);
    const selfDependent = policyResource("Agent", "lead", props, { propertyDependencies: { multiagent: [lead] } });
    expect((await runPolicy(policy, stackArgs([selfDependent]))).violations).toHaveLength(1);
  });

  it("qoder-managed-references: unknown skill ids during preview are no violation", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(UNKNOWN)] }), { preview: true });
    expect(await runPolicy(policy, stackArgs([agent]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: an unknown skills list during preview is no violation", async () => {
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: UNKNOWN }), { preview: true });
    expect(await runPolicy(policy, stackArgs([agent]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: unknown multiagent members during preview are no violation", async () => {
    const props = agentProps({ multiagent: coordinator(UNKNOWN, { type: "agent", id: UNKNOWN }) });
    const lead = policyResource("Agent", "lead", props, { preview: true });
    expect(await runPolicy(policy, stackArgs([lead]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: a Skill whose outputs are not known yet does not trip the check", async () => {
    const pending = policyResource("Skill", "review", { directory: "./skills/review", id: UNKNOWN }, { preview: true });
    const agent = policyResource("Agent", "reviewer", agentProps({ skills: [custom(UNKNOWN)] }), {
      preview: true,
      propertyDependencies: { skills: [pending] },
    });
    expect(await runPolicy(policy, stackArgs([pending, agent]))).toEqual({ violations: [] });
  });

  it("qoder-managed-references: is skipped by the server for stacks without agents", () => {
    const validateStack = policy.validateStack as unknown as { __pulumiType?: string };
    expect(validateStack.__pulumiType).toBe("pulumi-nodejs:dynamic/qoder:Agent");
  });
});
