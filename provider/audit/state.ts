// What a stack manages, from its state as `pulumi stack export` writes it: the id of every pulumi-qoder
// resource by kind (type tokens `pulumi-nodejs:dynamic/qoder:<Kind>`), the parent of the child kinds (a
// credential's vault, a memory's store), and the stack's own names and identity, which the owner metadata of
// the objects it creates names. Secrets in the export stay encrypted: nothing here reads them.
import { z } from "zod";
import { isRecord } from "../api/records";
import { KINDS } from "../kinds";
import { KIND_TYPES, type KindType, TOKEN_PREFIX } from "../kinds/tokens";

/** One pulumi-qoder object the state holds. */
export interface ManagedObject {
  kind: KindType;
  id: string;
  /** The Pulumi resource name (the last part of its URN). */
  resource: string;
  /** A credential's vault id, a memory's store id. */
  parentId?: string;
  /** A create the engine recorded as pending (a run that died): the object may exist. */
  pending?: boolean;
}

export interface StackState {
  /** From the resources' URNs (`urn:pulumi:<stack>::<project>::…`); undefined for a state with no resource. */
  project?: string;
  stack?: string;
  /** The id of the stack's `qoder:StackIdentity`: the first part of the owner metadata its creates carry. */
  identity?: string;
  managed: ManagedObject[];
}

const StateResource = z.looseObject({
  urn: z.string(),
  type: z.string(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
});
type StateResource = z.infer<typeof StateResource>;

const Deployment = z.looseObject({
  resources: z.array(StateResource).nullable().optional(),
  pending_operations: z
    .array(z.looseObject({ resource: StateResource, type: z.string() }))
    .nullable()
    .optional(),
});

const IDENTITY_TOKEN = `${TOKEN_PREFIX}StackIdentity`;

/** Thrown for text that is not a stack export. */
export class StateError extends Error {
  override name = "StateError";
}

/**
 * The state of `pulumi stack export` (`{ version, deployment: { resources } }`), or its `deployment` alone.
 * `source` names where it came from, for messages.
 */
export function parseStackExport(text: string, source: string): StackState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateError(`${source} is not JSON (${(err as Error).message}); give the output of \`pulumi stack export\``);
  }
  const deployment = isRecord(json) && isRecord(json.deployment) ? json.deployment : json;
  const parsed = Deployment.safeParse(deployment);
  if (!parsed.success || !isRecord(deployment) || !("resources" in deployment || "pending_operations" in deployment || "manifest" in deployment)) {
    throw new StateError(`${source} is not a stack export: expected the JSON of \`pulumi stack export\`, with deployment.resources`);
  }
  const resources = parsed.data.resources ?? [];
  const pending = (parsed.data.pending_operations ?? []).filter((operation) => operation.type === "creating").map((operation) => operation.resource);
  const names = resources.map((resource) => urnParts(resource.urn)).find((parts) => parts !== undefined);
  const identity = resources.find((resource) => resource.type === IDENTITY_TOKEN)?.id;
  const managed = [
    ...resources.flatMap((resource) => managedObject(resource, false)),
    ...pending.flatMap((resource) => managedObject(resource, true)),
  ];
  return { project: names?.project, stack: names?.stack, identity: identity || undefined, managed };
}

function managedObject(resource: StateResource, pending: boolean): ManagedObject[] {
  if (!resource.type.startsWith(TOKEN_PREFIX)) return [];
  const kind = resource.type.slice(TOKEN_PREFIX.length);
  if (!(KIND_TYPES as readonly string[]).includes(kind)) return [];
  // A pending create has no id yet unless the engine learned it; it can only be found by its owner metadata.
  if (!resource.id) return [];
  const parentField = KINDS[kind as KindType].parent?.field;
  const parentId = parentField ? (resource.outputs?.[parentField] ?? resource.inputs?.[parentField]) : undefined;
  return [
    {
      kind: kind as KindType,
      id: resource.id,
      resource: urnParts(resource.urn)?.name ?? resource.urn,
      ...(typeof parentId === "string" ? { parentId } : {}),
      ...(pending ? { pending: true } : {}),
    },
  ];
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`; the name may itself hold `::`. */
function urnParts(urn: string): { stack: string; project: string; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]?.startsWith("urn:pulumi:")) return undefined;
  return { stack: parts[0].slice("urn:pulumi:".length), project: parts[1]!, name: parts.slice(3).join("::") };
}
