// The VaultCredential resource: secrets rotate in place, metadata patches in place; another vault, another
// `auth.type` or a change of an immutable auth field replaces it (credential-auth.ts); destroy deletes it, or
// archives it with `deletionPolicy: "archive"`. Secret inputs are Pulumi secrets in state and never read back.
import type { VaultCredentialCreateParams, VaultCredential as RemoteCredential } from "../client";
import { isConflict } from "../client/errors";
import { authNeedsReplace, remoteAuthAsInputs, rotationBody, serverUrlOf } from "../kinds/credential-auth";
import { bodyFields } from "../kinds/descriptor";
import { vaultCredentialKind } from "../kinds/vault-credential";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { archiveOnce, heldBy, metadataPatch, pick, sameValue, unlessNotFound, type Props } from "./rules";

/** `static_bearer`, `mcp_oauth` or `environment_variable` (CONTRACT.md "Vaults"), camelCase. */
export type CredentialAuth = VaultCredentialCreateParams["auth"];

const BODY = bodyFields(vaultCredentialKind);

const vaultOf = (props: Props): string => String(props.vaultId);

export const vaultCredentialLifecycle = defineLifecycle<RemoteCredential>({
  kind: vaultCredentialKind,
  async create(inputs, key) {
    const body = pick(inputs, BODY) as VaultCredentialCreateParams;
    // The vault is part of the request: the same credential created again in a replaced vault is a new one.
    const keyBody = { vaultId: vaultOf(inputs), ...body };
    return (await apiClient()).vaults.credentials.create(vaultOf(inputs), body, { idempotencyKey: key("create", keyBody) });
  },
  explainCreateFailure: async (inputs, err) => (isConflict(err) ? ((await serverTaken(inputs)) ?? err) : err),
  retrieve: (id, props) => unlessNotFound(async () => (await apiClient()).vaults.credentials.retrieve(vaultOf(props), id)),
  async update(id, olds, news, key) {
    const body: Props = { metadata: metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>) };
    // Only a changed auth is sent: rotation is a write the API records, metadata alone need not be one.
    if (!sameValue(vaultCredentialKind.fields.auth, olds.auth, news.auth)) body.auth = rotationBody(news.auth as Props);
    return (await apiClient()).vaults.credentials.update(vaultOf(olds), id, body as never, { idempotencyKey: key("update", body) });
  },
  async remove(id, props, key) {
    const credentials = (await apiClient()).vaults.credentials;
    if (props.deletionPolicy !== "archive") {
      await credentials.delete(vaultOf(props), id, { idempotencyKey: key("delete", { id }) });
      return;
    }
    await archiveOnce(
      () => credentials.archive(vaultOf(props), id, { idempotencyKey: key("archive", { id }) }),
      () => credentials.retrieve(vaultOf(props), id),
    );
  },
  toInputs: (remote, applied, adopting) => ({
    vaultId: remote.vaultId,
    auth: adopting ? remote.auth : remoteAuthAsInputs(remote.auth, applied.auth),
    metadata: remote.metadata,
  }),
  isRetired: (remote) => Boolean(remote.archivedAt),
  checkAdoptable(remote, inputs) {
    if (remote.vaultId !== inputs.vaultId) return "it belongs to another vault";
    return authNeedsReplace(remoteAuthAsInputs(remote.auth, inputs.auth), inputs.auth)
      ? "its auth.type or an immutable auth field differs from the declared auth"
      : undefined;
  },
  // Two live credentials of one vault may not serve the same MCP server, so such a replacement goes first.
  deleteBeforeReplace: (olds, news) =>
    olds.vaultId === news.vaultId && serverUrlOf(olds.auth) !== undefined && serverUrlOf(olds.auth) === serverUrlOf(news.auth),
});

/**
 * A create refused because a live credential of the vault already serves the same MCP server (an orphan of an
 * earlier run, or one made by hand): name it, who holds it, and the adoptId that takes it over.
 */
async function serverTaken(inputs: Props): Promise<Error | undefined> {
  const url = serverUrlOf(inputs.auth);
  if (url === undefined) return undefined;
  for await (const credential of (await apiClient()).vaults.credentials.list(vaultOf(inputs))) {
    if (credential.archivedAt || serverUrlOf(credential.auth) !== url) continue;
    return new Error(
      `VaultCredential: vault ${vaultOf(inputs)} already has a credential for this MCP server (${credential.id}); ` +
        `${heldBy(credential.metadata)}. Set adoptId: "${credential.id}" to manage it, or delete it first.`,
    );
  }
  return undefined;
}
