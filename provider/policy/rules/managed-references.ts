// Rule qoder-managed-references (a stack policy): the custom skills and multiagent members an agent uses
// are Skill and Agent resources of the same stack, so nothing the fleet needs lives outside review.
// Depends only on the policy layer's own modules; names property paths, never the ids themselves.
import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, withDefault, type RuleOptions } from "../config";
import type { QoderKind } from "../kinds";
import { isKind, resourcesOfKind, validateStackWithKind, type KindResource } from "../match";
import { propertyPath, violationMessage } from "../messages";
import { isRecord, isUnknown, knownString } from "../values";

export const MANAGED_REFERENCES = "qoder-managed-references";

export interface ManagedReferencesConfig extends RuleOptions {
  /** Custom skill ids agents may use without a Skill in the stack (e.g. skills shared across stacks). */
  externalSkillIds?: string[];
  /** Agent ids coordinators may use without an Agent in the stack. */
  externalAgentIds?: string[];
}

/** A reference to a managed kind; `id` is undefined while preview cannot know it. */
interface Reference {
  id: string | undefined;
  path: string;
}

/** A reference at `path` holding `value`: a known id, a pending one (unknown), or none at all. */
function reference(value: unknown, path: string): Reference[] {
  if (isUnknown(value)) return [{ id: undefined, path }];
  const id = knownString(value);
  return id === undefined ? [] : [{ id, path }];
}

/** Ids of `type: "custom"` skills; qoder-managed skills live in no stack. */
function skillReferences(skills: unknown): Reference[] {
  if (!Array.isArray(skills)) return [];
  return skills.flatMap((binding: unknown, index) =>
    isRecord(binding) && binding.type === "custom" ? reference(binding.skillId, propertyPath("skills", index, "skillId")) : [],
  );
}

/** Member ids of a coordinator: plain ids and `{type: "agent", id}`; `{type: "self"}` is no reference. */
function memberReferences(multiagent: unknown): Reference[] {
  if (!isRecord(multiagent) || !Array.isArray(multiagent.agents)) return [];
  return multiagent.agents.flatMap((member: unknown, index) => {
    if (!isRecord(member)) return reference(member, propertyPath("multiagent", "agents", index));
    return member.type === "agent" ? reference(member.id, propertyPath("multiagent", "agents", index, "id")) : [];
  });
}

/** An `id` output, if the resource layer echoes one; matching on it is exact where it exists. */
function idOutput(resource: PolicyResource): string | undefined {
  return knownString(Object.getOwnPropertyDescriptor(resource.props, "id")?.value);
}

interface Target {
  kind: QoderKind;
  property: "skills" | "multiagent";
  external: string[];
}

/**
 * Policies do not see resource ids, only outputs and which resources each input property depends on. So
 * a reference counts as managed when it equals a managed resource's `id` output, or when the property
 * depends on enough resources of the kind to have produced it: each resource yields one id, so N distinct
 * open ids need N distinct resources. A literal id beside a real reference is caught once counts differ.
 *
 * In preview a resource still to be created yields an unknown id, never a known one. So when the property
 * holds pending (unknown) references and depends on nothing but resources of the kind, at least one of
 * those resources produced the pending ones and cannot account for a known id; otherwise a literal beside
 * `helper.id` would pass every first preview and fail only after up had created the fleet.
 */
function checkReferences(
  agent: KindResource<"Agent">,
  references: Reference[],
  target: Target,
  managedIds: ReadonlySet<string>,
  report: ReportViolation,
): void {
  const known = references.filter((ref): ref is Reference & { id: string } => ref.id !== undefined);
  const open = known.filter((ref) => !target.external.includes(ref.id) && !managedIds.has(ref.id));
  const openIds = new Set(open.map((ref) => ref.id));
  const usedIds = new Set(known.map((ref) => ref.id));
  const dependencies = agent.resource.propertyDependencies[target.property] ?? [];
  const candidates = dependencies.filter((dependency) => isKind(dependency, target.kind) && dependency.urn !== agent.resource.urn);
  const sources = new Set(candidates.filter((dependency) => !usedIds.has(idOutput(dependency) ?? "")).map((dependency) => dependency.urn));
  const hasPending = known.length < references.length;
  const available = sources.size - (hasPending && candidates.length === dependencies.length ? 1 : 0);
  if (openIds.size <= available) return;
  const name = agent.resource.name;
  const fix = `manage it in this stack, or list it in ${target.kind === "Skill" ? "externalSkillIds" : "externalAgentIds"}`;
  if (available <= 0) {
    for (const ref of open) {
      const problem = `does not come from ${article(target.kind)} ${target.kind} resource in this stack (${fix})`;
      report(violationMessage(MANAGED_REFERENCES, "Agent", name, ref.path, problem), agent.resource.urn);
    }
    return;
  }
  const paths = open.map((ref) => ref.path).join(", ");
  const problem = `hold ${openIds.size} distinct ids but at most ${available} can come from ${target.kind} resources in this stack (${fix})`;
  report(violationMessage(MANAGED_REFERENCES, "Agent", name, paths, problem), agent.resource.urn);
}

function article(kind: QoderKind): string {
  return /^[AEIOU]/.test(kind) ? "an" : "a";
}

export function managedReferences(config: ManagedReferencesConfig = {}): StackValidationPolicy {
  const defaults = { externalSkillIds: config.externalSkillIds ?? [], externalAgentIds: config.externalAgentIds ?? [] };
  const idList = (description: string, value: string[]) =>
    withDefault({ type: "array", items: { type: "string", minLength: 1 }, description }, value);
  return {
    name: MANAGED_REFERENCES,
    description: "Skills and multiagent members that agents use are managed in the same stack.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      externalSkillIds: idList("Custom skill ids allowed without a Skill in the stack.", defaults.externalSkillIds),
      externalAgentIds: idList("Agent ids allowed as members without an Agent in the stack.", defaults.externalAgentIds),
    }),
    validateStack: validateStackWithKind("Agent", (args, reportViolation) => {
      const settings = effectiveConfig(args, defaults);
      const managed = (kind: QoderKind) => new Set(args.resources.filter((resource) => isKind(resource, kind)).flatMap((r) => idOutput(r) ?? []));
      const skillIds = managed("Skill");
      const agentIds = managed("Agent");
      const skills: Target = { kind: "Skill", property: "skills", external: stringList(settings.externalSkillIds) };
      const members: Target = { kind: "Agent", property: "multiagent", external: stringList(settings.externalAgentIds) };
      for (const agent of resourcesOfKind(args.resources, "Agent")) {
        checkReferences(agent, skillReferences(agent.props.skills), skills, skillIds, reportViolation);
        checkReferences(agent, memberReferences(agent.props.multiagent), members, agentIds, reportViolation);
      }
    }),
  };
}
