// Wire schemas of Files (api-skills-vaults-files.md §3): the non-file fields of an upload, the File object,
// list params and the download answer. Pure zod; the multipart body is the client's.
import { z } from "zod";
import { ListEnvelope, ListParams, Metadata, MetadataRecord, Timestamp } from "./common";

export const FILE_LIMITS = {
  /** One file (§3.3). */
  maxBytes: 50 * 1024 * 1024,
  /** The name, after sanitising, in UTF-8 bytes. */
  nameMaxBytes: 255,
  /** The raw text of the metadata part. */
  metadataMaxBytes: 8 * 1024,
  expiresInMin: 3600,
  expiresInMax: 7_776_000,
} as const;

/** What the API accepts (§3.3: text-based content only). */
export const TEXT_MEDIA_TYPES: readonly string[] = [
  "application/json",
  "application/xml",
  "application/javascript",
  "application/x-yaml",
  "application/x-toml",
];

export function isTextMediaType(mediaType: string): boolean {
  const base = mediaType.split(";")[0]!.trim().toLowerCase();
  return base.startsWith("text/") || TEXT_MEDIA_TYPES.includes(base);
}

export const FileName = z
  .string()
  .min(1)
  .refine((name) => Buffer.byteLength(name, "utf8") <= FILE_LIMITS.nameMaxBytes, {
    message: `must be at most ${FILE_LIMITS.nameMaxBytes} bytes`,
  })
  .refine((name) => name !== "." && name !== "..", { message: 'must not be "." or ".."' })
  .meta({ description: "1–255 bytes; defaults to the uploaded file's name." });

/** The non-file parts of `POST /files` (multipart): the file goes in the `file` part. */
export const FileCreateParams = z.strictObject({
  name: FileName.optional(),
  metadata: Metadata.optional(),
  expires_in_seconds: z.number().int().min(FILE_LIMITS.expiresInMin).max(FILE_LIMITS.expiresInMax).optional(),
});
export type FileCreateParams = z.infer<typeof FileCreateParams>;

export const FileListParams = ListParams.extend({
  name: z.string().optional().meta({ description: "A case-insensitive prefix of the filename." }),
  scope_id: z.string().optional().meta({ description: "A session id: that session's files." }),
});
export type FileListParams = z.infer<typeof FileListParams>;

/** A file as read back (G3 shape; tolerant of the older purpose/status fields). */
export const FileObject = z.looseObject({
  id: z.string(),
  type: z.literal("file").default("file"),
  filename: z.string(),
  size_bytes: z.number().int(),
  mime_type: z.string(),
  downloadable: z.boolean().default(false),
  scope: z.looseObject({ id: z.string(), type: z.string() }).nullable().default(null),
  metadata: MetadataRecord,
  /** Set when the upload asked for an expiry (SDK-documented). */
  expires_at: Timestamp.optional(),
  created_at: Timestamp,
});
export type FileObject = z.output<typeof FileObject>;
export const FileList = ListEnvelope(FileObject);
export type FileList = z.output<typeof FileList>;

/** `GET /files/{id}/content`: a signed link (G3: 200 JSON; older servers 302 with the same body). */
export const FileDownload = z.looseObject({ url: z.string(), expires_at: Timestamp });
export type FileDownload = z.output<typeof FileDownload>;
