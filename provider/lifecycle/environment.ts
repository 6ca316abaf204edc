// The Environment lifecycle (provider/kinds/environment.ts): everything updates in place except
// `config.type`, which replaces; destroy deletes, or archives while sessions still use the environment.
import type { EnvironmentCreateParams, Environment as RemoteEnvironment } from "../client";
import { isConflict } from "../client/errors";
import { bodyFields } from "../kinds/descriptor";
import { configType, environmentKind } from "../kinds/environment";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { pick, unlessNotFound, updateBody } from "./rules";

const BODY = bodyFields(environmentKind);

export const environmentLifecycle = defineLifecycle<RemoteEnvironment>({
  kind: environmentKind,
  async create(inputs, key) {
    const body = pick(inputs, BODY) as EnvironmentCreateParams;
    return (await apiClient()).environments.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve(id) {
    return unlessNotFound(async () => (await apiClient()).environments.retrieve(id));
  },
  async update(id, olds, news, key) {
    const body = updateBody(environmentKind, olds, news);
    return (await apiClient()).environments.update(id, body as never, { idempotencyKey: key("update", body) });
  },
  async remove(id, props, key) {
    const client = await apiClient();
    if (props.deletionPolicy === "archive") {
      await client.environments.archive(id, { idempotencyKey: key("archive", { id }) });
      return;
    }
    try {
      await client.environments.delete(id, { idempotencyKey: key("delete", { id }) });
    } catch (err) {
      // Sessions still reference it: it cannot be deleted, but archiving stops new sessions (CONTRACT.md).
      if (!isConflict(err)) throw err;
      await client.environments.archive(id, { idempotencyKey: key("archive", { id }) });
    }
  },
  isRetired: (remote) => Boolean(remote.archivedAt),
  checkAdoptable: (remote, inputs) =>
    configType(remote.config) === configType(inputs.config) ? undefined : "its config.type differs, and config.type cannot change",
});
