// Wire schemas of Vaults and their credentials (CONTRACT.md "Vaults"): the three `auth` variants with their
// write-only secrets, what an update may change, and the secret-free objects read back. No I/O.
import { z } from "zod";
import { ArchivableListParams, ListEnvelope, Metadata, MetadataPatch, MetadataRecord, Timestamp, codePointLength } from "./common";
import { isRecord } from "./records";

export const VAULT_LIMITS = { displayNameMax: 255 } as const;

/**
 * Write-only fields (CONTRACT.md "Vaults", **W**): stored by the server, never returned. The wire names of the
 * VaultCredential kind's SECRET_AUTH_PATHS (provider/kinds/credential-auth.ts), which the provider side derives
 * from; this copy serves the emulator, which builds on the wire schemas only. test/unit/secret-fields.test.ts
 * keeps the two equal.
 */
export const CREDENTIAL_SECRET_FIELDS = ["token", "access_token", "refresh_token", "client_secret", "secret_value"] as const;

/** `POST /vaults` body. There is no vault update: a changed name or metadata replaces the vault. */
export const VaultCreateParams = z.strictObject({
  display_name: z
    .string()
    .min(1)
    .refine((name) => codePointLength(name) <= VAULT_LIMITS.displayNameMax, {
      message: `display_name must be at most ${VAULT_LIMITS.displayNameMax} characters`,
    })
    .meta({ description: "Vault name, 1–255 characters." }),
  metadata: Metadata.optional(),
});
export type VaultCreateParams = z.infer<typeof VaultCreateParams>;

/** No vault update endpoint exists (CONTRACT.md "Vaults"); kept so every kind exports the same four names. */
export const VaultUpdateParams = z.strictObject({}).meta({ description: "Vaults cannot be updated; they are replaced." });
export type VaultUpdateParams = z.infer<typeof VaultUpdateParams>;

export const VaultListParams = ArchivableListParams;
export type VaultListParams = z.infer<typeof VaultListParams>;

const Secret = (what: string) =>
  z
    .string()
    .min(1)
    .meta({ description: `${what}. Write-only: never returned.` });
const McpServerUrl = z.url().meta({ description: "The MCP server this credential is for. Immutable." });

export const TokenEndpointAuth = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("none") }),
    z.strictObject({ type: z.literal("client_secret_basic"), client_secret: Secret("OAuth client secret") }),
    z.strictObject({ type: z.literal("client_secret_post"), client_secret: Secret("OAuth client secret") }),
  ])
  .meta({ description: "How the token endpoint authenticates the client." });
export type TokenEndpointAuth = z.infer<typeof TokenEndpointAuth>;

export const McpOauthRefresh = z
  .strictObject({
    client_id: z.string().min(1).meta({ description: "OAuth client id. Immutable." }),
    refresh_token: Secret("OAuth refresh token"),
    token_endpoint: z.url().meta({ description: "Token endpoint URL. Immutable." }),
    token_endpoint_auth: TokenEndpointAuth,
    resource: z.string().min(1).optional().meta({ description: "OAuth resource indicator." }),
    scope: z.string().min(1).optional().meta({ description: "Scopes requested on refresh." }),
  })
  .meta({ description: "Lets the server refresh the access token. Cannot be added after create." });

export const NetworkingPolicy = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("unrestricted") }),
    z.strictObject({
      type: z.literal("limited"),
      allowed_hosts: z.array(z.string().min(1)).meta({ description: "Hosts the secret may be sent to." }),
    }),
  ])
  .meta({ description: "Where the secret may be sent. Immutable." });
export type NetworkingPolicy = z.infer<typeof NetworkingPolicy>;

export const InjectionLocation = z
  .strictObject({
    header: z.boolean().optional().meta({ description: "Inject into request headers." }),
    body: z.boolean().optional().meta({ description: "Inject into request bodies." }),
  })
  .meta({ description: "Where the secret is injected." });

export const StaticBearerAuth = z.strictObject({
  type: z.literal("static_bearer"),
  mcp_server_url: McpServerUrl,
  token: Secret("Bearer token sent to the MCP server"),
});
export const McpOauthAuth = z.strictObject({
  type: z.literal("mcp_oauth"),
  mcp_server_url: McpServerUrl,
  access_token: Secret("OAuth access token"),
  expires_at: Timestamp.nullable().optional().meta({ description: "When the access token expires." }),
  refresh: McpOauthRefresh.optional(),
});
export const EnvironmentVariableAuth = z.strictObject({
  type: z.literal("environment_variable"),
  secret_name: z.string().min(1).meta({ description: "Environment variable name exposed to sessions. Immutable." }),
  secret_value: Secret("The variable's value"),
  networking: NetworkingPolicy,
  injection_location: InjectionLocation.optional(),
});

/** The `auth` of a new credential, a union on `type`. */
export const CredentialAuth = z
  .discriminatedUnion("type", [StaticBearerAuth, McpOauthAuth, EnvironmentVariableAuth])
  .meta({ description: "static_bearer, mcp_oauth or environment_variable; the type never changes." });
export type CredentialAuth = z.infer<typeof CredentialAuth>;
export type CredentialAuthType = CredentialAuth["type"];

/** `POST /vaults/{id}/credentials` body. `display_name` is accepted for compatibility, never stored. */
export const VaultCredentialCreateParams = z.strictObject({
  auth: CredentialAuth,
  display_name: z.string().nullable().optional().meta({ description: "Accepted and ignored; always read as null." }),
  metadata: Metadata.optional(),
});
export type VaultCredentialCreateParams = z.infer<typeof VaultCredentialCreateParams>;

/*
 * Update variants hold only the fields CONTRACT.md lists as updatable; every other auth field is immutable,
 * so a strict object turns it into a 400. `type` is required and must equal the stored type.
 */
export const StaticBearerAuthUpdate = z.strictObject({
  type: z.literal("static_bearer"),
  token: Secret("New bearer token").optional(),
});
export const McpOauthRefreshUpdate = z.strictObject({
  refresh_token: Secret("New refresh token").optional(),
  scope: z.string().min(1).nullable().optional().meta({ description: "New scope; null clears it." }),
  token_endpoint_auth: TokenEndpointAuth.optional(),
});
export const McpOauthAuthUpdate = z.strictObject({
  type: z.literal("mcp_oauth"),
  access_token: Secret("New access token").optional(),
  expires_at: Timestamp.nullable().optional().meta({ description: "New expiry; null clears it." }),
  refresh: McpOauthRefreshUpdate.optional().meta({ description: "Changes to the stored refresh block." }),
});
export const EnvironmentVariableAuthUpdate = z.strictObject({
  type: z.literal("environment_variable"),
  secret_value: Secret("New value").optional(),
});
export const CredentialAuthUpdate = z
  .discriminatedUnion("type", [StaticBearerAuthUpdate, McpOauthAuthUpdate, EnvironmentVariableAuthUpdate])
  .meta({ description: "Rotation: the stored type plus the fields to change." });
export type CredentialAuthUpdate = z.infer<typeof CredentialAuthUpdate>;

/** Auth fields that can never change, per type; `refresh.*` paths are inside the refresh block. */
export const IMMUTABLE_AUTH_FIELDS: Readonly<Record<CredentialAuthType, readonly string[]>> = {
  static_bearer: ["mcp_server_url"],
  mcp_oauth: ["mcp_server_url", "refresh.client_id", "refresh.token_endpoint", "refresh.resource"],
  environment_variable: ["secret_name", "networking", "injection_location"],
};

/** `POST /vaults/{id}/credentials/{cid}` body: rotation and a metadata patch (`metadata: null` resets it). */
export const VaultCredentialUpdateParams = z.strictObject({
  auth: CredentialAuthUpdate.optional(),
  display_name: z.string().nullable().optional().meta({ description: "Accepted and ignored." }),
  metadata: MetadataPatch.nullable().optional(),
});
export type VaultCredentialUpdateParams = z.infer<typeof VaultCredentialUpdateParams>;

export const VaultCredentialListParams = ArchivableListParams;
export type VaultCredentialListParams = z.infer<typeof VaultCredentialListParams>;

/** A vault as read back; `credentials` appears on the create answer only. Legacy `status` is kept. */
export const Vault = z.looseObject({
  id: z.string(),
  type: z.literal("vault").default("vault"),
  display_name: z.string(),
  metadata: MetadataRecord,
  credentials: z.array(z.unknown()).optional().meta({ description: "Create answer only; always []." }),
  archived_at: Timestamp.nullable().default(null),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Vault = z.output<typeof Vault>;

/** The secret-free view of `auth` the server returns. Loose: fields of future types pass through. */
export const CredentialAuthView = z.looseObject({
  type: z.string(),
  mcp_server_url: z.string().optional(),
  expires_at: Timestamp.nullable().optional(),
  refresh: z
    .looseObject({
      client_id: z.string(),
      token_endpoint: z.string(),
      token_endpoint_auth: z.looseObject({ type: z.string() }),
      resource: z.string().nullable().optional(),
      scope: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  secret_name: z.string().optional(),
  networking: z.looseObject({ type: z.string(), allowed_hosts: z.array(z.string()).optional() }).optional(),
  injection_location: z.looseObject({ header: z.boolean().optional(), body: z.boolean().optional() }).nullable().optional(),
});
export type CredentialAuthView = z.output<typeof CredentialAuthView>;

/**
 * Older generations (reference §2.6) returned flat credentials: `type: "static_bearer"`, `mcp_server_url`,
 * `protocol` and `status` beside the id. They are read as today's `auth` object.
 */
function normaliseLegacyCredential(input: unknown): unknown {
  if (!isRecord(input) || input.auth !== undefined) return input;
  const body = { ...input };
  if (typeof body.type === "string" && body.type !== "vault_credential") {
    body.auth = { type: body.type, mcp_server_url: body.mcp_server_url };
    body.type = "vault_credential";
  }
  return body;
}

/** A credential as read back: never a secret (CONTRACT.md "Vaults"). */
export const VaultCredential = z.preprocess(
  normaliseLegacyCredential,
  z.looseObject({
    id: z.string(),
    type: z.literal("vault_credential").default("vault_credential"),
    vault_id: z.string(),
    auth: CredentialAuthView,
    display_name: z.string().nullable().default(null).meta({ description: "Always null today." }),
    metadata: MetadataRecord,
    archived_at: Timestamp.nullable().default(null),
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
);
export type VaultCredential = z.output<typeof VaultCredential>;

export const VaultList = ListEnvelope(Vault);
export type VaultList = z.output<typeof VaultList>;
export const VaultCredentialList = ListEnvelope(VaultCredential);
export type VaultCredentialList = z.output<typeof VaultCredentialList>;
