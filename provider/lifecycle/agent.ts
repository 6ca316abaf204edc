// The Agent lifecycle (provider/kinds/agent.ts): every field updates in place under optimistic concurrency
// on `version`; destroy archives, since the API has no delete.
import type { Agent as RemoteAgent, AgentCreateParams } from "../client";
import { ConflictError } from "../client/errors";
import { agentKind } from "../kinds/agent";
import { bodyFields } from "../kinds/descriptor";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { pick, unlessNotFound, updateBody, type Props } from "./rules";

const BODY = bodyFields(agentKind);

export const agentLifecycle = defineLifecycle<RemoteAgent>({
  kind: agentKind,
  async create(inputs, key) {
    const body = pick(inputs, BODY) as AgentCreateParams;
    return (await apiClient()).agents.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve(id) {
    return unlessNotFound(async () => (await apiClient()).agents.retrieve(id));
  },
  async update(id, olds, news, key) {
    const body: Props = { version: olds.version, ...updateBody(agentKind, olds, news) };
    try {
      return await (await apiClient()).agents.update(id, body as never, { idempotencyKey: key("update", body) });
    } catch (err) {
      if (err instanceof ConflictError) throw changedOutsidePulumi(id, news, olds);
      throw err;
    }
  },
  async remove(id, _props, key) {
    await (await apiClient()).agents.archive(id, { idempotencyKey: key("archive", { id }) });
  },
  isRetired: (remote) => Boolean(remote.archivedAt),
});

/** A 409 on update: someone changed the agent since our state was written (DESIGN.md, "Reliability rules"). */
function changedOutsidePulumi(id: string, news: Props, olds: Props): Error {
  return new Error(
    `Agent "${String(news.name)}" (${id}) was changed outside Pulumi: the API is past version ${String(olds.version)} ` +
      "recorded in state, and overwriting it would lose that change. Run `pulumi refresh` to record the current " +
      "agent, review the diff, then run `pulumi up` again.",
  );
}
