// The MemoryStore resource: name, description and metadata update in place; archived out of band it is
// replaced (kind.ts); destroy archives it by default, since agents write their own data into a store
// (DESIGN.md "Resource kinds and their lifecycle"), and deletes it with `deletionPolicy: "delete"`.
import * as pulumi from "@pulumi/pulumi";
import * as wire from "../api/memory-store";
import { isConflict } from "../client/errors";
import type { MemoryStore as RemoteMemoryStore, MemoryStoreCreateParams } from "../client";
import { apiClient } from "./connection";
import memoryStoreEntry = require("./entry/memory-store");
import { defineLifecycle } from "./kind";
import { archiveOnce, metadataPatch, pick, schemaFailures, unlessNotFound, type Fields, type Props } from "./lifecycle";
import { adoptIdFailures, deletionPolicyFailures, type DeletionPolicy } from "./provider-inputs";
import { registerProps, TOKEN_PREFIX, type DeepInput } from "./resource";

export type MemoryStoreDeletionPolicy = DeletionPolicy;

export interface MemoryStoreArgs {
  /** 1–255 characters, no control characters; need not be unique. */
  name: pulumi.Input<string>;
  /** ≤1024 characters; sessions that attach the store see it in their system prompt. */
  description?: pulumi.Input<string>;
  metadata?: DeepInput<Record<string, string>>;
  /** `"archive"` (default: keeps what agents wrote) or `"delete"` (the store and every memory in it). */
  deletionPolicy?: pulumi.Input<MemoryStoreDeletionPolicy>;
  /** Take over this existing memory store instead of creating one (README, "Adoption"). */
  adoptId?: pulumi.Input<string>;
}

const API_FIELDS = ["name", "description", "metadata"] as const;

const fields: Fields = {
  name: {},
  // The API answers `""` (older servers `null`) for a store created without a description.
  description: { default: "" },
  metadata: { default: {} },
  deletionPolicy: { default: "archive", local: true },
};

export const memoryStoreLifecycle = defineLifecycle<RemoteMemoryStore>({
  label: "MemoryStore",
  fields,
  validate(inputs) {
    return [
      ...schemaFailures(wire.MemoryStoreCreateParams, pick(inputs, API_FIELDS)),
      ...deletionPolicyFailures(inputs.deletionPolicy, ["archive", "delete"]),
      ...adoptIdFailures(inputs.adoptId, "memstore_", "a memory store id"),
    ];
  },
  create(inputs, key) {
    const body = pick(inputs, API_FIELDS) as MemoryStoreCreateParams;
    return apiClient().memoryStores.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve(id) {
    return unlessNotFound(() => apiClient().memoryStores.retrieve(id));
  },
  async update(id, olds, news, key) {
    const body: Props = {
      name: news.name,
      description: news.description ?? "",
      metadata: metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>),
    };
    const client = apiClient();
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
    const client = apiClient();
    if (props.deletionPolicy === "delete") {
      await client.memoryStores.delete(id, { idempotencyKey: key("delete", { id }) });
      return;
    }
    await archiveOnce(
      () => client.memoryStores.archive(id, { idempotencyKey: key("archive", { id }) }),
      () => client.memoryStores.retrieve(id),
    );
  },
  toInputs: (remote) => pick(remote as unknown as Props, API_FIELDS),
  toOutputs: (remote) => ({ archivedAt: remote.archivedAt ?? null, createdAt: remote.createdAt, updatedAt: remote.updatedAt }),
  isRetired: (remote) => Boolean(remote.archivedAt),
});

function archivedOutsidePulumi(id: string, news: Props): Error {
  return new Error(
    `MemoryStore "${String(news.name)}" (${id}) was archived outside Pulumi and takes no writes any more. ` +
      "Run `pulumi refresh` to record it; the next `pulumi up` then replaces it with a new store.",
  );
}

/**
 * A Qoder memory store: documents sessions read and write. Destroying it archives it unless
 * `deletionPolicy: "delete"`, since agents keep their own memories in it.
 */
export class MemoryStore extends pulumi.dynamic.Resource {
  static readonly __pulumiType = `${TOKEN_PREFIX}MemoryStore`;

  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  declare readonly deletionPolicy: pulumi.Output<MemoryStoreDeletionPolicy | undefined>;
  declare readonly archivedAt: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: MemoryStoreArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["archivedAt", "createdAt", "updatedAt"];
    super(memoryStoreEntry, name, registerProps("MemoryStore", name, args, outputs), opts, "qoder", "MemoryStore");
  }
}
