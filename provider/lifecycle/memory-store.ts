// The MemoryStore resource: name, description and metadata update in place; archived out of band it is
// replaced (kind.ts); destroy archives it by default, since agents write their own data into a store
// (DESIGN.md "Resource kinds and their lifecycle"), and deletes it with `deletionPolicy: "delete"`.
import type { MemoryStoreCreateParams, MemoryStore as RemoteMemoryStore } from "../client";
import { isConflict } from "../client/errors";
import { bodyFields } from "../kinds/descriptor";
import { memoryStoreKind } from "../kinds/memory-store";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { archiveOnce, pick, unlessNotFound, updateBody, type Props } from "./rules";

const BODY = bodyFields(memoryStoreKind);

export const memoryStoreLifecycle = defineLifecycle<RemoteMemoryStore>({
  kind: memoryStoreKind,
  async create(inputs, key) {
    const body = pick(inputs, BODY) as MemoryStoreCreateParams;
    return (await apiClient()).memoryStores.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve(id) {
    return unlessNotFound(async () => (await apiClient()).memoryStores.retrieve(id));
  },
  async update(id, olds, news, key) {
    const body = updateBody(memoryStoreKind, olds, news);
    const client = await apiClient();
    try {
      return await client.memoryStores.update(id, body as never, { idempotencyKey: key("update", body) });
    } catch (err) {
      // An archived store takes no writes (CONTRACT.md "Memory stores"), and state does not know it was
      // archived until a refresh records `archivedAt`, after which diff replaces the store (kind.ts).
      if (isConflict(err) && (await client.memoryStores.retrieve(id)).archivedAt) throw archivedOutsidePulumi(id, news);
      throw err;
    }
  },
  async remove(id, props, key) {
    const client = await apiClient();
    if (props.deletionPolicy === "delete") {
      await client.memoryStores.delete(id, { idempotencyKey: key("delete", { id }) });
      return;
    }
    await archiveOnce(
      () => client.memoryStores.archive(id, { idempotencyKey: key("archive", { id }) }),
      () => client.memoryStores.retrieve(id),
    );
  },
  isRetired: (remote) => Boolean(remote.archivedAt),
});

function archivedOutsidePulumi(id: string, news: Props): Error {
  return new Error(
    `MemoryStore "${String(news.name)}" (${id}) was archived outside Pulumi and takes no writes any more. ` +
      "Run `pulumi refresh` to record it; the next `pulumi up` then replaces it with a new store.",
  );
}
