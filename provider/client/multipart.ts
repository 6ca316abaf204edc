// Multipart uploads. Skills: a skill directory's files (read by skill-files.ts) as `files` parts (CONTRACT.md
// "Skills": filenames are paths inside the skill, under one top folder named like the SKILL.md `name`); the
// hash of that same content, which tells the provider whether a new version is needed, is in skill-files.ts.
// Files: one `file` part. Depends on node:fs/crypto, Node's own FormData and Response (the encoder), yaml
// and provider/api.
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { parseSkillManifest, SKILL_MANIFEST } from "../api/skill";
import { QoderError } from "./errors";
import { compareCodeUnits, readSkillDirectory, type SkillFile } from "./skill-files";

// The directory walk (ignore rules, symbolic links) lives in skill-files.ts; both upload and hash use it.
export { hashSkillDirectory, readSkillDirectory, SkillDirectoryError, type SkillDirectoryOptions, type SkillFile } from "./skill-files";
export { DEFAULT_SKILL_IGNORES, SKILL_IGNORE_FILE } from "./skill-ignore";

export interface SkillUploadParts {
  /** A directory holding SKILL.md at its root, or the files themselves. */
  files: string | readonly SkillFile[];
  /** Top folder of every part's filename; defaults to the SKILL.md frontmatter `name`, else the folder name. */
  topFolder?: string;
  displayTitle?: string;
  metadata?: Readonly<Record<string, string>>;
}

export interface MultipartBody {
  bytes: Uint8Array;
  contentType: string;
}

/** Builds the multipart body of `POST /skills` or `POST /skills/{id}/versions`. */
export async function buildSkillUpload(parts: SkillUploadParts): Promise<MultipartBody> {
  const files = typeof parts.files === "string" ? await readSkillDirectory(parts.files) : [...parts.files];
  files.sort((a, b) => compareCodeUnits(a.path, b.path));
  if (files.length === 0) throw new QoderError("A skill upload needs at least one file.");
  const top = parts.topFolder ?? skillName(files) ?? (typeof parts.files === "string" ? basename(parts.files) : undefined);
  const form = new FormData();
  for (const file of files) {
    const filename = top ? `${top}/${file.path}` : file.path;
    form.append("files", new Blob([file.content], { type: "application/octet-stream" }), filename);
  }
  if (parts.displayTitle !== undefined) form.append("display_title", parts.displayTitle);
  // The API takes metadata as JSON text in its own part (CONTRACT.md "Skills").
  if (parts.metadata !== undefined) form.append("metadata", JSON.stringify(parts.metadata));
  return encodeForm(form);
}

export interface FileUploadParts {
  /** The file's bytes. */
  content: Uint8Array;
  /** The filename the part carries; the API's `filename` unless `name` is given. */
  filename: string;
  /** The media type of the part (text-based types only, api-skills-vaults-files.md §3.3). */
  mediaType: string;
  name?: string;
  metadata?: Readonly<Record<string, string>>;
  expiresInSeconds?: number;
}

/** Builds the multipart body of `POST /files`: the `file` part and the optional fields. */
export async function buildFileUpload(parts: FileUploadParts): Promise<MultipartBody> {
  const form = new FormData();
  form.append("file", new Blob([parts.content], { type: parts.mediaType }), parts.filename);
  if (parts.name !== undefined) form.append("name", parts.name);
  if (parts.metadata !== undefined) form.append("metadata", JSON.stringify(parts.metadata));
  if (parts.expiresInSeconds !== undefined) form.append("expires_in_seconds", String(parts.expiresInSeconds));
  return encodeForm(form);
}

/** The YAML parser on first use: only a skill's SKILL.md needs one, and most stacks hold few skills. */
export function parseYaml(text: string): unknown {
  return (require("yaml") as typeof import("yaml")).parse(text);
}

/** Serialised once to bytes: the same body is then resent verbatim on every retry. */
async function encodeForm(form: FormData): Promise<MultipartBody> {
  const response = new Response(form);
  const encoded = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get("content-type") ?? "multipart/form-data";
  return withStableBoundary(encoded, contentType);
}

/**
 * The encoder picks a random boundary, so the same upload would be other bytes in another process, and the
 * API compares the bytes of requests that share an Idempotency-Key: a create re-run after a crash would be
 * refused (409) instead of replayed. The boundary becomes a digest of the body it delimits.
 */
function withStableBoundary(encoded: Uint8Array, contentType: string): MultipartBody {
  const random = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!random) return { bytes: encoded, contentType };
  const body = Buffer.from(encoded);
  const stable = `pulumi-qoder-${createHash("sha256").update(body.toString("latin1").split(random).join("")).digest("hex").slice(0, 40)}`;
  const chunks: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(random, from, "latin1"); at >= 0; at = body.indexOf(random, from, "latin1")) {
    chunks.push(body.subarray(from, at), Buffer.from(stable, "latin1"));
    from = at + random.length;
  }
  chunks.push(body.subarray(from));
  return { bytes: new Uint8Array(Buffer.concat(chunks)), contentType: contentType.replace(random, stable) };
}

/** The `name:` of SKILL.md's YAML frontmatter at the skill root, read as the API reads it (provider/api). */
export function skillName(files: readonly SkillFile[]): string | undefined {
  const manifest = files.find((file) => file.path === SKILL_MANIFEST);
  if (!manifest) return undefined;
  const read = parseSkillManifest(Buffer.from(manifest.content).toString("utf8"), parseYaml);
  return "frontmatter" in read ? read.frontmatter.name : undefined;
}
