// A skill's latest version unpacked into `skills/<key>/` (its top folder dropped, as the Skill resource reads a
// directory), so the local content hash equals the uploaded one and adoption uploads no new version.
import { unzipSync } from "fflate";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { SkillFile } from "../../client";
import type { FleetSkill } from "../schema";
import type { AccountSkill } from "./account";

/** The zip's files relative to the skill root, or why they cannot be written safely. */
export function skillFiles(zip: Uint8Array): { files: SkillFile[] } | { problem: string } {
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
    if (relative === "" || path.isAbsolute(relative) || parts.some((part) => part === ".." || part === "")) {
      return { problem: `its zip holds the unsafe path "${name}"` };
    }
    files.push({ path: relative, content });
  }
  return { files };
}

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
