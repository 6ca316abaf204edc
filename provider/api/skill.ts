// Wire schemas of Skills and their versions (CONTRACT.md "Skills"): the form fields of a multipart upload, the
// Skill and SkillVersion objects, list params. No I/O; the package itself travels as `files` parts.
import { z } from "zod";
import { ListEnvelope, ListParams, Metadata, MetadataRecord, Timestamp, codePointLength } from "./common";
import { isRecord, SKILL_LIMITS, SKILL_MANIFEST } from "./records";

// In records.ts, so a skill's check can read a directory without loading zod.
export { SKILL_LIMITS, SKILL_MANIFEST };

/** A version string: microseconds since the epoch, 16 digits today (CONTRACT.md "Skills"). */
export const SkillVersionString = z
  .string()
  .regex(/^\d+$/, "must be a decimal version string")
  .meta({ description: "Skill version: microseconds since the epoch as a 16-digit string, e.g. 1759178010641129." });

/** The YAML frontmatter of SKILL.md; `name` and `description` are required, other keys are kept. */
export const SkillFrontmatter = z.looseObject({
  name: z.string().trim().min(1).meta({ description: "Skill name; the package's top-level folder must match it." }),
  description: z.string().trim().min(1).meta({ description: "What the skill does, shown to the agent." }),
});
export type SkillFrontmatter = z.infer<typeof SkillFrontmatter>;

/**
 * Reads the frontmatter of a SKILL.md text (the YAML block between the first two `---` lines), or says in
 * one sentence what is wrong with it. `parseYaml` is passed in so this module stays free of parsers.
 */
export function parseSkillManifest(text: string, parseYaml: (source: string) => unknown): { frontmatter: SkillFrontmatter } | { problem: string } {
  const block = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text.replace(/^\uFEFF/, ""))?.[1];
  if (block === undefined) return { problem: `${SKILL_MANIFEST} must begin with YAML frontmatter between '---' lines.` };
  let data: unknown;
  try {
    data = parseYaml(block);
  } catch {
    return { problem: `${SKILL_MANIFEST} frontmatter is not valid YAML.` };
  }
  const result = SkillFrontmatter.safeParse(data);
  if (!result.success) return { problem: `${SKILL_MANIFEST} frontmatter must have a non-empty 'name' and 'description'.` };
  return { frontmatter: result.data };
}

const DisplayTitle = z
  .string()
  .min(1)
  .refine((title) => codePointLength(title) <= SKILL_LIMITS.displayTitleMax, {
    message: `display_title must be at most ${SKILL_LIMITS.displayTitleMax} characters`,
  })
  .meta({ description: "Human title, ≤255 characters, not unique; defaults to the SKILL.md name." });

/**
 * The non-file fields of `POST /skills` (multipart). `metadata` travels as JSON text in its own part; this
 * schema describes it once decoded. The package goes in `files` parts (one `.zip`, or one part per file whose
 * filename is its path inside the skill).
 */
export const SkillCreateParams = z.strictObject({
  display_title: DisplayTitle.optional(),
  metadata: Metadata.optional(),
});
export type SkillCreateParams = z.infer<typeof SkillCreateParams>;

/**
 * `POST /skills/{id}/versions` (multipart) carries only `files`. There is no other skill update: display_title
 * and metadata are fixed at create (CONTRACT.md "Skills"; the provider replaces the skill), so new content
 * is the only change, and it becomes a new version.
 */
export const SkillVersionCreateParams = z.strictObject({});
export type SkillVersionCreateParams = z.infer<typeof SkillVersionCreateParams>;
export const SkillUpdateParams = SkillVersionCreateParams;
export type SkillUpdateParams = SkillVersionCreateParams;

export const SkillListParams = ListParams;
export type SkillListParams = z.infer<typeof SkillListParams>;
export const SkillVersionListParams = ListParams;
export type SkillVersionListParams = z.infer<typeof SkillVersionListParams>;

/**
 * Older generations (reference §1.3): `name` instead of `display_title`, an integer `version` instead of
 * `latest_version`, `skill_type` instead of `source`. Read as today's names so one shape reaches callers.
 */
function normaliseLegacySkill(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const body = { ...input };
  if (body.display_title === undefined && typeof body.name === "string") body.display_title = body.name;
  if (body.latest_version === undefined && typeof body.version === "number") body.latest_version = String(body.version);
  if (body.source === undefined && typeof body.skill_type === "string") body.source = body.skill_type;
  if (typeof body.latest_version === "number") body.latest_version = String(body.latest_version);
  return body;
}

/** A skill as read back. Tolerant: unknown fields are kept, legacy names accepted. */
export const Skill = z.preprocess(
  normaliseLegacySkill,
  z.looseObject({
    id: z.string(),
    type: z.literal("skill").default("skill"),
    display_title: z.string(),
    source: z.string().default("custom").meta({ description: "custom for uploads; qoder for built-ins." }),
    latest_version: z.string().meta({ description: "Version string of the newest version." }),
    metadata: MetadataRecord,
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
);
export type Skill = z.output<typeof Skill>;

/** Older version descriptors had no id, a small integer `version` and no manifest fields. */
function normaliseLegacyVersion(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const body = { ...input };
  if (typeof body.version === "number") body.version = String(body.version);
  return body;
}

/** One immutable version of a skill. */
export const SkillVersion = z.preprocess(
  normaliseLegacyVersion,
  z.looseObject({
    id: z.string().optional().meta({ description: "skillver_ id (absent on older servers)." }),
    type: z.literal("skill_version").default("skill_version"),
    skill_id: z.string(),
    version: z.string().meta({ description: "The version string; also the path key of the version." }),
    name: z.string().default("").meta({ description: "SKILL.md name." }),
    description: z.string().default("").meta({ description: "SKILL.md description." }),
    directory: z.string().default("").meta({ description: "The package's top-level folder." }),
    created_at: Timestamp,
  }),
);
export type SkillVersion = z.output<typeof SkillVersion>;

export const SkillList = ListEnvelope(Skill);
export type SkillList = z.output<typeof SkillList>;
export const SkillVersionList = ListEnvelope(SkillVersion);
export type SkillVersionList = z.output<typeof SkillVersionList>;
