// What a Skill's content is: the directory read and checked against the package rules (CONTRACT.md "Skills")
// with its content hash and SKILL.md name, and the files of a version's zip, which the same hash function
// (multipart.ts) turns into comparable facts. Local only: the lifecycle fetches the zip. A local
// directory must lie inside the Pulumi project unless the user opts out (docs/skills.md, "The project").
import { existsSync, promises as fs } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { SKILL_LIMITS, SKILL_MANIFEST } from "../api/records";
import { hashSkillDirectory, isInside, readSkillDirectory, SkillDirectoryError, type SkillFile } from "./skill-files";

export interface SkillContent {
  /** sha256 over the files' relative paths and bytes. */
  contentHash: string;
  /** The SKILL.md frontmatter `name`: the package's top folder, fixed for the life of a skill. */
  skillName: string;
}

/** A local directory read for an upload: the very files its content hash was computed from. */
export interface LocalSkill extends SkillContent {
  files: SkillFile[];
}

export interface LocalSkillOptions {
  /** The Pulumi project directory; by default the one `projectDirectory()` finds from the working directory. */
  projectDir?: string;
  /** How messages name the project; by default `the project (<projectDir>)`. */
  projectLabel?: string;
  /** Reads a directory outside the project too. Symbolic links still stay within the skill or the project. */
  allowOutsideProject?: boolean;
  /**
   * What an earlier read found (state): while the content hash is the same, so is SKILL.md, and its name is
   * taken from here without parsing it again (no YAML parser or schema loaded for an unchanged skill).
   */
  known?: { contentHash?: unknown; skillName?: unknown };
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/**
 * The Pulumi project directory as the dynamic provider can know it: the nearest directory at or above `from`
 * (the program's working directory, which the engine sets to the program's directory) that holds Pulumi.yaml,
 * else `from` itself.
 */
export function projectDirectory(from: string = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (PROJECT_FILES.some((name) => existsSync(join(dir, name)))) return dir;
    if (dirname(dir) === dir) return resolve(from);
  }
}

function outsideProject(directory: string, where: string, label: string): string {
  return (
    `${directory} ${where} outside ${label}; a skill uploads every file of its directory, so skill directories ` +
    "must stay inside the project (where nothing else on this machine, such as credentials, can be picked up). " +
    "Move the skill into the project, or set allowOutsideProject: true on this skill to upload from there"
  );
}

/**
 * Where a skill directory lies against the project, by its path alone (no file is touched): a path outside it
 * is refused before anything outside is read. Undefined when it is inside or the user opted out.
 */
export function outsideProjectProblem(directory: string, options: LocalSkillOptions = {}): string | undefined {
  if (options.allowOutsideProject) return undefined;
  const projectDir = resolve(options.projectDir ?? projectDirectory());
  if (isInside(resolve(directory), projectDir)) return undefined;
  return outsideProject(directory, "is", options.projectLabel ?? `the project (${projectDir})`);
}

/** A local directory's content, or the reason it is no skill package. Relative paths resolve against cwd. */
export async function localSkillContent(directory: string, options: LocalSkillOptions = {}): Promise<SkillContent | { problem: string }> {
  const read = await readLocalSkill(directory, options);
  return "problem" in read ? read : { contentHash: read.contentHash, skillName: read.skillName };
}

/** The files of a local skill directory, checked, with the content hash of exactly these files. */
export async function readLocalSkill(directory: string, options: LocalSkillOptions = {}): Promise<LocalSkill | { problem: string }> {
  const projectDir = resolve(options.projectDir ?? projectDirectory());
  const label = options.projectLabel ?? `the project (${projectDir})`;
  const outside = outsideProjectProblem(directory, { ...options, projectDir });
  if (outside) return { problem: outside };
  let files: SkillFile[];
  try {
    // The path may stay inside while a symbolic link on it leads out: its real location decides.
    const [real, realProject] = await Promise.all([fs.realpath(resolve(directory)), fs.realpath(projectDir).catch(() => projectDir)]);
    if (!options.allowOutsideProject && !isInside(real, realProject)) {
      return { problem: outsideProject(directory, `leads through a symbolic link to ${real},`, label) };
    }
    files = await readSkillDirectory(resolve(directory), { linksWithin: { directory: projectDir, label } });
  } catch (err) {
    if (err instanceof SkillDirectoryError) return { problem: `${directory}: ${err.message}` };
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a directory" : `cannot be read (${code ?? String(err)})`;
    return { problem: `${directory} ${why} (relative paths start at the program's working directory, ${process.cwd()})` };
  }
  const manifest = files.find((file) => file.path === SKILL_MANIFEST);
  if (!manifest) return { problem: `${directory} has no ${SKILL_MANIFEST} at its top` };
  const total = files.reduce((sum, file) => sum + file.content.length, 0);
  if (total > SKILL_LIMITS.packageMaxBytes) {
    return { problem: `${directory} holds ${Math.ceil(total / 1024 / 1024)} MB; a skill package may hold 50 MB` };
  }
  const contentHash = await hashSkillDirectory(files);
  const { known } = options;
  if (known?.contentHash === contentHash && typeof known.skillName === "string") return { files, contentHash, skillName: known.skillName };
  const [{ parseSkillManifest }, { parseYaml }] = await Promise.all([import("../api/skill.js"), import("./multipart.js")]);
  const read = parseSkillManifest(Buffer.from(manifest.content).toString("utf8"), parseYaml);
  if ("problem" in read) return { problem: `${directory}: ${read.problem}` };
  return { files, contentHash, skillName: read.frontmatter.name };
}

/**
 * A version's zip as the files of a skill directory (its one top folder dropped), or why they could not be
 * written to disk safely. The Skill resource hashes these; qoder-adopt writes them out.
 */
export function skillZipFiles(zip: Uint8Array): { files: SkillFile[] } | { problem: string } {
  let entries: Record<string, Uint8Array>;
  try {
    // fflate on first use: only adoption and a refresh of a skill changed elsewhere read a version's zip.
    entries = (require("fflate") as typeof import("fflate")).unzipSync(zip);
  } catch (err) {
    return { problem: `its content is not a readable zip (${err instanceof Error ? err.message : String(err)})` };
  }
  const files: SkillFile[] = [];
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith("/")) continue;
    const slash = name.indexOf("/");
    const relative = slash < 0 ? name : name.slice(slash + 1);
    // A path that climbs out (or is absolute) would write outside the skill's directory.
    const parts = relative.split("/");
    if (relative === "" || isAbsolute(relative) || parts.some((part) => part === ".." || part === "")) {
      return { problem: `its zip holds the unsafe path "${name}"` };
    }
    files.push({ path: relative, content });
  }
  return { files };
}
