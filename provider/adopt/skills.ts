// A skill's latest version unpacked into `skills/<key>/` (resources/skill-content.ts `skillZipFiles` drops its
// top folder, as the Skill resource reads a directory), so the content hash equals the uploaded one.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { SKILL_IGNORE_FILE, type SkillFile } from "../client";
import { isIgnored, skillIgnoreRules } from "../client/skill-ignore";
import type { FleetSkill } from "../fleet/schema";
import type { AccountSkill } from "./account";

export async function writeSkillFiles(directory: string, files: readonly SkillFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(directory, ...file.path.split("/"));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, file.content);
  }
  const lines = reincluded(files);
  if (lines.length > 0 && !files.some((file) => file.path === SKILL_IGNORE_FILE)) {
    const header = [
      "# Written by qoder-adopt: the version on Qoder holds these files, which a skill directory leaves out by",
      "# default (docs/skills.md). Listed here, they stay in the content hash, so adoption uploads no new version.",
      "# Remove a line to stop uploading that file; the next `pulumi up` then uploads a new version without it.",
    ];
    await fs.writeFile(path.join(directory, SKILL_IGNORE_FILE), `${[...header, ...lines].join("\n")}\n`);
  }
}

/**
 * `.qoderignore` lines (`!/path`, anchored) that include again each file, or folder on a file's way, which the
 * default rules would leave out: a version uploaded by hand may hold a `.DS_Store` or an `.env.example`.
 */
export function reincluded(files: readonly SkillFile[]): string[] {
  const rules = skillIgnoreRules(undefined);
  const lines = new Set<string>();
  for (const file of files) {
    const parts = file.path.split("/");
    for (let depth = 1; depth <= parts.length; depth++) {
      const sub = parts.slice(0, depth).join("/");
      const isDirectory = depth < parts.length;
      if (isIgnored(rules, sub, isDirectory)) lines.add(`!/${sub.replace(/[\\*?[]|\s$/g, (char) => `\\${char}`)}${isDirectory ? "/" : ""}`);
    }
  }
  return [...lines];
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
