// The typed helpers rule authors build on (validateAgent and friends, resourcesOfKind), exercised through
// the examples of docs/policies.md, and the testing args' isType, which must agree with the resource classes' tokens.
import { describe, expect, it } from "vitest";
import * as qoder from "../../provider";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
  isUnknown,
  QODER_KINDS,
  QODER_TYPES,
  resourcesOfKind,
  testing,
  validateAgent,
  validateDeployment,
  validateFile,
  validateStackWithKind,
} from "../../provider/policy";
import { agentProps, environmentProps, UNKNOWN } from "../support/policy-fixtures";

const { messagesOf, policyResource, resourceArgs, runPolicy, stackArgs } = testing;

// The two rules docs/policies.md ("Writing your own rules") shows, verbatim apart from the imports.
const agentDescription: ResourceValidationPolicy = {
  name: "acme-agent-description",
  description: "Agents say what they are for.",
  enforcementLevel: "mandatory",
  validateResource: validateAgent((agent, args, reportViolation) => {
    if (isUnknown(agent.description)) return; // computed from another resource: judged at `pulumi up`
    if (typeof agent.description !== "string" || agent.description.trim() === "") {
      reportViolation(`Agent "${args.name}": description is required (rule acme-agent-description)`);
    }
  }),
};

const singleCoordinator: StackValidationPolicy = {
  name: "acme-single-coordinator",
  description: "A stack has at most one coordinator agent.",
  enforcementLevel: "advisory",
  validateStack: validateStackWithKind("Agent", (args, reportViolation) => {
    const coordinators = resourcesOfKind(args.resources, "Agent").filter(({ props }) => {
      const multiagent = props.multiagent;
      return typeof multiagent === "object" && multiagent !== null && multiagent.type === "coordinator";
    });
    if (coordinators.length > 1) {
      reportViolation(`${coordinators.length} coordinator agents in one stack (rule acme-single-coordinator)`);
    }
  }),
};

const coordinator = { type: "coordinator", agents: [{ type: "self" }] };

describe("policy helpers", () => {
  it("validateAgent: runs the body for agents", async () => {
    const run = await runPolicy(agentDescription, resourceArgs("Agent", "reviewer", agentProps()));
    expect(messagesOf(run)).toEqual(['Agent "reviewer": description is required (rule acme-agent-description)']);
  });

  it("validateAgent: skips other kinds", async () => {
    const run = await runPolicy(agentDescription, resourceArgs("Environment", "sandbox", environmentProps()));
    expect(run).toEqual({ violations: [] });
  });

  it("validateAgent: tags the validation with the Agent token, so the server skips other types unasked", () => {
    expect((agentDescription.validateResource as { __pulumiType?: string }).__pulumiType).toBe(QODER_TYPES.Agent);
  });

  it("validateDeployment, validateFile: tag their validations with their kind's token", () => {
    const noop = () => {};
    expect((validateDeployment(noop) as { __pulumiType?: string }).__pulumiType).toBe(QODER_TYPES.Deployment);
    expect((validateFile(noop) as { __pulumiType?: string }).__pulumiType).toBe(QODER_TYPES.File);
  });

  it("validateAgent: an unknown value in preview reaches the body as the sentinel, not as a throw", async () => {
    const args = resourceArgs("Agent", "reviewer", agentProps({ description: UNKNOWN }), { preview: true });
    expect(await runPolicy(agentDescription, args)).toEqual({ violations: [] });
  });

  it("resourcesOfKind: picks the stack's resources of one kind, with plain props", () => {
    const resources = [
      policyResource("Agent", "reviewer", agentProps({ system: UNKNOWN }), { preview: true }),
      policyResource("Environment", "sandbox", environmentProps()),
    ];
    const agents = resourcesOfKind(stackArgs(resources).resources, "Agent");
    expect(agents.map(({ resource, props }) => [resource.name, props.system])).toEqual([["reviewer", UNKNOWN]]);
  });

  it("resourcesOfKind: a stack rule built on it counts coordinators", async () => {
    const agents = ["lead", "backup"].map((name) => policyResource("Agent", name, agentProps({ multiagent: coordinator })));
    const run = await runPolicy(singleCoordinator, stackArgs([...agents, policyResource("Agent", "helper", agentProps())]));
    expect(messagesOf(run)).toEqual(["2 coordinator agents in one stack (rule acme-single-coordinator)"]);
  });

  it.each(QODER_KINDS)("%s: the resource class carries the token policies match", (kind) => {
    expect((qoder as unknown as Record<string, { __pulumiType?: string }>)[kind]?.__pulumiType).toBe(QODER_TYPES[kind]);
  });

  it("testing.resourceArgs: isType recognises the resource class of its kind only", () => {
    const args = resourceArgs("Agent", "reviewer", agentProps());
    expect([args.isType(qoder.Agent), args.isType(qoder.Environment)]).toEqual([true, false]);
  });
});
