// The VaultCredential resource: secrets rotate in place, metadata patches in place; another vault, another
// `auth.type` or a change of an immutable auth field replaces it (credential-auth.ts); destroy deletes it, or
// archives it with `deletionPolicy: "archive"`. Secret inputs are Pulumi secrets in state and never read back.
import * as pulumi from "@pulumi/pulumi";
import * as wire from "../api/vault";
import type { VaultCredential as RemoteCredential, VaultCredentialCreateParams } from "../client";
import { apiClient } from "./connection";
import { authNeedsReplace, normalizeAuth, remoteAuthAsInputs, rotationBody, SECRET_AUTH_PATHS, serverUrlOf } from "./credential-auth";
import vaultCredentialEntry = require("./entry/vault-credential");
import { defineLifecycle } from "./kind";
import { isConflict } from "../client/errors";
import { archiveOnce, heldBy, metadataPatch, pick, sameValue, schemaFailures, unlessNotFound, type Fields, type Props } from "./lifecycle";
import { adoptIdFailures, deletionPolicyFailures, parentIdFailures, type DeletionPolicy } from "./provider-inputs";
import { registerProps, TOKEN_PREFIX, type DeepInput } from "./resource";

export type VaultCredentialDeletionPolicy = DeletionPolicy;
/** `static_bearer`, `mcp_oauth` or `environment_variable` (CONTRACT.md "Vaults"), camelCase. */
export type CredentialAuth = VaultCredentialCreateParams["auth"];

export interface VaultCredentialArgs {
  /** The vault that holds it (`vault.id`); another vault replaces the credential. */
  vaultId: pulumi.Input<string>;
  /**
   * `static_bearer`, `mcp_oauth` or `environment_variable`. The write-only fields (`token`, `accessToken`,
   * `secretValue`, `refresh.refreshToken`, `refresh.tokenEndpointAuth.clientSecret`) become Pulumi secrets.
   */
  auth: DeepInput<CredentialAuth>;
  metadata?: DeepInput<Record<string, string>>;
  /** `"delete"` (default) or `"archive"`. */
  deletionPolicy?: pulumi.Input<VaultCredentialDeletionPolicy>;
  /** Take over this existing credential of `vaultId` instead of creating one (README, "Adoption"). */
  adoptId?: pulumi.Input<string>;
}

const API_FIELDS = ["auth", "metadata"] as const;

const fields: Fields = {
  vaultId: { replace: true },
  auth: { normalize: normalizeAuth, replace: authNeedsReplace },
  metadata: { default: {} },
  deletionPolicy: { default: "delete", local: true },
};

const vaultOf = (props: Props): string => String(props.vaultId);

export const vaultCredentialLifecycle = defineLifecycle<RemoteCredential>({
  label: "VaultCredential",
  fields,
  validate: (inputs) => [
    ...schemaFailures(wire.VaultCredentialCreateParams, pick(inputs, API_FIELDS)),
    ...parentIdFailures("vaultId", inputs.vaultId, "vault_", "Vault", "a vault id"),
    ...deletionPolicyFailures(inputs.deletionPolicy, ["delete", "archive"]),
    ...adoptIdFailures(inputs.adoptId, "vcred_", "a vault credential id"),
  ],
  create(inputs, key) {
    const body = pick(inputs, API_FIELDS) as VaultCredentialCreateParams;
    // The vault is part of the request: the same credential created again in a replaced vault is a new one.
    const keyBody = { vaultId: vaultOf(inputs), ...body };
    return apiClient().vaults.credentials.create(vaultOf(inputs), body, { idempotencyKey: key("create", keyBody) });
  },
  explainCreateFailure: async (inputs, err) => (isConflict(err) ? ((await serverTaken(inputs)) ?? err) : err),
  retrieve: (id, props) => unlessNotFound(() => apiClient().vaults.credentials.retrieve(vaultOf(props), id)),
  update(id, olds, news, key) {
    const body: Props = { metadata: metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>) };
    // Only a changed auth is sent: rotation is a write the API records, metadata alone need not be one.
    if (!sameValue(fields.auth!, olds.auth, news.auth)) body.auth = rotationBody(news.auth as Props);
    return apiClient().vaults.credentials.update(vaultOf(olds), id, body as never, { idempotencyKey: key("update", body) });
  },
  async remove(id, props, key) {
    const credentials = apiClient().vaults.credentials;
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
  toOutputs: (remote) => ({ archivedAt: remote.archivedAt ?? null, createdAt: remote.createdAt, updatedAt: remote.updatedAt }),
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
  for await (const credential of apiClient().vaults.credentials.list(vaultOf(inputs))) {
    if (credential.archivedAt || serverUrlOf(credential.auth) !== url) continue;
    return new Error(
      `VaultCredential: vault ${vaultOf(inputs)} already has a credential for this MCP server (${credential.id}); ` +
        `${heldBy(credential.metadata)}. Set adoptId: "${credential.id}" to manage it, or delete it first.`,
    );
  }
  return undefined;
}

/** Marks each write-only field of a declared auth as a Pulumi secret, so state holds it encrypted. */
function secretAuth(auth: VaultCredentialArgs["auth"]): VaultCredentialArgs["auth"] {
  // An auth that is itself an Output (or promise) can only be made secret as a whole.
  if (pulumi.Output.isInstance(auth) || auth === null || typeof auth !== "object" || auth instanceof Promise) {
    return pulumi.secret(auth) as VaultCredentialArgs["auth"];
  }
  let marked: Record<string, unknown> = auth as Record<string, unknown>;
  for (const path of SECRET_AUTH_PATHS) marked = markSecret(marked, path);
  return marked as VaultCredentialArgs["auth"];
}

function markSecret(value: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path as [string, ...string[]];
  const inner = value[head];
  if (inner === undefined) return value;
  if (rest.length === 0) return { ...value, [head]: pulumi.secret(inner) };
  if (pulumi.Output.isInstance(inner) || inner === null || typeof inner !== "object" || inner instanceof Promise) {
    return { ...value, [head]: pulumi.secret(inner) };
  }
  return { ...value, [head]: markSecret(inner as Record<string, unknown>, rest) };
}

/** A credential in a vault: a bearer token or OAuth grant for an MCP server, or an environment variable. */
export class VaultCredential extends pulumi.dynamic.Resource {
  static readonly __pulumiType = `${TOKEN_PREFIX}VaultCredential`;

  declare readonly vaultId: pulumi.Output<string>;
  /** Secret fields stay secret here. */
  declare readonly auth: pulumi.Output<CredentialAuth>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  declare readonly deletionPolicy: pulumi.Output<VaultCredentialDeletionPolicy | undefined>;
  declare readonly archivedAt: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: VaultCredentialArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["archivedAt", "createdAt", "updatedAt"];
    const props = registerProps("VaultCredential", name, { ...args, auth: secretAuth(args.auth) }, outputs);
    super(vaultCredentialEntry, name, props, opts, "qoder", "VaultCredential");
  }
}
