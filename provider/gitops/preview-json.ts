// Reads what `pulumi preview --json` prints into one shape. Two forms exist (pkg/backend/display/json.go):
// - the digest, one JSON document (the default): `steps` (op, urn, oldState, newState with inputs and
//   outputs, replaceReasons, diffReasons, detailedDiff), `diagnostics`, `changeSummary`. Secrets are the
//   string "[secret]". Policy events are left out of it ("we don't handle policy events in JSON
//   serialization"), so a blocked preview shows only "error: preview failed".
// - engine events, one JSON object a line, with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true: resourcePreEvent
//   (metadata: op, urn, type, old, new, keys, diffs, detailedDiff, logical), diagnosticEvent, policyEvent,
//   summaryEvent. Secrets keep Pulumi's signature object with a blinded ciphertext. This form carries the
//   policy violations.
// Depends on nothing.

export type Json = Record<string, unknown>;

export interface PreviewStep {
  /** Pulumi's step op: create, update, replace, delete, … (create-replacement and delete-replaced fold into replace). */
  op: string;
  urn: string;
  type: string;
  /** The resource's logical name (the last part of the URN). */
  name: string;
  /** The id of the object the step changes or removes. */
  id?: string;
  oldInputs?: Json;
  oldOutputs?: Json;
  newInputs?: Json;
  /** Properties that force the replacement, as the engine reports them. */
  replaceReasons: string[];
}

export interface PolicyViolation {
  pack: string;
  packVersion?: string;
  policy: string;
  /** mandatory, advisory, remediate or disabled. */
  level: string;
  urn?: string;
  message: string;
}

export interface Diagnostic {
  severity: string;
  message: string;
  urn?: string;
}

export interface Preview {
  format: "digest" | "events";
  steps: PreviewStep[];
  /** Warnings and errors (debug and info messages left out). */
  diagnostics: Diagnostic[];
  /** The violations reported, or undefined when this form of the JSON cannot carry them (the digest). */
  policies?: PolicyViolation[];
  /** Names of the policy packs that ran (events form only). */
  policyPacks: string[];
  /** Pulumi's own count per op (create, update, replace, delete, same). */
  changeSummary: Record<string, number>;
  /** The operation did not complete: an error diagnostic, or a summary that says failed. */
  failed: boolean;
  /** False for the events of an operation that changed the stack (`pulumi up --json`). */
  isPreview: boolean;
}

const REPLACEMENT_PARTS = new Set(["create-replacement", "delete-replaced", "discard-replaced", "read-replacement", "import-replacement"]);

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function nameOf(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at < 0 ? urn : urn.slice(at + 2);
}

/** The type token of a URN: `urn:pulumi:stack::project::[parent$]type::name`. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** The stack and project a URN names. */
export function stackOfUrn(urn: string): { stack: string; project: string } | undefined {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match ? { stack: match[1]!, project: match[2]! } : undefined;
}

function step(op: unknown, urn: unknown, type: unknown, old: unknown, next: unknown, replaceReasons: unknown): PreviewStep | undefined {
  if (typeof op !== "string" || typeof urn !== "string") return undefined;
  const before = isRecord(old) ? old : undefined;
  const after = isRecord(next) ? next : undefined;
  return {
    op,
    urn,
    type: text(type) ?? text(before?.type) ?? text(after?.type) ?? typeOfUrn(urn),
    name: nameOf(urn),
    id: text(before?.id) ?? text(after?.id),
    oldInputs: isRecord(before?.inputs) ? before.inputs : undefined,
    oldOutputs: isRecord(before?.outputs) ? before.outputs : undefined,
    newInputs: isRecord(after?.inputs) ? after.inputs : undefined,
    replaceReasons: Array.isArray(replaceReasons) ? replaceReasons.map(String) : [],
  };
}

/** One entry per resource: the parts of a replacement fold into its `replace` step, or become one. */
function foldReplacements(steps: PreviewStep[]): PreviewStep[] {
  const replaced = new Set(steps.filter((s) => s.op === "replace").map((s) => s.urn));
  const out: PreviewStep[] = [];
  const seen = new Map<string, PreviewStep>();
  for (const s of steps) {
    if (!REPLACEMENT_PARTS.has(s.op)) {
      out.push(s);
      continue;
    }
    if (replaced.has(s.urn)) continue;
    const folded = seen.get(s.urn);
    if (folded) {
      folded.oldInputs ??= s.oldInputs;
      folded.oldOutputs ??= s.oldOutputs;
      folded.newInputs ??= s.newInputs;
      folded.id ??= s.id;
      continue;
    }
    const replace = { ...s, op: "replace" };
    seen.set(s.urn, replace);
    out.push(replace);
  }
  return out;
}

function diagnostic(severity: unknown, message: unknown, urn: unknown): Diagnostic | undefined {
  if (severity !== "warning" && severity !== "error") return undefined;
  const body = typeof message === "string" ? message.replace(/^(?:error|warning): /, "").trim() : "";
  return body === "" ? undefined : { severity, message: body, urn: text(urn) };
}

function counts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRecord(value)) for (const [op, n] of Object.entries(value)) if (typeof n === "number") out[op] = n;
  return out;
}

function fromDigest(digest: Json): Preview {
  const steps = (Array.isArray(digest.steps) ? digest.steps : [])
    .filter(isRecord)
    .map((s) => step(s.op, s.urn, isRecord(s.newState) ? s.newState.type : undefined, s.oldState, s.newState, s.replaceReasons))
    .filter((s): s is PreviewStep => s !== undefined);
  const diagnostics = (Array.isArray(digest.diagnostics) ? digest.diagnostics : [])
    .filter(isRecord)
    .map((d) => diagnostic(d.severity, d.message, d.urn))
    .filter((d): d is Diagnostic => d !== undefined);
  return {
    format: "digest",
    steps: foldReplacements(steps),
    diagnostics,
    policies: undefined,
    policyPacks: [],
    changeSummary: counts(digest.changeSummary),
    failed: diagnostics.some((d) => d.severity === "error"),
    isPreview: true,
  };
}

function fromEvents(events: Json[]): Preview {
  const steps: PreviewStep[] = [];
  const diagnostics: Diagnostic[] = [];
  const policies: PolicyViolation[] = [];
  let policyPacks: string[] = [];
  let changeSummary: Record<string, number> = {};
  let failed = false;
  let isPreview = true;
  for (const event of events) {
    const pre = isRecord(event.resourcePreEvent) ? event.resourcePreEvent.metadata : undefined;
    if (isRecord(pre)) {
      const s = step(pre.op, pre.urn, pre.type, pre.old, pre.new, pre.keys);
      if (s) steps.push(s);
    }
    const diag = event.diagnosticEvent;
    if (isRecord(diag)) {
      const d = diagnostic(diag.severity, `${typeof diag.prefix === "string" ? diag.prefix : ""}${String(diag.message ?? "")}`, diag.urn);
      if (d) diagnostics.push(d);
    }
    const policy = event.policyEvent;
    if (isRecord(policy)) {
      policies.push({
        pack: String(policy.policyPackName ?? ""),
        packVersion: text(policy.policyPackVersion),
        policy: String(policy.policyName ?? ""),
        level: String(policy.enforcementLevel ?? "advisory"),
        urn: text(policy.resourceUrn),
        message: String(policy.message ?? "").trim(),
      });
    }
    const summary = event.summaryEvent;
    if (isRecord(summary)) {
      changeSummary = counts(summary.resourceChanges);
      if (summary.result === "failed") failed = true;
      if (summary.isPreview === false) isPreview = false;
      const packs = summary.PolicyPacks ?? summary.policyPacks;
      if (isRecord(packs)) policyPacks = Object.keys(packs).map((key) => key.split("|")[0]!);
    }
  }
  return {
    format: "events",
    steps: foldReplacements(steps),
    diagnostics,
    policies,
    policyPacks,
    changeSummary,
    failed: failed || diagnostics.some((d) => d.severity === "error"),
    isPreview,
  };
}

/** Thrown for input that is neither form of `pulumi preview --json`. */
export class PreviewJsonError extends Error {}

/** Parses the digest (one document) or the engine events (one object a line, or an array of them). */
export function parsePreview(input: string): Preview {
  const trimmed = input.trim();
  if (trimmed === "") throw new PreviewJsonError("the input is empty: expected the output of `pulumi preview --json`");
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (Array.isArray(whole)) return fromEvents(whole.filter(isRecord));
  if (isRecord(whole)) return isEvent(whole) ? fromEvents([whole]) : fromDigest(whole);
  const events: Json[] = [];
  for (const [index, line] of trimmed.split("\n").entries()) {
    if (line.trim() === "") continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new PreviewJsonError(`line ${index + 1} is not JSON: expected the output of \`pulumi preview --json\``);
    }
    if (!isRecord(event) || !isEvent(event)) throw new PreviewJsonError(`line ${index + 1} is not a Pulumi engine event`);
    events.push(event);
  }
  return fromEvents(events);
}

function isEvent(value: Json): boolean {
  return typeof value.sequence === "number" || Object.keys(value).some((key) => key.endsWith("Event"));
}
