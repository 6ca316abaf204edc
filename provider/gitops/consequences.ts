// What a step means for the fleet, in plain words: the kinds' own rules (an agent update is a new version, a
// memory store is archived rather than deleted by default, a replaced vault takes its credentials with it)
// read from the step's old and new state. Each kind's destroy behaviour is the one its descriptor documents
// in provider/kinds/. Depends only on the preview's shape and kinds/tokens.ts.
import { type KindType, TOKEN_PREFIX } from "../kinds/tokens";
import type { PreviewStep } from "./preview-json";
import { UNKNOWN } from "./properties";
import { maskTokens } from "./secrets";

/** The Qoder kind of a type token, or undefined for another provider's resource. */
export function kindOf(type: string, kinds: readonly string[]): KindType | undefined {
  if (!type.startsWith(TOKEN_PREFIX)) return undefined;
  const kind = type.slice(TOKEN_PREFIX.length);
  return kinds.includes(kind) ? (kind as KindType) : undefined;
}

/** Whether a destroy archives or deletes, by kind and `deletionPolicy` (provider/kinds/*.ts). */
export function destroyVerb(kind: KindType | undefined, inputs: Record<string, unknown> | undefined): "archive" | "delete" {
  if (kind === "Agent" || kind === "Deployment") return "archive";
  const declared = inputs?.deletionPolicy;
  if (declared === "archive" || declared === "delete") return declared;
  return kind === "MemoryStore" ? "archive" : "delete";
}

function quote(value: string): string {
  return `\`${maskTokens(value).replace(/`/g, "'")}\``;
}

function names(steps: PreviewStep[]): string {
  return steps.map((s) => quote(s.name)).join(", ");
}

function known(value: unknown): value is string | number | boolean {
  return value !== undefined && value !== null && value !== UNKNOWN && typeof value !== "object";
}

/** The schedule in words: the provider's description, or the cron line, or manual runs only. */
function scheduleText(inputs: Record<string, unknown> | undefined): string | undefined {
  if (!inputs) return undefined;
  const description = inputs.scheduleDescription;
  if (description === UNKNOWN) return "(known after apply)";
  if (typeof description === "string" && description !== "") return description;
  const schedule = inputs.schedule;
  if (schedule === undefined || schedule === null) return "manual runs only";
  if (schedule === UNKNOWN) return "(known after apply)";
  if (typeof schedule === "object" && !Array.isArray(schedule)) {
    const { cron, timezone } = schedule as Record<string, unknown>;
    return `${String(cron)}${timezone ? ` (${String(timezone)})` : ""}`;
  }
  return undefined;
}

function isPaused(inputs: Record<string, unknown> | undefined): boolean {
  return inputs?.paused === true;
}

function mounts(deployment: PreviewStep, fileId: string): boolean {
  const resources = deployment.oldInputs?.resources;
  return Array.isArray(resources) && resources.some((r) => typeof r === "object" && r !== null && (r as Record<string, unknown>).fileId === fileId);
}

/**
 * The consequences of one step worth a reviewer's attention, each a short sentence without a final stop.
 * `all` is every step of the preview (a replaced vault names the credentials it takes along).
 */
export function consequences(step: PreviewStep, kind: KindType | undefined, all: PreviewStep[]): string[] {
  const out: string[] = [];
  const { op } = step;
  const label = quote(step.name);
  if (kind === undefined) return out;

  if (op === "delete") {
    const verb = destroyVerb(kind, step.oldInputs);
    switch (kind) {
      case "MemoryStore":
        out.push(
          verb === "archive" ? `archives memory store ${label}: its memories stay readable` : `deletes memory store ${label} and every memory in it`,
        );
        break;
      case "Agent":
        out.push(`archives agent ${label}: no new session or deployment can use it`);
        break;
      case "Deployment":
        out.push(`archives deployment ${label}: its scheduled runs stop`);
        break;
      case "Vault":
        out.push(verb === "archive" ? `archives vault ${label}` : `deletes vault ${label} and its credentials`);
        break;
      case "Environment":
        out.push(verb === "archive" ? `archives environment ${label}` : `deletes environment ${label} (archives it instead while sessions use it)`);
        break;
      case "Skill":
        out.push(`deletes skill ${label} and its versions`);
        break;
      default:
        out.push(`${verb === "archive" ? "archives" : "deletes"} ${kind === "VaultCredential" ? "credential" : kind.toLowerCase()} ${label}`);
    }
    return out;
  }

  if (op === "replace") {
    switch (kind) {
      case "Vault": {
        const credentials = all.filter((s) => s.type.endsWith(":VaultCredential") && step.id !== undefined && s.oldInputs?.vaultId === step.id);
        out.push(`replaces the vault: its credentials are recreated${credentials.length > 0 ? ` (${names(credentials)})` : ""}`);
        break;
      }
      case "File": {
        const deployments = all.filter((s) => s.type.endsWith(":Deployment") && step.id !== undefined && mounts(s, step.id));
        out.push(`replaces the file: deployments that mount it move to the new one${deployments.length > 0 ? ` (${names(deployments)})` : ""}`);
        break;
      }
      case "MemoryStore":
        out.push(
          destroyVerb(kind, step.oldInputs) === "archive"
            ? "replaces the memory store: the old one is archived (its memories stay readable), the new one holds only the declared memories"
            : "replaces the memory store: the old one is deleted with every memory in it",
        );
        break;
      case "Agent":
        out.push("replaces the agent: a new agent id at version 1; the old agent is archived");
        break;
      case "Environment":
        out.push("replaces the environment: new sessions run in the new one");
        break;
      case "VaultCredential":
        out.push("replaces the credential: the new one gets the declared secret");
        break;
      default:
        out.push(`replaces the ${kind === "Deployment" ? "deployment" : kind.toLowerCase()}`);
    }
    return out;
  }

  if (op === "update") {
    if (kind === "Agent") {
      const version = step.oldOutputs?.version;
      if (typeof version === "number") out.push(`agent goes to version ${version + 1}`);
    }
    if (kind === "Skill") {
      const version = step.oldOutputs?.latestVersion;
      if (typeof version === "number" && step.oldInputs?.contentHash !== step.newInputs?.contentHash)
        out.push(`uploads skill version ${version + 1}`);
    }
    if (kind === "Deployment") {
      const before = scheduleText(step.oldInputs);
      const after = scheduleText(step.newInputs);
      if (before !== undefined && after !== undefined && before !== after) out.push(`deployment schedule: ${before} → ${after}`);
      const next = step.newInputs?.upcomingRunsAt;
      if (before !== after && Array.isArray(next) && known(next[0]) && !isPaused(step.newInputs)) out.push(`next run: ${String(next[0])}`);
      if (!isPaused(step.oldInputs) && isPaused(step.newInputs)) out.push("paused: scheduled runs stop until it is unpaused");
      if (isPaused(step.oldInputs) && !isPaused(step.newInputs)) out.push("unpaused: scheduled runs resume");
    }
    return out;
  }

  if (op === "create" && kind === "Deployment") {
    const schedule = scheduleText(step.newInputs);
    if (schedule !== undefined) out.push(`deployment schedule: ${schedule}`);
    if (isPaused(step.newInputs)) out.push("created paused");
  }
  return out;
}
