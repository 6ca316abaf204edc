// The Skill kind (CONTRACT.md "Skills"): its input is a directory, whose content hash check computes; new
// content becomes a new version, while the title, metadata and SKILL.md name are fixed at create and replace.
import type { z } from "zod";
import type { SkillCreateParams } from "../api/skill";
import type { CamelCased } from "../api/casing";
import { defineKind } from "./descriptor";

export type SkillView = {
  /**
   * A directory with SKILL.md (frontmatter `name` and `description`) at its top. Relative paths start at the
   * program's working directory; it must lie inside the project, and `.qoderignore` leaves files out
   * (docs/skills.md).
   */
  directory: string;
  /** Lets `directory` lie outside the Pulumi project (off by default). */
  allowOutsideProject?: boolean;
} & CamelCased<z.input<typeof SkillCreateParams>>;

export interface SkillOutputs {
  skillName: string;
  contentHash: string;
  latestVersion: string;
  source: string;
  createdAt: string;
  updatedAt: string;
}

export const skillKind = defineKind<SkillView, SkillOutputs>({
  type: "Skill",
  idPrefix: "skill_",
  idNoun: "a skill id",
  get wire() {
    return (require("../api/skill") as typeof import("../api/skill")).SkillCreateParams;
  },
  fields: {
    // Where the files are read from steers the provider only: the content hash is what the API holds.
    directory: { local: true },
    allowOutsideProject: { local: true, default: false },
    contentHash: { derived: true },
    skillName: { derived: true, replace: true },
    displayTitle: { replace: true },
    metadata: { default: {}, replace: true },
  },
  outputs: {
    skillName: "The SKILL.md name, read by check.",
    contentHash: "The hash of the directory's content, read by check; a new hash uploads a new version.",
    latestVersion: "The newest version; pin it in an agent (`version: skill.latestVersion`) to roll agents forward with it.",
    source: "custom for uploaded skills.",
    createdAt: "When the skill was created.",
    updatedAt: "When the skill last changed.",
  },
});
