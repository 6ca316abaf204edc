// The Skill resource as a program declares it (provider/kinds/skill.ts says what each field does).
import { skillKind, type SkillOutputs, type SkillView } from "../kinds/skill";
import skillEntry = require("./entry/skill");
import { type ArgsOf, kindResource } from "./resource";

export type { SkillOutputs, SkillView } from "../kinds/skill";
export type SkillArgs = ArgsOf<SkillView>;

/** A custom skill uploaded from a directory; each content change is a new version. */
export const Skill = kindResource<SkillView, SkillOutputs>(skillKind, skillEntry);
export type Skill = InstanceType<typeof Skill>;
