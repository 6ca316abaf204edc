// A skill directory checked before anything is declared, with the Skill resource's own package rules, so a
// missing or malformed skill is a fleet problem at its line rather than a failed update halfway through.
import { promises as fs } from "node:fs";
import { localSkillContent } from "../resources/skill-content";

/** The Skill resource's own package rules, with the directory named as the document names it. */
export async function checkSkillDirectory({ absolute, shown }: { absolute: string; shown: string }): Promise<string | undefined> {
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return `${shown} does not exist (directories are relative to the file that declares the fleet)`;
  if (!stat.isDirectory()) return `${shown} is a file; a skill is a directory with SKILL.md at its top`;
  const content = await localSkillContent(absolute);
  return "problem" in content ? content.problem.split(absolute).join(shown) : undefined;
}

