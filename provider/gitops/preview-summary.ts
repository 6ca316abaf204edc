// The Markdown of a `pulumi preview --json` for a pull request (the `qoder-preview-summary` command): the
// counts, a table of what each kind creates, updates, replaces and destroys, the consequences in plain words,
// each resource's changed properties before and after (long text as a collapsible line diff), the policy
// violations when the JSON carries them, and the errors. No secret is printed: Pulumi's own secrets, values
// under token-like keys and token-shaped strings all show as `[secret]`.
import { KIND_TYPES, type KindType } from "../kinds/tokens";
import { consequences, destroyVerb, kindOf } from "./consequences";
import { lineDiff } from "./line-diff";
import { type Diagnostic, type PolicyViolation, type Preview, type PreviewStep, parsePreview, stackOfUrn } from "./preview-json";
import { type Change, changes, isLongText, type Leaf, properties, secretPaths } from "./properties";
import { maskTokens, SECRET } from "./secrets";

export { parsePreview, PreviewJsonError } from "./preview-json";

export interface SummaryOptions {
  /** The heading; by default names the project and stack of the preview. */
  title?: string;
  /** Longest Markdown to produce, in characters (a GitHub comment holds 65,536). Default 60,000. */
  maxLength?: number;
  /**
   * The JSON is a drift check (`pulumi preview --refresh --expect-no-changes`): "before" is what the account
   * holds now, "after" what is declared, and each change is worded as what `pulumi up` would put back.
   */
  drift?: boolean;
}

const OTHER = "other";
const COLUMNS = [
  { title: "Create", ops: ["create"] },
  { title: "Update", ops: ["update"] },
  { title: "Replace", ops: ["replace"] },
  { title: "Destroy", ops: ["delete"] },
] as const;
const SHOWN_OPS = new Set(["create", "update", "replace", "delete", "import"]);
const OP_ICON: Record<string, string> = { create: "🟢", update: "🟡", replace: "🟠", delete: "🔴", import: "🔵" };
/** Derived inputs that restate another one: the schedule's next runs (its description is a consequence). */
const DERIVED: Partial<Record<KindType, ReadonlySet<string>>> = {
  Deployment: new Set(["upcomingRunsAt", "scheduleDescription"]),
};
const INLINE_LIMIT = 80;

interface Item {
  step: PreviewStep;
  kind: KindType | undefined;
  /** "Agent" … or "other". */
  group: string;
}

/** Steps a reviewer reads: the stack itself, default providers and our stack identity are plumbing. */
function shown(step: PreviewStep): boolean {
  if (!SHOWN_OPS.has(step.op)) return false;
  if (step.type === "pulumi:pulumi:Stack") return false;
  if (step.type.startsWith("pulumi:providers:") && step.name.startsWith("default")) return false;
  return !step.type.endsWith("dynamic/qoder:StackIdentity");
}

function items(preview: Preview): Item[] {
  return preview.steps.filter(shown).map((step) => {
    const kind = kindOf(step.type, KIND_TYPES);
    return { step, kind, group: kind ?? OTHER };
  });
}

function groups(list: Item[]): [string, Item[]][] {
  const order = [...KIND_TYPES, OTHER] as string[];
  return order.map((group): [string, Item[]] => [group, list.filter((item) => item.group === group)]).filter(([, members]) => members.length > 0);
}

// ---- Markdown helpers ------------------------------------------------------------------------------------

/** Text for a Markdown paragraph or table cell: tokens masked, HTML and table syntax escaped. */
function plain(text: string): string {
  return maskTokens(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A code span that survives a table cell. */
function code(text: string): string {
  const masked = maskTokens(text).replace(/\r?\n/g, "⏎").replace(/\|/g, "\\|");
  const fence = masked.includes("`") ? "``" : "`";
  const pad = masked.startsWith("`") || masked.endsWith("`") ? " " : "";
  return `${fence}${pad}${masked}${pad}${fence}`;
}

/** A fenced block whose fence no line of `body` can close. */
function fenced(language: string, body: string[]): string[] {
  let fence = "```";
  while (body.some((line) => line.startsWith(fence))) fence += "`";
  return [`${fence}${language}`, ...body, fence];
}

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function lineCount(text: string): number {
  return text === "" ? 0 : text.replace(/\n$/, "").split("\n").length;
}

function value(leaf: Leaf): string {
  switch (leaf.kind) {
    case "secret":
      return code(SECRET);
    case "unknown":
      return "_known after apply_";
    case "absent":
      return "_none_";
    case "value": {
      if (typeof leaf.value === "string") {
        if (isLongText(leaf)) return `${lineCount(leaf.value)} line${lineCount(leaf.value) === 1 ? "" : "s"}, ${leaf.value.length} characters`;
        return code(leaf.value);
      }
      const text = JSON.stringify(leaf.value) ?? String(leaf.value);
      return code(text.length > INLINE_LIMIT ? `${text.slice(0, INLINE_LIMIT - 1)}…` : text);
    }
  }
}

function resource(item: Item): string {
  return `${item.kind ?? `${item.step.type}`} ${code(item.step.name)}`;
}

// ---- sections --------------------------------------------------------------------------------------------

function countsLine(list: Item[], preview: Preview): string {
  const count = (op: string) => list.filter((item) => item.step.op === op).length;
  const words = preview.isPreview
    ? ["to create", "to update", "to replace", "to destroy", "to import"]
    : ["created", "updated", "replaced", "destroyed", "imported"];
  const parts = [
    [count("create"), words[0]],
    [count("update"), words[1]],
    [count("replace"), words[2]],
    [count("delete"), words[3]],
    [count("import"), words[4]],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, words]) => `${n} ${words}`);
  const same = preview.changeSummary.same;
  const unchanged = typeof same === "number" && same > 0 ? ` · ${same} unchanged` : "";
  return parts.length === 0 ? `**No changes.**${unchanged}` : `**${parts.join(" · ")}**${unchanged}`;
}

function kindTable(list: Item[]): string[] {
  const rows = groups(list).map(([group, members]) => {
    const cells = COLUMNS.map(({ ops }) =>
      members
        .filter((item) => (ops as readonly string[]).includes(item.step.op))
        .map((item) => {
          const note = item.step.op === "delete" ? ` (${destroyVerb(item.kind, item.step.oldInputs)})` : "";
          return `${code(item.step.name)}${note}`;
        })
        .join(", "),
    );
    return `| ${group} | ${cells.join(" | ")} |`;
  });
  return [`| Kind | ${COLUMNS.map((c) => c.title).join(" | ")} |`, `| --- |${COLUMNS.map(() => " --- |").join("")}`, ...rows];
}

/** Destructive first: what a reviewer must not miss. */
const OP_RANK: Record<string, number> = { delete: 0, replace: 1, update: 2, import: 3, create: 4 };

/** What a step of a drift check says about the account. */
const DRIFT: Record<string, string> = {
  create: "deleted outside Pulumi: `pulumi up` creates it again",
  update: "changed outside Pulumi: `pulumi up` puts the declared values back",
  replace: "changed outside Pulumi (archived, or a field that cannot change in place): `pulumi up` replaces it",
  delete: "in the stack's state but no longer declared: `pulumi up` removes it",
};

function consequenceList(list: Item[], all: PreviewStep[], drift: boolean): string[] {
  const ordered = [...list].sort((a, b) => (OP_RANK[a.step.op] ?? 9) - (OP_RANK[b.step.op] ?? 9));
  return ordered.flatMap((item) => {
    const sentences = [...(drift && DRIFT[item.step.op] ? [DRIFT[item.step.op]!] : []), ...consequences(item.step, item.kind, all)];
    const who = item.kind ? `${item.kind} ${code(item.step.name)}` : `${code(item.step.name)} (${code(item.step.type)})`;
    return sentences.map((sentence) => `- ${OP_ICON[item.step.op] ?? "•"} **${who}**: ${sentence}`);
  });
}

/** The property rows and long-text diffs of one resource. */
function propertyDetails(item: Item, details: boolean, drift: boolean): string[] {
  const { step, kind } = item;
  const skip = (kind && DERIVED[kind]) ?? new Set<string>();
  const out: string[] = [];
  if (step.op === "delete") {
    if (step.id) out.push(`Id: ${code(step.id)}`);
    return out;
  }
  const rows: Change[] =
    step.op === "create" || step.op === "import" ? properties(step.newInputs, skip) : changes(step.oldInputs, step.newInputs, skip);
  const forces = (path: string) =>
    step.replaceReasons.some((reason) => path === reason || path.startsWith(`${reason}.`) || path.startsWith(`${reason}[`));
  if (rows.length === 0 && (step.op === "update" || step.op === "replace")) {
    const hiddenSecrets = secretPaths(step.newInputs, skip);
    if (hiddenSecrets.length > 0) {
      out.push(`No visible property changes: what changes is a secret (${hiddenSecrets.map(code).join(", ")}), and its value is never shown.`);
    } else if (step.replaceReasons.length > 0) {
      out.push(`Replaced because of ${step.replaceReasons.map(code).join(", ")}.`);
    }
    return out;
  }
  if (rows.length === 0) return out;
  const isCreate = step.op === "create" || step.op === "import";
  const header = drift ? "| Property | In the account | Declared |" : "| Property | Before | After |";
  out.push(isCreate ? "| Property | Value |" : header, isCreate ? "| --- | --- |" : "| --- | --- | --- |");
  const longTexts: Change[] = [];
  for (const row of rows) {
    const name = `${code(row.path)}${forces(row.path) ? " (forces replacement)" : ""}`;
    if (isLongText(row.before) || isLongText(row.after)) longTexts.push(row);
    out.push(isCreate ? `| ${name} | ${value(row.after)} |` : `| ${name} | ${value(row.before)} | ${value(row.after)} |`);
  }
  if (details) {
    for (const row of longTexts) out.push("", ...longTextDetails(row, isCreate));
  }
  return out;
}

function longTextDetails(row: Change, isCreate: boolean): string[] {
  const before = row.before.kind === "value" && typeof row.before.value === "string" ? row.before.value : undefined;
  const after = row.after.kind === "value" && typeof row.after.value === "string" ? row.after.value : undefined;
  if (isCreate || before === undefined) {
    if (after === undefined) return [];
    return [`<details><summary>${html(row.path)}</summary>`, "", ...fenced("text", maskTokens(after).split("\n")), "", "</details>"];
  }
  if (after === undefined) {
    return [
      `<details><summary>${html(row.path)}: the text before</summary>`,
      "",
      ...fenced("text", maskTokens(before).split("\n")),
      "",
      "</details>",
    ];
  }
  const diff = lineDiff(maskTokens(before), maskTokens(after));
  const summary = `${html(row.path)}: +${diff.added} −${diff.removed} line${diff.added + diff.removed === 1 ? "" : "s"}`;
  return [`<details><summary>${summary}</summary>`, "", ...fenced("diff", diff.lines), "", "</details>"];
}

function resourceSections(list: Item[], details: boolean, drift: boolean): string[] {
  const out: string[] = [];
  for (const [group, members] of groups(list)) {
    out.push(`### ${group}`, "");
    for (const item of members) {
      const verb = item.step.op === "delete" ? destroyVerb(item.kind, item.step.oldInputs) : item.step.op;
      const title = item.kind ? code(item.step.name) : `${code(item.step.name)} (${code(item.step.type)})`;
      out.push(`#### ${OP_ICON[item.step.op] ?? "•"} ${verb} ${title}`, "");
      const props = propertyDetails(item, details, drift);
      if (props.length > 0) out.push(...props, "");
    }
  }
  return out;
}

function resourceOf(urn: string | undefined, list: Item[]): string {
  if (!urn) return "the stack";
  const item = list.find((candidate) => candidate.step.urn === urn);
  if (item) return resource(item);
  const name = urn.slice(urn.lastIndexOf("::") + 2);
  const type = urn.split("::")[2] ?? "";
  const kind = kindOf(type.slice(type.lastIndexOf("$") + 1), KIND_TYPES);
  return `${kind ?? type} ${code(name)}`;
}

function policySection(preview: Preview, list: Item[]): string[] {
  if (preview.policies === undefined) {
    if (!preview.failed) return [];
    return [
      "### Policies",
      "",
      "The digest form of `pulumi preview --json` leaves policy violations out. If a policy pack ran, see the job log, or run the preview " +
        "with `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true` so that they are listed here.",
      "",
    ];
  }
  const violations = [...preview.policies].sort((a, b) => levelRank(a) - levelRank(b));
  const packs = [...new Set([...preview.policyPacks, ...violations.map((v) => v.pack)])].filter((pack) => pack !== "");
  if (violations.length === 0) return packs.length > 0 ? ["### Policies", "", `✅ No violations (${packs.map(code).join(", ")}).`, ""] : [];
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  const advisory = violations.length - mandatory;
  const counts = [mandatory > 0 ? `❌ ${mandatory} mandatory` : "", advisory > 0 ? `⚠️ ${advisory} advisory` : ""].filter(Boolean).join(" · ");
  return [
    "### Policy violations",
    "",
    `${counts}${packs.length > 0 ? ` (${packs.map(code).join(", ")})` : ""}`,
    "",
    "| Level | Policy | Resource | Finding |",
    "| --- | --- | --- | --- |",
    ...violations.map((v) => `| ${v.level} | ${code(v.policy)} | ${resourceOf(v.urn, list)} | ${plain(finding(v))} |`),
    "",
  ];
}

function levelRank(violation: PolicyViolation): number {
  return violation.level === "mandatory" ? 0 : 1;
}

/** A policy message is the rule's description, then the finding: the finding is what differs per row. */
function finding(violation: PolicyViolation): string {
  const lines = violation.message.split("\n").filter((line) => line.trim() !== "");
  return lines.length > 1 ? lines.slice(1).join(" ") : (lines[0] ?? "");
}

function diagnosticSection(preview: Preview, list: Item[]): string[] {
  const errors = preview.diagnostics.filter((d) => d.severity === "error");
  const warnings = preview.diagnostics.filter((d) => d.severity === "warning");
  if (errors.length === 0 && warnings.length === 0) return [];
  const line = (d: Diagnostic) => {
    const message = maskTokens(d.message);
    const where = d.urn ? `${resourceOf(d.urn, list)}: ` : "";
    return message.includes("\n") ? [`- ${where}`, "", ...fenced("text", message.split("\n")).map((l) => `  ${l}`)] : [`- ${where}${plain(message)}`];
  };
  return [
    "### Errors and warnings",
    "",
    ...errors.flatMap((d) => line({ ...d, message: `error: ${d.message}` })),
    ...warnings.flatMap((d) => line({ ...d, message: `warning: ${d.message}` })),
    "",
  ];
}

function title(preview: Preview, options: SummaryOptions): string {
  if (options.title) return `## ${plain(options.title)}`;
  const where = preview.steps.map((step) => stackOfUrn(step.urn)).find((found) => found !== undefined);
  return where ? `## Pulumi preview: ${code(where.project)} stack ${code(where.stack)}` : "## Pulumi preview";
}

function render(preview: Preview, options: SummaryOptions, details: boolean): string {
  const list = items(preview);
  const out: string[] = [title(preview, options), ""];
  if (preview.failed) {
    const what = preview.isPreview
      ? "The preview failed: nothing below is applied until it passes."
      : "The update failed: some of the changes below may be applied and others not. See the errors, then run it again.";
    out.push("> [!CAUTION]", `> ${what}`, "");
  }
  out.push(countsLine(list, preview), "");
  if (list.length > 0) out.push(...kindTable(list), "");
  const drift = options.drift === true;
  const notes = consequenceList(list, preview.steps, drift);
  if (notes.length > 0) out.push("### What it means", "", ...notes, "");
  out.push(...policySection(preview, list));
  out.push(...diagnosticSection(preview, list));
  if (list.length > 0)
    out.push("<details open><summary>Changes by resource</summary>", "", ...resourceSections(list, details, drift), "</details>", "");
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/** The Markdown summary of a parsed preview. */
export function summarizePreview(preview: Preview, options: SummaryOptions = {}): string {
  const limit = options.maxLength ?? 60_000;
  const full = render(preview, options, true);
  if (full.length <= limit) return full;
  const compact = render(preview, options, false);
  const note = "\n_Long texts are left out of this summary to keep it within the size of a comment; see the job log for the full preview._\n";
  if (compact.length + note.length <= limit) return `${compact}${note}`;
  const cut = compact.slice(0, limit - note.length - 20);
  return `${cut.slice(0, cut.lastIndexOf("\n"))}\n\n…${note}`;
}

/** The Markdown summary of the text `pulumi preview --json` printed (either of its two forms). */
export function renderPreviewSummary(json: string, options: SummaryOptions = {}): string {
  return summarizePreview(parsePreview(json), options);
}
