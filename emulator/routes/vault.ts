// Routes of Vaults and their credentials (CONTRACT.md "Vaults"): create/get/list/archive/delete vaults;
// create/get/list/rotate/archive/delete credentials, secrets kept write-only. Depends on provider/api and core.
import { Hono, type Context } from "hono";
import {
  ID_PREFIX,
  VaultCreateParams,
  VaultCredentialCreateParams,
  VaultCredentialUpdateParams,
  type Vault,
  type VaultCredential,
} from "../../provider/api";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { conflict, invalid, notFound } from "../errors";
import { paginate, parseListQuery, visible } from "../pagination";
import { applyMetadataPatch } from "../patch";
import type { EmulatorState } from "../state";
import { parseBody, readJson, validate } from "../validation";
import { checkRotation, rotateAuth, serverUrlOf, splitAuth, type Secrets } from "../vault-auth";

export const VAULTS = "vaults";
export const VAULT_CREDENTIALS = "vault_credentials";

/** Stored without `credentials`, which only the create answer carries. */
export type StoredVault = Vault;
export type StoredCredential = VaultCredential;

/**
 * Secrets live outside the collections, in memory only: the collections are what the admin API lists and the
 * state file holds, and a secret must never leave the emulator (CONTRACT.md "Vaults": write-only fields).
 */
const secretsByState = new WeakMap<EmulatorState, Map<string, Secrets>>();

function secretStore(state: EmulatorState): Map<string, Secrets> {
  let store = secretsByState.get(state);
  if (!store) {
    store = new Map();
    secretsByState.set(state, store);
  }
  return store;
}

/**
 * The secrets stored for a credential, for tests that prove a rotation reached the server. A credential that
 * is gone (deleted, or emptied by an admin reset, which only clears collections) has none.
 */
export function credentialSecrets(state: EmulatorState, credentialId: string): Readonly<Secrets> | undefined {
  if (!state.peek(VAULT_CREDENTIALS)?.has(credentialId)) return undefined;
  const found = secretStore(state).get(credentialId);
  return found ? { ...found } : undefined;
}

export function vaultRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const vaults = ctx.state.collection<StoredVault>(VAULTS);
  const credentials = ctx.state.collection<StoredCredential>(VAULT_CREDENTIALS);
  const secrets = secretStore(ctx.state);
  const app = new Hono<EmulatorEnv>();

  const findVault = (c: Context<EmulatorEnv>): StoredVault => {
    const id = c.req.param("vault_id") ?? "";
    const vault = vaults.get(id);
    if (!vault) throw notFound("Vault", id);
    return vault;
  };
  const credentialsOf = (vaultId: string): StoredCredential[] => credentials.values().filter((credential) => credential.vault_id === vaultId);
  const findCredential = (c: Context<EmulatorEnv>): { vault: StoredVault; credential: StoredCredential } => {
    const vault = findVault(c);
    const id = c.req.param("credential_id") ?? "";
    const credential = credentials.get(id);
    if (!credential || credential.vault_id !== vault.id) throw notFound("Credential", id);
    return { vault, credential };
  };
  const removeCredential = (id: string): void => {
    credentials.delete(id);
    secrets.delete(id);
  };
  // An archived vault is read-only (undocumented; the emulator treats it like an archived memory store).
  const requireActiveVault = (vault: StoredVault): void => {
    if (vault.archived_at) throw conflict(`Vault '${vault.id}' is archived.`);
  };

  // Out-of-band deletes (admin API) follow the API's cascade: a vault's credentials and secrets go with it.
  ctx.hooks.register(VAULTS, {
    remove: (id) => {
      if (!vaults.delete(id)) throw notFound("Vault", id);
      credentialsOf(id).forEach((credential) => removeCredential(credential.id));
    },
  });
  ctx.hooks.register(VAULT_CREDENTIALS, {
    remove: (id) => {
      if (!credentials.has(id)) throw notFound("Credential", id);
      removeCredential(id);
    },
  });

  app.post("/", async (c) => {
    const body = await parseBody(c, VaultCreateParams);
    const now = ctx.now();
    const vault: StoredVault = {
      id: ctx.newId(ID_PREFIX.vault),
      type: "vault",
      display_name: body.display_name,
      metadata: body.metadata ?? {},
      archived_at: null,
      created_at: now,
      updated_at: now,
    };
    vaults.set(vault);
    // `credentials: []` appears on the create answer only; the status is 200 (CONTRACT.md "Vaults").
    return c.json({ ...vault, credentials: [] }, 200);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    return c.json(paginate(visible(vaults.values(), query.include_archived), query));
  });

  app.get("/:vault_id", (c) => c.json(findVault(c)));

  // Repeating an archive is not an error (undocumented for vaults; agents and environments behave so).
  app.post("/:vault_id/archive", (c) => {
    const vault = findVault(c);
    if (vault.archived_at) return c.json(vault);
    const now = ctx.now();
    return c.json(vaults.set({ ...vault, archived_at: now, updated_at: now }));
  });

  app.delete("/:vault_id", (c) => {
    const vault = findVault(c);
    credentialsOf(vault.id).forEach((credential) => removeCredential(credential.id));
    vaults.delete(vault.id);
    return c.json({ id: vault.id, type: "vault_deleted" });
  });

  app.post("/:vault_id/credentials", async (c) => {
    const vault = findVault(c);
    requireActiveVault(vault);
    const body = await parseBody(c, VaultCredentialCreateParams);
    const { view, secrets: written } = splitAuth(body.auth);
    const url = serverUrlOf(view);
    // Uncertain upstream; CONTRACT.md "Vaults" picks 409 for a second active credential of one MCP server.
    const clash = credentialsOf(vault.id).find((other) => !other.archived_at && url !== undefined && serverUrlOf(other.auth) === url);
    if (clash) throw conflict(`Credential '${clash.id}' in this vault already serves ${url}.`, "auth.mcp_server_url");
    const now = ctx.now();
    const credential: StoredCredential = {
      id: ctx.newId(ID_PREFIX.vaultCredential),
      type: "vault_credential",
      vault_id: vault.id,
      auth: view,
      display_name: null,
      metadata: body.metadata ?? {},
      archived_at: null,
      created_at: now,
      updated_at: now,
    };
    credentials.set(credential);
    secrets.set(credential.id, written);
    return c.json(credential, 201);
  });

  app.get("/:vault_id/credentials", (c) => {
    const vault = findVault(c);
    const query = parseListQuery(c);
    return c.json(paginate(visible(credentialsOf(vault.id), query.include_archived), query));
  });

  app.get("/:vault_id/credentials/:credential_id", (c) => c.json(findCredential(c).credential));

  app.post("/:vault_id/credentials/:credential_id", async (c) => {
    const { vault, credential } = findCredential(c);
    const raw = await readJson(c);
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw invalid("Request body must be a JSON object.");
    // Only active credentials can be updated (reference §2.8).
    if (credential.archived_at) throw conflict(`Credential '${credential.id}' is archived.`);
    requireActiveVault(vault);
    const sentAuth = (raw as Record<string, unknown>).auth;
    if (sentAuth !== undefined) checkRotation(credential.auth, sentAuth);
    const body = validate(VaultCredentialUpdateParams, raw);
    let next: StoredCredential = { ...credential, updated_at: ctx.now() };
    if (body.auth) {
      const rotated = rotateAuth(credential.auth, secrets.get(credential.id) ?? {}, body.auth);
      next = { ...next, auth: rotated.view };
      secrets.set(credential.id, rotated.secrets);
    }
    // `metadata: null` resets the bag; otherwise it is the usual patch (reference §2.8).
    next.metadata = body.metadata === null ? {} : applyMetadataPatch(credential.metadata, body.metadata);
    return c.json(credentials.set(next));
  });

  app.post("/:vault_id/credentials/:credential_id/archive", (c) => {
    const { credential } = findCredential(c);
    if (credential.archived_at) throw conflict(`Credential '${credential.id}' is already archived.`);
    const now = ctx.now();
    return c.json(credentials.set({ ...credential, archived_at: now, updated_at: now }));
  });

  app.delete("/:vault_id/credentials/:credential_id", (c) => {
    const { credential } = findCredential(c);
    removeCredential(credential.id);
    return c.json({ id: credential.id, type: "vault_credential_deleted" });
  });

  return app;
}
