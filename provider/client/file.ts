// Client for Files (api-skills-vaults-files.md §3): multipart upload, metadata, list, the download link and
// delete. Must not import provider/resources, provider/fleet or Pulumi.
import * as wire from "../api/file";
import { encodePath, type RequestOptions } from "./http";
import { buildFileUpload, type FileUploadParts } from "./multipart";
import type { PageIterator } from "./pagination";
import { ApiResource, type CamelCased, type Deleted, type ListOptions, type ReadOptions } from "./resource";

export type QoderFile = CamelCased<wire.FileObject>;
export type FileDownload = CamelCased<wire.FileDownload>;
export type FileCreateParams = FileUploadParts;
export interface FileListParams extends ListOptions {
  /** A case-insensitive prefix of the filename. */
  name?: string;
  /** A session id: that session's files. */
  scopeId?: string;
}

export class Files extends ApiResource {
  /** Issues POST /files (multipart). The API has no update: new content is a new file. */
  async create(params: FileCreateParams, options?: RequestOptions): Promise<QoderFile> {
    const upload = await buildFileUpload(params);
    const body = { kind: "raw" as const, bytes: upload.bytes, contentType: upload.contentType };
    return this.send(wire.FileObject, { method: "POST", path: "/files", body, options });
  }

  /** Issues GET /files/{id}: the file's metadata. */
  async retrieve(id: string, options?: ReadOptions): Promise<QoderFile> {
    return this.send(wire.FileObject, { method: "GET", path: encodePath`/files/${id}`, options });
  }

  /** Issues GET /files, newest first. */
  list(params?: FileListParams, options?: ReadOptions): PageIterator<QoderFile> {
    return this.paginate(wire.FileList, "/files", params, options);
  }

  /** Issues GET /files/{id}/content: a signed link, for downloadable files only (403 for user uploads). */
  async download(id: string, options?: ReadOptions): Promise<FileDownload> {
    return this.send(wire.FileDownload, { method: "GET", path: encodePath`/files/${id}/content`, options });
  }

  /** Issues DELETE /files/{id}; 409 (ConflictError) while active resources still reference it. */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    return this.sendDelete(encodePath`/files/${id}`, id, "file_deleted", options);
  }
}
