// What a Skill's content is, locally and remotely: the directory read and checked against the package rules
// (CONTRACT.md "Skills") with its content hash and SKILL.md name, and the same facts for a version already
// uploaded, from its zip. One hash function (client/multipart.ts) serves both, so they compare.
import { unzipSync } from "fflate";
import { resolve } from "node:path";
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
  const files: SkillFile[] = [];
  for (const [name, content] of Object.entries(unzipSync(zip))) {
    if (name.endsWith("/")) continue;
    const slash = name.indexOf("/");
    files.push({ path: slash < 0 ? name : name.slice(slash + 1), content });
  }
  return { contentHash: await hashSkillDirectory(files), skillName: descriptor.name };
}
