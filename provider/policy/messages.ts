// How every rule words a violation: the resource, the property path and the rule, never a property value
// (props reach policies with secrets unwrapped, prior-art.md §C.2); a rule that must quote what it judges says
// why in its header (a deployment's cron expression, an environment variable's name). No imports beyond kinds.
import type { QoderKind } from "./kinds";

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `mcpServers[0].url`, `metadata["cost-center"]`. Segments are our own property names, indices, or keys
 * taken from policy config; a key read from props only where it is a name the author chose to be read
 * (`environmentVariables.GITHUB_TOKEN`), never in a bag whose keys may carry data.
 */
export function propertyPath(...segments: PathSegment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** `Agent "reviewer": model.id is not an allowed model (rule qoder-allowed-models)`. */
export function violationMessage(rule: string, kind: QoderKind, name: string, path: string, problem: string): string {
  return `${kind} ${JSON.stringify(name)}: ${path} ${problem} (rule ${rule})`;
}
