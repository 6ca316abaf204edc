// The Memory resource: a seed document of a memory store. Content and metadata update in place, guarded by
// the `contentSha256` precondition so a document an agent rewrote is never overwritten unseen; another store
// or path replaces it; destroy deletes it (CONTRACT.md "Memory stores").
import type { MemoryCreateParams, Memory as RemoteMemory } from "../client";
import { isConflict } from "../client/errors";
import { bodyFields } from "../kinds/descriptor";
import { memoryKind } from "../kinds/memory";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { heldBy, isUnknown, metadataPatch, pick, unlessNotFound, type CheckFailure, type Props } from "./rules";

const BODY = bodyFields(memoryKind);

const storeOf = (props: Props): string => String(props.memoryStoreId);

/** The path names the memory in state, messages and consoles: no control characters, no traversal in any encoding. */
function unsafePathFailures(path: unknown): CheckFailure[] {
  if (typeof path !== "string" || isUnknown(path)) return [];
  // The wire module (and zod) load with the first check that validates: one of unchanged inputs does not.
  const reason = (require("../api/memory-store") as typeof import("../api/memory-store")).unsafeMemoryPath(path);
  return reason ? [{ property: "path", reason }] : [];
}

export const memoryLifecycle = defineLifecycle<RemoteMemory>({
  kind: memoryKind,
  validate: (inputs) => unsafePathFailures(inputs.path),
  async create(inputs, key) {
    const body = pick(inputs, BODY) as MemoryCreateParams;
    // The store is part of the request: the same document created again in a replaced store is a new one.
    const keyBody = { memoryStoreId: storeOf(inputs), ...body };
    return (await apiClient()).memoryStores.memories.create(storeOf(inputs), body, { idempotencyKey: key("create", keyBody) });
  },
  explainCreateFailure: async (inputs, err) => (isConflict(err) ? pathTaken(inputs, err) : err),
  retrieve: (id, props) => unlessNotFound(async () => (await apiClient()).memoryStores.memories.retrieve(storeOf(props), id)),
  async update(id, olds, news, key) {
    const body: Props = {
      content: news.content,
      // The write lands only if the memory still holds what state recorded (CONTRACT.md precondition).
      contentSha256: olds.contentSha256,
      metadata: metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>),
    };
    try {
      return await (await apiClient()).memoryStores.memories.update(storeOf(olds), id, body as never, { idempotencyKey: key("update", body) });
    } catch (err) {
      if (isConflict(err)) throw await rewrittenOutsidePulumi(id, olds);
      throw err;
    }
  },
  async remove(id, props, key) {
    const client = await apiClient();
    try {
      await client.memoryStores.memories.delete(storeOf(props), id, { idempotencyKey: key("delete", { id }) });
    } catch (err) {
      // An archived store takes no writes: the memory stays with it, which is what archiving the store keeps.
      if (!isConflict(err) || !(await client.memoryStores.retrieve(storeOf(props))).archivedAt) throw err;
    }
  },
  checkAdoptable: (remote, inputs) => (remote.path === inputs.path ? undefined : "its path differs, and a memory's path is fixed"),
});

/** A create refused because the path is in use: name the memory holding it, so it can be adopted. */
async function pathTaken(inputs: Props, cause: unknown): Promise<Error> {
  const path = String(inputs.path);
  const client = await apiClient();
  const store = await client.memoryStores.retrieve(storeOf(inputs)).catch(() => undefined);
  if (store?.archivedAt) return archivedStore(inputs);
  for await (const memory of client.memoryStores.memories.list(storeOf(inputs), { pathPrefix: path })) {
    if (memory.path === path) {
      return new Error(
        `Memory "${path}": memory store ${storeOf(inputs)} already has a memory at this path (${memory.id}); ` +
          `${heldBy(memory.metadata)}. Set adoptId: "${memory.id}" to manage it, or choose another path.`,
      );
    }
  }
  return cause instanceof Error ? cause : new Error(String(cause));
}

/** A 409 on update: the store was archived, or the content no longer has the hash state recorded. */
async function rewrittenOutsidePulumi(id: string, olds: Props): Promise<Error> {
  const store = await (await apiClient()).memoryStores.retrieve(storeOf(olds)).catch(() => undefined);
  if (store?.archivedAt) return archivedStore(olds);
  return new Error(
    `Memory "${String(olds.path)}" (${id}) was rewritten outside Pulumi (an agent or the console changed its content), ` +
      "and overwriting it would lose that change. Run `pulumi refresh` to record the current content, review the " +
      'diff, then run `pulumi up` again (or set ignoreChanges: ["content"] to seed it once and leave it to agents).',
  );
}

function archivedStore(props: Props): Error {
  return new Error(
    `Memory "${String(props.path)}": memory store ${storeOf(props)} was archived outside Pulumi and takes no writes. ` +
      "Run `pulumi refresh`; the next `pulumi up` replaces the store and its memories.",
  );
}
