// The files of a skill directory, as one list that both the upload and the content hash (also here) use:
// regular files in byte order of their paths, without what the ignore rules leave out (skill-ignore.ts),
// following symbolic links only where they stay inside the skill directory (or another directory the caller
// allows, such as the Pulumi project). A link that leads elsewhere is an error rather than a silent skip
// (docs/skills.md).
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, realpath, readlink, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { QoderError } from "./errors";
import { isIgnored, SKILL_IGNORE_FILE, skillIgnoreRules, type IgnoreRule } from "./skill-ignore";

/** One file of a skill, `path` relative to the skill root with `/` separators. */
export interface SkillFile {
  path: string;
  content: Uint8Array;
}

export interface SkillDirectoryOptions {
  /**
   * A directory symbolic links may also point into (the provider passes the Pulumi project), besides the
   * skill directory itself; `label` is how messages name it.
   */
  linksWithin?: { directory: string; label: string };
}

/** A skill directory that cannot be read as one: a link leading outside, a dangling link, a loop. */
export class SkillDirectoryError extends QoderError {
  override name = "SkillDirectoryError";
  constructor(
    message: string,
    /** The offending path, relative to the skill root. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** True when `path` is `directory` or lies below it (both absolute and resolved). */
export function isInside(path: string, directory: string): boolean {
  const rel = relative(directory, path);
  // Across Windows drives `relative` answers with an absolute path.
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

interface Walk {
  /** Real paths links may point into. */
  roots: string[];
  /** How messages name where links may point. */
  where: string;
  rules: IgnoreRule[];
  /** Absolute source of each file, by its path in the skill. */
  found: Map<string, string>;
}

/** Lists a directory's files (see the file comment) in byte order of their relative paths, with their bytes. */
export async function readSkillDirectory(directory: string, options: SkillDirectoryOptions = {}): Promise<SkillFile[]> {
  const top = await realpath(directory);
  const extra = options.linksWithin ? [await realpath(options.linksWithin.directory).catch(() => resolve(options.linksWithin!.directory))] : [];
  const roots = [top, ...extra];
  const where = options.linksWithin ? `the skill directory and ${options.linksWithin.label}` : "the skill directory";
  const walk: Walk = { roots, where, rules: skillIgnoreRules(await readIgnoreFile(top, roots, where)), found: new Map() };
  await walkDirectory(walk, "", top, [top]);
  const paths = [...walk.found.keys()].sort(compareCodeUnits);
  return Promise.all(paths.map(async (path) => ({ path, content: await readFile(walk.found.get(path)!) })));
}

/** `.qoderignore` at the top, if any; as a link (one shared by several skills) it follows the rule of every link. */
async function readIgnoreFile(top: string, roots: readonly string[], where: string): Promise<string | undefined> {
  const file = join(top, SKILL_IGNORE_FILE);
  const info = await lstat(file).catch(() => undefined);
  if (!info) return undefined;
  if (info.isSymbolicLink()) {
    const target = await realpath(file).catch(() => undefined);
    if (!target || !roots.some((root) => isInside(target, root))) {
      throw new SkillDirectoryError(
        `${SKILL_IGNORE_FILE} is a symbolic link that does not lead to a file within ${where}; make it a regular file`,
        SKILL_IGNORE_FILE,
      );
    }
  }
  return readFile(file, "utf8");
}

/** `logical` is the directory's path in the skill; `real` where it is on disk; `chain` the real paths above it. */
async function walkDirectory(walk: Walk, logical: string, real: string, chain: string[]): Promise<void> {
  const entries = await readdir(real, { withFileTypes: true });
  for (const entry of entries) {
    const path = logical ? `${logical}/${entry.name}` : entry.name;
    const source = join(real, entry.name);
    if (entry.isSymbolicLink()) {
      await followLink(walk, path, source, chain);
    } else if (entry.isDirectory()) {
      if (!isIgnored(walk.rules, path, true)) await walkDirectory(walk, path, source, [...chain, source]);
    } else if (entry.isFile()) {
      if (!isIgnored(walk.rules, path, false)) walk.found.set(path, source);
    }
    // Sockets, FIFOs and devices are no skill content.
  }
}

async function followLink(walk: Walk, path: string, source: string, chain: string[]): Promise<void> {
  const info = await stat(source).catch(() => undefined);
  if (!info) {
    if (isIgnored(walk.rules, path, false)) return;
    const target = await readlink(source).catch(() => "?");
    throw new SkillDirectoryError(
      `${path} is a symbolic link to ${target}, which does not exist; fix or remove the link, or list ${path} in ${SKILL_IGNORE_FILE}`,
      path,
    );
  }
  if (isIgnored(walk.rules, path, info.isDirectory())) return;
  const target = await realpath(source);
  if (!walk.roots.some((root) => isInside(target, root))) {
    throw new SkillDirectoryError(
      `${path} is a symbolic link to ${target}, outside ${walk.where}; links are followed only within ${walk.where}, ` +
        `so that nothing else on this machine is uploaded. Copy the ${info.isDirectory() ? "directory" : "file"} into the skill instead, or list ${path} in ${SKILL_IGNORE_FILE} to leave it out`,
      path,
    );
  }
  if (info.isDirectory()) {
    if (chain.includes(target)) {
      throw new SkillDirectoryError(
        `${path} is a symbolic link to ${target}, a directory it is inside of, which would repeat forever; remove the link`,
        path,
      );
    }
    await walkDirectory(walk, path, target, [...chain, target]);
  } else if (info.isFile()) {
    walk.found.set(path, target);
  }
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * sha256 over the sorted relative paths and bytes of a skill's files (a length prefix on each keeps
 * `ab`+`c` and `a`+`bc` apart). Stable across machines and file timestamps; any change of a path or a
 * byte changes it.
 */
export async function hashSkillDirectory(files: string | readonly SkillFile[]): Promise<string> {
  const list = typeof files === "string" ? await readSkillDirectory(files) : [...files].sort((a, b) => compareCodeUnits(a.path, b.path));
  const hash = createHash("sha256");
  for (const file of list) {
    const path = Buffer.from(file.path, "utf8");
    hash.update(`${path.length}:`).update(path).update(`${file.content.length}:`).update(file.content);
  }
  return hash.digest("hex");
}
