// Client for Vaults and their credentials (CONTRACT.md "Vaults"). Secrets are write-only: they go out in
// request bodies (masked in logs and errors by redact.ts) and never come back. No vault update exists.
// Must not import provider/resources, provider/fleet or Pulumi.
import * as wire from "../api/vault";
import { encodePath, type RequestOptions } from "./http";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type Deleted, type ListOptions, type ReadOptions } from "./resource";

export type Vault = CamelCased<wire.Vault>;
export type VaultCreateParams = CamelCased<wire.VaultCreateParams>;
export type VaultCredential = CamelCased<wire.VaultCredential>;
export type VaultCredentialCreateParams = CamelCased<wire.VaultCredentialCreateParams>;
export type VaultCredentialUpdateParams = CamelCased<wire.VaultCredentialUpdateParams>;
export interface VaultListParams extends ListOptions {
  includeArchived?: boolean;
}

export class Vaults extends ApiResource {
  readonly credentials = new VaultCredentials(this.http);

  /** Issues POST /vaults (answers 200 with `credentials: []`). */
  async create(params: VaultCreateParams, options?: RequestOptions): Promise<Vault> {
    return this.send(wire.Vault, { method: "POST", path: "/vaults", body: this.json(params), options });
  }

  /** Issues GET /vaults/{id}. */
  async retrieve(id: string, options?: ReadOptions): Promise<Vault> {
    return this.send(wire.Vault, { method: "GET", path: encodePath`/vaults/${id}`, options });
  }

  /** Issues GET /vaults, newest first. */
  list(params?: VaultListParams, options?: ReadOptions): PageIterator<Vault> {
    return this.paginate(wire.VaultList, "/vaults", params, options);
  }

  /** Issues POST /vaults/{id}/archive. */
  async archive(id: string, options?: RequestOptions): Promise<Vault> {
    return this.send(wire.Vault, { method: "POST", path: encodePath`/vaults/${id}/archive`, options });
  }

  /** Issues DELETE /vaults/{id}; its credentials go with it. */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/vaults/${id}`, id, "vault_deleted", options);
  }
}

export class VaultCredentials extends ApiResource {
  /** Issues POST /vaults/{id}/credentials. */
  async create(vaultId: string, params: VaultCredentialCreateParams, options?: RequestOptions): Promise<VaultCredential> {
    const path = encodePath`/vaults/${vaultId}/credentials`;
    return this.send(wire.VaultCredential, { method: "POST", path, body: this.json(params), options });
  }

  /** Issues GET /vaults/{id}/credentials/{cid} (no secrets in the answer). */
  async retrieve(vaultId: string, credentialId: string, options?: ReadOptions): Promise<VaultCredential> {
    const path = encodePath`/vaults/${vaultId}/credentials/${credentialId}`;
    return this.send(wire.VaultCredential, { method: "GET", path, options });
  }

  /** Issues GET /vaults/{id}/credentials, newest first. */
  list(vaultId: string, params?: VaultListParams, options?: ReadOptions): PageIterator<VaultCredential> {
    return this.paginate(wire.VaultCredentialList, encodePath`/vaults/${vaultId}/credentials`, params, options);
  }

  /** Issues POST /vaults/{id}/credentials/{cid}: rotation; `auth.type` must match, immutable fields are a 400. */
  async update(vaultId: string, credentialId: string, params: VaultCredentialUpdateParams, options?: RequestOptions): Promise<VaultCredential> {
    const path = encodePath`/vaults/${vaultId}/credentials/${credentialId}`;
    return this.send(wire.VaultCredential, { method: "POST", path, body: this.json(params), options });
  }

  /** Issues POST /vaults/{id}/credentials/{cid}/archive; archiving twice is a 409. */
  async archive(vaultId: string, credentialId: string, options?: RequestOptions): Promise<VaultCredential> {
    const path = encodePath`/vaults/${vaultId}/credentials/${credentialId}/archive`;
    return this.send(wire.VaultCredential, { method: "POST", path, options });
  }

  /** Issues DELETE /vaults/{id}/credentials/{cid}. */
  async delete(vaultId: string, credentialId: string, options?: RequestOptions): Promise<Deleted> {
    const path = encodePath`/vaults/${vaultId}/credentials/${credentialId}`;
    return this.sendDelete(path, credentialId, "vault_credential_deleted", options);
  }
}
