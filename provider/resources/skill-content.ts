// What a Skill's content is, locally and remotely: the directory read and checked against the package rules
// (CONTRACT.md "Skills") with its content hash and SKILL.md name, and the same facts for a version already
// uploaded, from its zip. One hash function (client/multipart.ts) serves both, so they compare.
import { unzipSync } from "fflate";
import { isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { parseSkillManifest, SKILL_LIMITS, SKILL_MANIFEST } from "../api/skill";
import { hashSkillDirectory, readSkillDirectory, type SkillFile } from "../client/multipart";
import { apiClient } from "./connection";

export interface SkillContent {
  /** sha256 over the files' relative paths and bytes. */
  contentHash: string;
  /** The SKILL.md frontmatter `name`: the package's top folder, fixed for the life of a skill. */
  skillName: string;
}

/** A local directory's content, or the reason it is no skill package. Relative paths resolve against cwd. */
export async function localSkillContent(directory: string): Promise<SkillContent | { problem: string }> {
  let files: SkillFile[];
  try {
    files = await readSkillDirectory(resolve(directory));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : code === "ENOTDIR" ? "is not a directory" : `cannot be read (${code ?? String(err)})`;
    return { problem: `${directory} ${why} (relative paths start at the program's working directory, ${process.cwd()})` };
  }
  const manifest = files.find((file) => file.path === SKILL_MANIFEST);
  if (!manifest) return { problem: `${directory} has no ${SKILL_MANIFEST} at its top` };
  const read = parseSkillManifest(Buffer.from(manifest.content).toString("utf8"), parseYaml);
  if ("problem" in read) return { problem: `${directory}: ${read.problem}` };
  const total = files.reduce((sum, file) => sum + file.content.length, 0);
  if (total > SKILL_LIMITS.packageMaxBytes) {
    return { problem: `${directory} holds ${Math.ceil(total / 1024 / 1024)} MB; a skill package may hold 50 MB` };
  }
  return { contentHash: await hashSkillDirectory(files), skillName: read.frontmatter.name };
}

/** The content of an uploaded version, from its zip (the files sit under one top folder, dropped here). */
export async function remoteSkillContent(skillId: string, version: string): Promise<SkillContent> {
  const client = apiClient();
  const [zip, descriptor] = await Promise.all([
    client.skills.versions.content(skillId, version),
    client.skills.versions.retrieve(skillId, version),
  ]);
  const read = skillZipFiles(zip);
  if ("problem" in read) throw new Error(`Skill ${skillId} version ${version}: ${read.problem}`);
  return { contentHash: await hashSkillDirectory(read.files), skillName: descriptor.name };
}

/**
 * A version's zip as the files of a skill directory (its one top folder dropped), or why they could not be
 * written to disk safely. The Skill resource hashes these; qoder-adopt writes them out.
 */
export function skillZipFiles(zip: Uint8Array): { files: SkillFile[] } | { problem: string } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
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
