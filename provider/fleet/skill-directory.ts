// A skill directory checked before anything is declared, with the Skill resource's own package rules, so a
// missing or malformed skill is a fleet problem at its line rather than a failed update halfway through.
import { promises as fs } from "node:fs";
import { localSkillContent, outsideProjectProblem } from "../client/skill-content";

export interface SkillDirectoryCheck {
  absolute: string;
  /** How messages name the directory (relative to the project directory). */
  shown: string;
  /** The Pulumi project directory, which skill directories must stay inside (docs/skills.md). */
  projectDir: string;
  /** The entry's `allowOutsideProject`. */
  allowOutsideProject?: boolean;
}

const PROJECT = "the project (the directory of Pulumi.yaml)";

/** The Skill resource's own package rules, with the directory named as the document names it. */
export async function checkSkillDirectory({ absolute, shown, projectDir, allowOutsideProject }: SkillDirectoryCheck): Promise<string | undefined> {
  const options = { projectDir, projectLabel: PROJECT, allowOutsideProject };
  // Before the directory is even looked at: nothing outside the project is read unless the user opted in.
  const outside = outsideProjectProblem(absolute, options);
  if (outside) return outside.split(absolute).join(shown);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return `${shown} does not exist (directories are relative to the file that declares the fleet)`;
  if (!stat.isDirectory()) return `${shown} is a file; a skill is a directory with SKILL.md at its top`;
  const content = await localSkillContent(absolute, options);
  return "problem" in content ? content.problem.split(absolute).join(shown) : undefined;
}
