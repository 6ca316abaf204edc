// Routes of Skills and their versions (CONTRACT.md "Skills"): multipart create and new versions, reads, the
// version content as a zip, version and skill deletes. Depends on provider/api and emulator core only.
import { Hono, type Context } from "hono";
import { ID_PREFIX, SKILL_MANIFEST, SkillCreateParams, type Skill, type SkillVersion } from "../../provider/api";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { conflict, invalid, notFound } from "../errors";
import { paginate, parseListQuery } from "../pagination";
import { packSkillZip, readSkillPackage, type SkillPackage } from "../skill-package";
import { readMultipartForm, validate } from "../validation";

export const SKILLS = "skills";
export const SKILL_VERSIONS = "skill_versions";
/** Each version's package as a base64 zip, keyed by the version's `skillver_` id; never part of a response. */
export const SKILL_VERSION_CONTENTS = "skill_version_contents";

export type StoredSkill = Skill & { source: "custom" };
export type StoredSkillVersion = SkillVersion & { id: string };
interface StoredContent {
  id: string;
  zip_base64: string;
}

/** The parts of an upload: `files` (or the deprecated single `file`), `display_title`, `metadata` JSON text. */
interface Upload {
  parts: File[];
  deprecatedField: boolean;
  fields: Record<string, string>;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

async function readUpload(c: Context<EmulatorEnv>): Promise<Upload> {
  const form = await readMultipartForm(c);
  // The forward API still takes the old single `file` field and flags it with `Deprecation: true` (reference §1.4).
  const deprecatedField = form.files === undefined && form.file !== undefined;
  const parts = asList(deprecatedField ? form.file : form.files);
  if (parts.some((part) => !(part instanceof File))) throw invalid("Field 'files' must hold file parts.", "files");
  const fields: Record<string, string> = {};
  for (const name of ["display_title", "metadata"]) {
    const [value, extra] = asList(form[name]);
    if (value === undefined) continue;
    if (typeof value !== "string" || extra !== undefined) throw invalid(`Field '${name}' must be one text part.`, name);
    fields[name] = value;
  }
  return { parts: parts as File[], deprecatedField, fields };
}

/** `metadata` arrives as JSON text in its own part (CONTRACT.md "Skills"). */
function createParams(fields: Record<string, string>): SkillCreateParams {
  const body: Record<string, unknown> = {};
  if (fields.display_title !== undefined) body.display_title = fields.display_title;
  if (fields.metadata !== undefined) {
    try {
      body.metadata = JSON.parse(fields.metadata) as unknown;
    } catch {
      throw invalid("Field 'metadata' must be a JSON object.", "metadata");
    }
  }
  return validate(SkillCreateParams, body);
}

/**
 * A version string is the creation time in microseconds since the epoch (the reference's example pairs
 * version 1759264410332875 with created_at …07.332875Z), kept strictly above the skill's previous versions.
 */
function versionString(createdAt: string, previous: readonly string[]): string {
  const [seconds = "", fraction = ""] = createdAt.replace(/Z$/, "").split(".");
  let micros = BigInt(Date.parse(`${seconds}Z`)) * 1000n + BigInt(fraction.padEnd(6, "0").slice(0, 6));
  for (const version of previous) if (BigInt(version) >= micros) micros = BigInt(version) + 1n;
  return micros.toString();
}

const byNumber = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** Path versions are digits only; anything else (e.g. `latest`) is a 400 (reference §1.9). */
function versionParam(c: Context<EmulatorEnv>): string {
  const version = c.req.param("version") ?? "";
  if (!/^\d+$/.test(version)) throw invalid(`Invalid skill version '${version}': versions are digit strings.`, "version");
  return version;
}

export function skillRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const skills = ctx.state.collection<StoredSkill>(SKILLS);
  const versions = ctx.state.collection<StoredSkillVersion>(SKILL_VERSIONS);
  const contents = ctx.state.collection<StoredContent>(SKILL_VERSION_CONTENTS);
  const app = new Hono<EmulatorEnv>();

  const find = (id: string): StoredSkill => {
    const skill = skills.get(id);
    if (!skill) throw notFound("Skill", id);
    return skill;
  };
  const versionsOf = (skillId: string): StoredSkillVersion[] => versions.values().filter((version) => version.skill_id === skillId);
  const findVersion = (skillId: string, version: string): StoredSkillVersion => {
    const found = versionsOf(skillId).find((candidate) => candidate.version === version);
    if (!found) throw notFound("Skill version", version);
    return found;
  };

  /** Stores one immutable version and its package. */
  const addVersion = (skillId: string, pkg: SkillPackage): StoredSkillVersion => {
    const createdAt = ctx.now();
    const version: StoredSkillVersion = {
      id: ctx.newId(ID_PREFIX.skillVersion),
      type: "skill_version",
      skill_id: skillId,
      version: versionString(
        createdAt,
        versionsOf(skillId).map((existing) => existing.version),
      ),
      name: pkg.name,
      description: pkg.description,
      directory: pkg.directory,
      created_at: createdAt,
    };
    versions.set(version);
    contents.set({ id: version.id, zip_base64: Buffer.from(packSkillZip(pkg.files)).toString("base64") });
    return version;
  };

  const removeVersion = (version: StoredSkillVersion): void => {
    versions.delete(version.id);
    contents.delete(version.id);
  };

  // Out-of-band deletes (admin API) follow the API's cascade: every version and its package go too.
  ctx.hooks.register(SKILLS, {
    remove: (id) => {
      if (!skills.delete(id)) throw notFound("Skill", id);
      versionsOf(id).forEach(removeVersion);
    },
  });

  app.post("/", async (c) => {
    const upload = await readUpload(c);
    const params = createParams(upload.fields);
    const pkg = await readSkillPackage(upload.parts);
    const id = ctx.newId(ID_PREFIX.skill);
    const version = addVersion(id, pkg);
    const skill: StoredSkill = {
      id,
      type: "skill",
      display_title: params.display_title ?? pkg.name,
      source: "custom",
      latest_version: version.version,
      metadata: params.metadata ?? {},
      created_at: version.created_at,
      updated_at: version.created_at,
    };
    skills.set(skill);
    if (upload.deprecatedField) c.header("Deprecation", "true");
    return c.json(skill, 201);
  });

  app.get("/", (c) => c.json(paginate(skills.values(), parseListQuery(c))));

  app.get("/:skill_id", (c) => c.json(find(c.req.param("skill_id"))));

  app.delete("/:skill_id", (c) => {
    const skill = find(c.req.param("skill_id"));
    versionsOf(skill.id).forEach(removeVersion);
    skills.delete(skill.id);
    return c.json({ id: skill.id, type: "skill_deleted" });
  });

  app.post("/:skill_id/versions", async (c) => {
    const skill = find(c.req.param("skill_id"));
    const upload = await readUpload(c);
    const pkg = await readSkillPackage(upload.parts);
    const current = findVersion(skill.id, skill.latest_version);
    // A version is a full snapshot of the same skill: its SKILL.md name must not change (CONTRACT.md "Skills").
    if (pkg.name !== current.name) {
      throw invalid(`The ${SKILL_MANIFEST} name '${pkg.name}' must equal the skill's name '${current.name}'.`, "files");
    }
    const version = addVersion(skill.id, pkg);
    skills.set({ ...skill, latest_version: version.version, updated_at: version.created_at });
    if (upload.deprecatedField) c.header("Deprecation", "true");
    return c.json(version, 201);
  });

  app.get("/:skill_id/versions", (c) => {
    const skill = find(c.req.param("skill_id"));
    return c.json(paginate(versionsOf(skill.id), parseListQuery(c)));
  });

  app.get("/:skill_id/versions/:version", (c) => {
    const skill = find(c.req.param("skill_id"));
    return c.json(findVersion(skill.id, versionParam(c)));
  });

  app.get("/:skill_id/versions/:version/content", (c) => {
    const skill = find(c.req.param("skill_id"));
    const version = findVersion(skill.id, versionParam(c));
    const zip = Buffer.from(contents.get(version.id)?.zip_base64 ?? "", "base64");
    return c.body(new Uint8Array(zip), 200, {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${version.directory}-${version.version}.zip"`,
      "Content-Length": String(zip.length),
    });
  });

  app.delete("/:skill_id/versions/:version", (c) => {
    const skill = find(c.req.param("skill_id"));
    const version = findVersion(skill.id, versionParam(c));
    const rest = versionsOf(skill.id).filter((other) => other.id !== version.id);
    const newest = rest
      .map((other) => other.version)
      .sort(byNumber)
      .at(-1);
    // Undocumented (reference §5.23): a skill without versions has no latest_version, so the emulator refuses
    // to delete the last one; deleting the skill removes it.
    if (newest === undefined) throw conflict("A skill must keep at least one version; delete the skill instead.");
    removeVersion(version);
    if (skill.latest_version === version.version) {
      skills.set({ ...skill, latest_version: newest, updated_at: ctx.now() });
    }
    return c.json({ id: version.version, type: "skill_version_deleted" });
  });

  return app;
}
