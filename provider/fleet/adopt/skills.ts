// A skill's latest version unpacked into `skills/<key>/` (resources/skill-content.ts `skillZipFiles` drops its
// top folder, as the Skill resource reads a directory), so the content hash equals the uploaded one.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { SkillFile } from "../../client";
import type { FleetSkill } from "../schema";
import type { AccountSkill } from "./account";

export async function writeSkillFiles(directory: string, files: readonly SkillFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(directory, ...file.path.split("/"));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content);
  }
}

/**
 * The skill's entry. `displayTitle` is written only when it is not the SKILL.md name: the Skill resource reads
 * a title equal to that name as "not set" (resources/skill.ts), and a declared one would then look changed,
 * which replaces a skill, so adoption would refuse it.
 */
export function skillEntry(account: AccountSkill, directory: string): FleetSkill {
  const { skill, version } = account;
  return {
    directory,
    ...(skill.displayTitle !== version.name ? { displayTitle: skill.displayTitle } : {}),
    ...(Object.keys(skill.metadata).length > 0 ? { metadata: skill.metadata } : {}),
    adoptId: skill.id,
  };
}
