// The account audit as functions (main.ts is the `qoder-audit` command): what an account holds that a stack
// does not manage, by kind, with ids and names; what the owner metadata says about each (created by this very
// stack but lost from its state, or by another stack); what the state holds that the account does not; and
// the hand-off of the unmanaged objects to qoder-adopt's `adoptAccount`. Reads the API (GET only) and the state.
import type { QoderClient } from "../client";
import { parseIdentity } from "../lifecycle/rules";
import { type AdoptResult, adoptAccount } from "../adopt";
import { type AccountObject, readInventory } from "./inventory";
import type { ManagedObject, StackState } from "./state";

export { type AccountObject, readInventory } from "./inventory";
export { type ManagedObject, parseStackExport, type StackState, StateError } from "./state";

/** Who created an unmanaged object, from its owner metadata. */
export interface Owner {
  /** The metadata value: `<stack identity>/<project>/<stack>/<type>/<name>`. */
  value: string;
  project?: string;
  stack?: string;
  type?: string;
  name?: string;
  /** The stack audited made it (its identity matches): an orphan its state lost, after a crash or `pulumi state delete`. */
  thisStack: boolean;
}

export interface UnmanagedObject extends Omit<AccountObject, "owner" | "uses"> {
  owner?: Owner;
  /** For a credential or a memory: whether the stack manages its vault or store. */
  parentManaged?: boolean;
  /** The objects it uses that the stack manages (a fleet file of the unmanaged ones cannot name them). */
  usesManaged?: string[];
  /** One line for people: archived, who created it, where it lives. */
  note: string;
}

export interface AuditReport {
  baseUrl: string;
  stack: { project?: string; stack?: string; identity?: string };
  /** The objects looked at: live ones, and archived ones too with `includeArchived`. */
  total: number;
  /** How many of those the stack manages. */
  managed: number;
  unmanaged: UnmanagedObject[];
  /** What the state holds that the account does not have (deleted outside Pulumi, or another account). */
  missing: ManagedObject[];
  includeArchived: boolean;
}

export interface AuditOptions {
  client: QoderClient;
  state: StackState;
  /** Also look at archived objects (left out by default). */
  includeArchived?: boolean;
}

export async function auditAccount(options: AuditOptions): Promise<AuditReport> {
  const { client, state } = options;
  const includeArchived = options.includeArchived ?? false;
  const inventory = await readInventory(client);
  const managedIds = new Set(state.managed.map((object) => object.id));
  const present = new Set(inventory.map((object) => object.id));
  const shown = inventory.filter((object) => includeArchived || !object.archived);
  const unmanaged = shown.filter((object) => !managedIds.has(object.id)).map((object) => describe(object, state, managedIds));
  return {
    baseUrl: client.baseUrl,
    stack: { project: state.project, stack: state.stack, identity: state.identity },
    total: shown.length,
    managed: shown.length - unmanaged.length,
    unmanaged,
    missing: state.managed.filter((object) => !present.has(object.id)),
    includeArchived,
  };
}

function describe(object: AccountObject, state: StackState, managedIds: ReadonlySet<string>): UnmanagedObject {
  const { owner: ownerValue, uses, ...rest } = object;
  const owner = ownerValue === undefined ? undefined : ownerOf(ownerValue, state);
  const parentManaged = object.parent ? managedIds.has(object.parent.id) : undefined;
  const usesManaged = (uses ?? []).filter((id) => managedIds.has(id));
  const notes = [
    ...(object.archived ? ["archived"] : []),
    ...(object.parent && parentManaged ? [`in ${object.parent.kind} ${object.parent.id}, which the stack manages`] : []),
    ...(owner?.thisStack ? [`created by this stack as ${owner.type} "${owner.name}", but not in its state`] : []),
    ...(owner && !owner.thisStack ? [`created by stack ${owner.project}/${owner.stack} as ${owner.type} "${owner.name}"`] : []),
  ];
  return {
    ...rest,
    ...(owner ? { owner } : {}),
    ...(parentManaged !== undefined ? { parentManaged } : {}),
    ...(usesManaged.length > 0 ? { usesManaged } : {}),
    note: notes.join("; "),
  };
}

function ownerOf(value: string, state: StackState): Owner {
  const parsed = parseIdentity(value);
  const thisStack = parsed?.stackId !== undefined && parsed.stackId === state.identity;
  return parsed ? { value, project: parsed.project, stack: parsed.stack, type: parsed.type, name: parsed.name, thisStack } : { value, thisStack };
}

/** `qoder-fleet/dev`, or a plain word for a state without resources. */
export function stackName(report: AuditReport): string {
  return report.stack.project && report.stack.stack ? `stack ${report.stack.project}/${report.stack.stack}` : "the stack";
}

/** The report as a table for people: one row per unmanaged object, then the summary. */
export function formatTable(report: AuditReport): string {
  const header = ["KIND", "ID", "NAME", "NOTE"];
  const rows = report.unmanaged.map((object) => [object.kind, object.id, object.name, object.note]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  const archived = report.includeArchived ? "" : " Archived objects are left out (--include-archived lists them).";
  const summary =
    report.unmanaged.length === 0
      ? `All ${report.total} objects of the account at ${report.baseUrl} are managed by ${stackName(report)}.${archived}`
      : `${report.unmanaged.length} of ${report.total} objects of the account at ${report.baseUrl} are not managed by ${stackName(report)}.${archived}`;
  return [...(rows.length > 0 ? [line(header), ...rows.map(line), ""] : []), summary, ""].join("\n");
}

/** The warning for what the state holds that the account does not, or undefined. */
export function missingWarning(report: AuditReport): string | undefined {
  if (report.missing.length === 0) return undefined;
  const listed = report.missing.map((object) => `${object.kind} ${object.id} ("${object.resource}")`).join(", ");
  const all = report.missing.length === report.managed + report.missing.length;
  return (
    `${report.missing.length} object${report.missing.length === 1 ? "" : "s"} in the state of ${stackName(report)} ` +
    `${report.missing.length === 1 ? "is" : "are"} not in the account at ${report.baseUrl}: ${listed}. ` +
    (all
      ? "None of the stack's objects is there: is this the stack's account? Check --base-url, --region, QODER_BASE_URL and the token."
      : "Deleted outside Pulumi? `pulumi refresh` drops them from the state.")
  );
}

export interface AdoptUnmanagedResult extends AdoptResult {
  /** The unmanaged objects the fleet file cannot hold, and why; and references it had to leave out. */
  notes: string[];
}

/**
 * Writes a qoder-adopt fleet file (`outDir`, new or empty) that adopts the report's unmanaged objects and
 * nothing else. A credential or memory whose vault or store the stack manages cannot be written without its
 * parent: it is named in `notes`, to adopt in the stack itself. References to objects the stack manages are
 * left out of the entries (qoder-adopt's warnings say so) and named in `notes` too.
 */
export async function adoptUnmanaged(options: { client: QoderClient; report: AuditReport; outDir: string }): Promise<AdoptUnmanagedResult> {
  const { report } = options;
  const notes: string[] = [];
  const only = new Set<string>();
  for (const object of report.unmanaged) {
    const who = `${object.kind} "${object.name}" (${object.id})`;
    if (object.parent && object.parentManaged) {
      const field = object.kind === "VaultCredential" ? "vaultId" : "memoryStoreId";
      notes.push(
        `${who} is left out: it lives in ${object.parent.kind} ${object.parent.id}, which the stack manages; declare it in that stack ` +
          `(a ${object.kind} with ${field}: <that resource's id> and adoptId: "${object.id}")`,
      );
      continue;
    }
    if (object.usesManaged) {
      notes.push(
        `${who} uses ${object.usesManaged.join(", ")}, which the stack manages: fleet.yaml cannot name ${object.usesManaged.length === 1 ? "it" : "them"} ` +
          "(qoder-adopt calls such a reference one the account does not list); adopt it in that stack instead, or add the references by hand",
      );
    }
    only.add(object.id);
  }
  const result = await adoptAccount({ client: options.client, outDir: options.outDir, includeArchived: report.includeArchived, only });
  return { ...result, notes };
}
