// Reads an uploaded skill package (CONTRACT.md "Skills" package rules) from its multipart `files` parts into
// checked files plus the SKILL.md frontmatter, and packs a version back into a zip. Depends on fflate, yaml,
// provider/api and emulator/errors; knows nothing of routes or state.
import { unzipSync, zipSync } from "fflate";
import { parse as parseYaml } from "yaml";
import { parseSkillManifest, SKILL_LIMITS, SKILL_MANIFEST, type SkillFrontmatter } from "../provider/api";
import { invalid } from "./errors";

/** A validated package: its manifest fields and every file by its path (which starts with `directory/`). */
export interface SkillPackage {
  name: string;
  description: string;
  directory: string;
  files: Record<string, Uint8Array>;
}

const LIMIT_MB = SKILL_LIMITS.packageMaxBytes / (1024 * 1024);

function tooLarge(what: string): never {
  throw invalid(`The skill package ${what} exceeds ${LIMIT_MB} MB.`, "files");
}

/**
 * The path of a file inside the package with `/` separators (older docs say both separators are accepted).
 * Absolute paths, `.`/`..` and empty segments could escape or alias the package root, so they are refused.
 */
function normalisePath(raw: string): string {
  const path = raw.replace(/\\/g, "/");
  const segments = path.split("/");
  if (path.startsWith("/") || segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    throw invalid(`Invalid file path in the skill package: '${raw}'.`, "files");
  }
  return path;
}

/**
 * Unpacks a zip. Entries are skipped once the declared unpacked total passes the limit, so an oversized
 * package (or a zip bomb) is refused without inflating it.
 */
function unpackZip(bytes: Uint8Array): Array<[string, Uint8Array]> {
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        return unpacked <= SKILL_LIMITS.packageMaxBytes;
      },
    });
  } catch {
    throw invalid("The uploaded .zip file could not be read.", "files");
  }
  if (unpacked > SKILL_LIMITS.packageMaxBytes) tooLarge("unpacked");
  // Directory entries carry no content; the folder structure lives in the file paths.
  return Object.entries(entries).filter(([name]) => !name.endsWith("/"));
}

/**
 * The package's files from the `files` parts: exactly one part named `*.zip` is a zip; otherwise every part
 * is one file whose filename is its path inside the skill (CONTRACT.md "Skills").
 */
async function collectFiles(parts: readonly File[]): Promise<Record<string, Uint8Array>> {
  const [only] = parts;
  if (only === undefined) throw invalid("Field 'files' is required.", "files");
  const uploaded = parts.reduce((sum, part) => sum + part.size, 0);
  if (uploaded > SKILL_LIMITS.packageMaxBytes) tooLarge(parts.length === 1 ? "zip" : "upload");
  const isZip = parts.length === 1 && only.name.toLowerCase().endsWith(".zip");
  const readPart = async (part: File): Promise<[string, Uint8Array]> => [part.name, new Uint8Array(await part.arrayBuffer())];
  const entries = isZip ? unpackZip(new Uint8Array(await only.arrayBuffer())) : await Promise.all(parts.map(readPart));
  const files: Record<string, Uint8Array> = {};
  let total = 0;
  for (const [raw, content] of entries) {
    const path = normalisePath(raw);
    if (files[path] !== undefined) throw invalid(`Duplicate file in the skill package: '${path}'.`, "files");
    files[path] = content;
    total += content.length;
  }
  if (total > SKILL_LIMITS.packageMaxBytes) tooLarge("unpacked");
  if (Object.keys(files).length === 0) throw invalid("The skill package is empty.", "files");
  return files;
}

/** The one top-level folder every path sits under; a file at the root or a second folder breaks the rule. */
function topLevelFolder(paths: readonly string[]): string {
  const tops = new Set(paths.map((path) => (path.includes("/") ? path.slice(0, path.indexOf("/")) : "")));
  const [top] = tops;
  if (tops.size !== 1 || top === undefined || top === "") {
    throw invalid("The skill package must contain exactly one top-level folder.", "files");
  }
  return top;
}

/** `name` and `description` from SKILL.md's YAML frontmatter (the block between the first two `---` lines). */
function readFrontmatter(manifest: Uint8Array): SkillFrontmatter {
  const read = parseSkillManifest(new TextDecoder().decode(manifest), parseYaml);
  if ("problem" in read) throw invalid(read.problem, "files");
  return read.frontmatter;
}

/** Validates the uploaded parts against every package rule and returns the package. */
export async function readSkillPackage(parts: readonly File[]): Promise<SkillPackage> {
  const files = await collectFiles(parts);
  const directory = topLevelFolder(Object.keys(files));
  const manifest = files[`${directory}/${SKILL_MANIFEST}`];
  if (manifest === undefined) {
    throw invalid(`The skill package must contain ${SKILL_MANIFEST} in its top-level folder '${directory}'.`, "files");
  }
  const { name, description } = readFrontmatter(manifest);
  if (directory !== name) {
    throw invalid(`The top-level folder '${directory}' must be named like the ${SKILL_MANIFEST} name '${name}'.`, "files");
  }
  return { name, description, directory, files };
}

/** A version's files as a zip whose root holds `<directory>/` (what the content download returns). */
export function packSkillZip(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  return zipSync({ ...files });
}
