// Skill lifecycle against the emulator: check derives the content hash and SKILL.md name locally, a content
// change uploads a new version, fixed fields replace, refresh reads a version uploaded outside Pulumi.
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../provider/client/index";
import { hashSkillDirectory } from "../../provider/client/multipart";
import { UNKNOWN } from "../../provider/lifecycle/rules";
import { skillLifecycle as skill } from "../../provider/lifecycle/skill";
import { checkAndCreate, checkAndDiff, PROVIDER_TOKEN, skillDirectory, skillManifest, useProvider } from "../support/provider";

const h = useProvider();
let dirs: ReturnType<typeof skillDirectory>[] = [];
const reviewSkill = () => {
  const dir = skillDirectory({ "SKILL.md": skillManifest("review"), "checklist.md": "- tests\n" });
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  dirs.forEach((dir) => dir.dispose());
  dirs = [];
});

describe("skill", () => {
  it("skill: check adds the content hash and the SKILL.md name without calling the API", async () => {
    const dir = reviewSkill();
    const checked = await skill.check({}, { directory: dir.dir });
    expect(checked.inputs).toMatchObject({ skillName: "review", contentHash: await hashSkillDirectory(dir.dir) });
    expect(h.emulator.admin.stats().total).toBe(0);
  });

  it("skill: an unchanged check takes the SKILL.md name from state while the content hash is the same", async () => {
    const dir = reviewSkill();
    const first = await skill.check({}, { directory: dir.dir });
    // A name SKILL.md does not hold shows where the name came from: state, not a parse of the manifest.
    const applied = { ...first.inputs, skillName: "from-state" };
    expect((await skill.check(applied, { directory: dir.dir })).inputs).toMatchObject({ skillName: "from-state" });
    dir.write("checklist.md", "- tests\n- docs\n");
    const changed = await skill.check(applied, { directory: dir.dir });
    expect(changed.inputs).toMatchObject({ skillName: "review", contentHash: await hashSkillDirectory(dir.dir) });
    // Another declared input: check validates again and reads SKILL.md again.
    const retitled = await skill.check(first.inputs, { directory: dir.dir, displayTitle: "" });
    expect(retitled.failures?.map((failure) => failure.property)).toEqual(["displayTitle"]);
  });

  it("skill: check reports a directory without SKILL.md at its top", async () => {
    const dir = skillDirectory({ "README.md": "no manifest" });
    dirs.push(dir);
    const checked = await skill.check({}, { directory: dir.dir });
    expect(checked.failures).toEqual([{ property: "directory", reason: `${dir.dir} has no SKILL.md at its top` }]);
  });

  it("skill: check reports frontmatter without a description", async () => {
    const dir = skillDirectory({ "SKILL.md": "---\nname: review\n---\n" });
    dirs.push(dir);
    const checked = await skill.check({}, { directory: dir.dir });
    expect(checked.failures?.[0]?.reason).toBe(`${dir.dir}: SKILL.md frontmatter must have a non-empty 'name' and 'description'.`);
  });

  it("skill: check reports a directory that does not exist", async () => {
    const checked = await skill.check({}, { directory: "./no/such/skill" });
    expect(checked.failures?.[0]?.reason).toMatch(/^\.\/no\/such\/skill does not exist \(relative paths start at the program's working directory/);
  });

  it("skill: an unknown directory in preview passes check", async () => {
    const checked = await skill.check({}, { directory: UNKNOWN });
    expect(checked.failures).toEqual([]);
  });

  it("skill: create uploads the directory and outputs the latest version", async () => {
    const dir = reviewSkill();
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    expect(outs.latestVersion).toMatch(/^\d{16}$/);
    expect(h.emulator.admin.get("skills", id)).toMatchObject({ display_title: "review", latest_version: outs.latestVersion });
  });

  it("skill: unchanged content is no change, and refresh leaves no diff", async () => {
    const dir = reviewSkill();
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    const read = await skill.read(id, outs);
    const { diff } = await checkAndDiff(skill, id, read.props ?? {}, { directory: dir.dir });
    expect(diff.changes).toBe(false);
  });

  it("skill: changed content updates in place with a new version", async () => {
    const dir = reviewSkill();
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    dir.write("checklist.md", "- tests\n- docs\n");
    const { inputs, diff } = await checkAndDiff(skill, id, outs, { directory: dir.dir });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await skill.update(id, outs, inputs);
    expect(updated.outs?.latestVersion).not.toBe(outs.latestVersion);
    expect(h.emulator.admin.list("skill_versions").filter((version) => version.skill_id === id)).toHaveLength(2);
  });

  it("skill: a new displayTitle or another SKILL.md name replaces", async () => {
    const dir = reviewSkill();
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    expect((await checkAndDiff(skill, id, outs, { directory: dir.dir, displayTitle: "Review" })).diff.replaces).toEqual(["displayTitle"]);
    dir.write("SKILL.md", skillManifest("audit"));
    expect((await checkAndDiff(skill, id, outs, { directory: dir.dir })).diff.replaces).toEqual(["skillName"]);
  });

  it("skill: a version uploaded outside Pulumi is found by refresh and shows as a content change", async () => {
    const dir = reviewSkill();
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    const other = skillDirectory({ "SKILL.md": skillManifest("review"), "checklist.md": "- nothing\n" });
    dirs.push(other);
    const client = createClient({ baseUrl: h.emulator.baseUrl, token: PROVIDER_TOKEN });
    await client.skills.versions.create(id, { files: other.dir });
    const read = await skill.read(id, outs);
    expect(read.inputs?.contentHash).toBe(await hashSkillDirectory(other.dir));
    const { diff } = await checkAndDiff(skill, id, read.props ?? {}, { directory: dir.dir });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    await client.close();
  });

  it("skill: adoption uploads the declared content when it differs", async () => {
    const dir = reviewSkill();
    const existing = await checkAndCreate(skill, { directory: dir.dir });
    dir.write("checklist.md", "- adopted\n");
    const adopted = await checkAndCreate(skill, { directory: dir.dir, adoptId: existing.id });
    expect(adopted.id).toBe(existing.id);
    expect(adopted.outs.latestVersion).not.toBe(existing.outs.latestVersion);
  });

  it("skill: destroy deletes the skill, and a skill gone already is no error", async () => {
    const dir = reviewSkill();
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    await skill.delete(id, outs);
    expect(h.emulator.admin.get("skills", id)).toBeUndefined();
    await expect(skill.delete(id, outs)).resolves.toBeUndefined();
    expect(await skill.read(id, outs)).toEqual({});
  });
});
