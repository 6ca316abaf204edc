// The File kind (api-skills-vaults-files.md §3): a local file uploaded for deployments and sessions to mount.
// Check reads it into a content hash; the API has no update, so new content, a new name or new metadata
// replaces the file; destroy deletes it.
import type { z } from "zod";
import type { CamelCased } from "../api/casing";
import type { FileCreateParams } from "../api/file";
import { defineKind } from "./descriptor";

export type FileView = {
  /**
   * The file to upload. A relative path starts at the program's working directory (the Pulumi project
   * directory); it must lie inside the project unless `allowOutsideProject` is set.
   */
  path: string;
  /** Lets `path` lie outside the Pulumi project (off by default). */
  allowOutsideProject?: boolean;
  /** The media type (text-based only); by default guessed from the file's extension. */
  mediaType?: string;
} & Omit<CamelCased<z.input<typeof FileCreateParams>>, "expiresInSeconds">;

export interface FileOutputs {
  contentHash: string;
  filename: string;
  sizeBytes: number;
  mimeType: string;
  createdAt: string;
}

export const fileKind = defineKind<FileView, FileOutputs>({
  type: "File",
  idPrefix: "file_",
  idNoun: "a file id",
  fields: {
    // Where the bytes are read from steers the provider only: the content hash is what the API holds.
    path: { local: true },
    allowOutsideProject: { local: true, default: false },
    contentHash: { derived: true, replace: true },
    name: { replace: true },
    // Compared with what was declared: the API may store it with parameters (`; charset=utf-8`).
    mediaType: { replace: true, notReadBack: true },
    metadata: { default: {}, replace: true },
  },
  outputs: {
    contentHash: "sha256 of the file's bytes, read by check; new content replaces the file.",
    filename: "The name the API stores (the `name` input, else the file's own name).",
    sizeBytes: "The file's size in bytes.",
    mimeType: "The media type the API stores.",
    createdAt: "When the file was uploaded.",
  },
});
