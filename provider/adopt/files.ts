// Files of the account as fleet entries. The API gives back only the files it marks downloadable (a user's
// upload answers 403 at GET /files/{id}/content), so only those can be written out and adopted as `files:`
// entries: a `files:` entry uploads a local file, and the fleet refuses one whose path is missing. Any other
// file stays the account's, mounted by id (`{ fileId }`), with a note on how to bring it under the fleet.
import { FILE_LIMITS, isTextMediaType } from "../api/file";
import type { QoderFile, QoderClient } from "../client";
import { mediaTypeOf } from "../client/local-file";
import type { FleetFile } from "../fleet/schema";

export interface AccountFile {
  file: QoderFile;
  /** The file's bytes, when the API gives them back. */
  content?: Uint8Array;
  /** Why the bytes could not be read, for a file the API marks downloadable. */
  unreadable?: string;
}

/** How long one download may take: a file holds at most 50 MB. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * The bytes of a downloadable file: the signed link GET /files/{id}/content answers, fetched without the
 * token. A failed download leaves the file to be mounted by id, with the reason, rather than stopping the run.
 */
export async function readFileContent(client: QoderClient, file: QoderFile): Promise<Omit<AccountFile, "file">> {
  if (!file.downloadable) return {};
  try {
    const link = await client.files.download(file.id);
    const response = await fetch(link.url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) return { unreadable: `its download link answered HTTP ${response.status}` };
    const content = new Uint8Array(await response.arrayBuffer());
    // Adoption compares sizes (the File resource's checkAdoptable): other bytes would be refused there.
    if (content.length !== file.sizeBytes) return { unreadable: `its download held ${content.length} bytes, not the ${file.sizeBytes} it lists` };
    return { content };
  } catch (err) {
    return { unreadable: `its download failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Characters a file name may not hold on some system the fleet is checked out on, and controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it replaces
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;

/** Hands out names in one local directory, unique even where the file system ignores case. */
export class LocalNames {
  private readonly taken = new Set<string>();

  /** The API's filename, made safe as one path segment, with `-2`, `-3`, … before the extension when taken. */
  allocate(filename: string): string {
    const safe = filename.replace(UNSAFE, "-").replace(/[. ]+$/, "");
    const base = safe === "" || safe === "." || safe === ".." ? "file" : safe;
    const dot = base.lastIndexOf(".");
    const [stem, extension] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ""];
    let name = base;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${stem}-${n}${extension}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/**
 * Why the File resource would refuse to upload these bytes again (client/local-file.ts: text-based, ≤50 MB),
 * so the file is mounted by id instead of a `files:` entry the fleet would refuse (and, with it, every
 * deployment naming it).
 */
export function uploadProblem(file: QoderFile): string | undefined {
  if (!isTextMediaType(file.mimeType)) return `its media type ${file.mimeType} is not one the API takes in an upload`;
  if (file.sizeBytes > FILE_LIMITS.maxBytes) return `it holds ${file.sizeBytes} bytes, more than an upload may`;
  return undefined;
}

/** `text/markdown; charset=utf-8` → `text/markdown`. */
const baseType = (mediaType: string): string => mediaType.split(";")[0]!.trim().toLowerCase();

/**
 * The entry of a file written to `path` (relative to fleet.yaml; its last segment is `localName`). `name` is
 * written only when the local name is not the API's filename, which the File resource reads as its default;
 * `mediaType` only when the extension does not say the type the API stores.
 */
export function fileEntry(file: QoderFile, path: string, localName: string): FleetFile {
  const stored = baseType(file.mimeType);
  return {
    path,
    ...(localName !== file.filename ? { name: file.filename } : {}),
    ...(mediaTypeOf(localName) !== stored ? { mediaType: stored } : {}),
    ...(Object.keys(file.metadata).length > 0 ? { metadata: file.metadata } : {}),
    adoptId: file.id,
  };
}

/** Why a file gets no `files:` entry, and how to give it one. */
export function unmanagedFileNote(account: AccountFile): string {
  const { file } = account;
  const why = account.unreadable ?? "the API does not give it back (only files a session made are downloadable)";
  return (
    `file "${file.filename}" (${file.id}) has no files: entry, since its content cannot be written out: ${why}. ` +
    "Deployments mount it by { fileId }. To manage it, put its content at a path beside fleet.yaml, add a files: entry " +
    `with that path and adoptId: ${file.id} (adoption checks that the sizes match: ${file.sizeBytes} bytes), and name it { file: <key> } instead`
  );
}
