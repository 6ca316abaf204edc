// A local file read for `POST /files` (api-skills-vaults-files.md §3.3): checked against the upload rules
// (inside the project unless the user opts out, a regular file, ≤50 MB, text-based), with the sha256 of exactly
// the bytes read and the media type its extension says. Local only; the File lifecycle and the fleet's
// validation share it, so a file the fleet accepts is one the upload accepts.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { FILE_LIMITS, isTextMediaType } from "../api/file";
import { projectDirectory } from "./skill-content";
import { isInside } from "./skill-files";

export interface LocalFile {
  content: Uint8Array;
  /** sha256 of the bytes, hex. */
  contentHash: string;
  sizeBytes: number;
  /** The file's own name: what the API stores unless a name is given. */
  filename: string;
  mediaType: string;
}

export interface LocalFileOptions {
  /** The Pulumi project directory; by default the one found from the working directory. */
  projectDir?: string;
  /** How messages name the project; by default `the project (<projectDir>)`. */
  projectLabel?: string;
  allowOutsideProject?: boolean;
  /** A declared media type, instead of the one the extension says. */
  mediaType?: string;
}

/** Media types by extension, for the text-based files the API takes; anything else needs `mediaType`. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".markdown": "text/markdown",
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".json": "application/json",
  ".xml": "application/xml",
  ".js": "application/javascript",
  ".mjs": "application/javascript",
  ".yaml": "application/x-yaml",
  ".yml": "application/x-yaml",
  ".toml": "application/x-toml",
  ".ts": "text/plain",
  ".py": "text/plain",
  ".sh": "text/plain",
  ".sql": "text/plain",
  ".log": "text/plain",
};

/** The media type a file name's extension says, or undefined when it is not a text type we know. */
export function mediaTypeOf(name: string): string | undefined {
  return MEDIA_TYPES[extname(name).toLowerCase()];
}

/** Where a file lies against the project, by its path alone: a path outside is refused before it is read. */
export function fileOutsideProjectProblem(path: string, options: LocalFileOptions = {}): string | undefined {
  if (options.allowOutsideProject) return undefined;
  const projectDir = resolve(options.projectDir ?? projectDirectory());
  if (isInside(resolve(path), projectDir)) return undefined;
  const label = options.projectLabel ?? `the project (${projectDir})`;
  return `${path} is outside ${label}; move the file into the project, or set allowOutsideProject: true to upload it from there`;
}

/** The file, checked for upload, or why it cannot be uploaded. Relative paths resolve against the working directory. */
export async function readLocalFile(path: string, options: LocalFileOptions = {}): Promise<LocalFile | { problem: string }> {
  const outside = fileOutsideProjectProblem(path, options);
  if (outside) return { problem: outside };
  const absolute = resolve(path);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return { problem: `${path} does not exist` };
  // A symbolic link is followed only while it stays in the project: a link to ~/.ssh must not upload it.
  if (!options.allowOutsideProject) {
    const real = await fs.realpath(absolute);
    const outsideReal = fileOutsideProjectProblem(real, {
      ...options,
      projectDir: await fs.realpath(resolve(options.projectDir ?? projectDirectory())),
    });
    if (outsideReal)
      return {
        problem: `${path} is a link to ${real}, which is outside ${options.projectLabel ?? "the project"}; set allowOutsideProject: true to upload it`,
      };
  }
  if (!stat.isFile()) return { problem: `${path} is not a file` };
  if (stat.size > FILE_LIMITS.maxBytes) return { problem: `${path} holds ${Math.ceil(stat.size / 1024 / 1024)} MB; a file may hold 50 MB` };
  const mediaType = options.mediaType ?? mediaTypeOf(absolute);
  if (mediaType === undefined) {
    return {
      problem: `${path}: the API takes text-based files only, and "${extname(absolute) || basename(absolute)}" is not a known text type; set mediaType if it is one`,
    };
  }
  if (!isTextMediaType(mediaType)) return { problem: `${path}: "${mediaType}" is not a text-based media type, which is all the API takes` };
  const content = new Uint8Array(await fs.readFile(absolute));
  const contentHash = createHash("sha256").update(content).digest("hex");
  return { content, contentHash, sizeBytes: content.length, filename: basename(absolute), mediaType };
}
