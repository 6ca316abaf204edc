// Checks of the inputs that steer the provider rather than the API (`deletionPolicy`, `adoptId`) or that the
// API takes in the path (a parent's id), shared by every kind so each reports them with the same words.
// Unknown values (preview) are never failures.
import { isUnknown, type CheckFailure } from "./rules";

/** A provider setting with a fixed set of values (`deletionPolicy`). */
export function deletionPolicyFailures(property: string, value: unknown, allowed: readonly string[]): CheckFailure[] {
  if (value === undefined || isUnknown(value) || allowed.includes(String(value))) return [];
  return [{ property, reason: `must be ${allowed.map((policy) => `"${policy}"`).join(" or ")}` }];
}

/** `prefix` is the id prefix of the kind (`agent_`), `what` how the message names such an id. */
export function adoptIdFailures(value: unknown, prefix: string, what: string): CheckFailure[] {
  if (value === undefined || isUnknown(value) || (typeof value === "string" && value.startsWith(prefix))) return [];
  return [{ property: "adoptId", reason: `must be ${what} (${prefix}…)` }];
}

/** The id of the parent a child lives under (`vaultId`), required; `parent` names the kind for the message. */
export function parentIdFailures(property: string, value: unknown, prefix: string, parent: string, what: string): CheckFailure[] {
  if (typeof value === "string" && (isUnknown(value) || value.startsWith(prefix))) return [];
  return [{ property, reason: `must be ${what} (${prefix}…), e.g. the id output of a ${parent}` }];
}
