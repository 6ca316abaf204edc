// Where a Skill may read its directory from, and what it uploads: inside the project (the provider's working
// directory, holding Pulumi.yaml) unless `allowOutsideProject`, symbolic links only where they stay inside,
// and never the files the ignore rules leave out, in the upload as in the content hash.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createClient, hashSkillDirectory, type SkillFile } from "../../provider/client/index";
import { skillLifecycle as skill } from "../../provider/lifecycle/skill";
import { skillZipFiles } from "../../provider/client/skill-content";
import { checkAndCreate, checkAndDiff, PROVIDER_TOKEN, skillDirectory, skillManifest, useProvider } from "../support/provider";

const h = useProvider();
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A directory outside the project (beside it, not below it), holding a skill and a credentials file. */
function outsideSkill(): string {
  const root = mkdtempSync(join(tmpdir(), "pulumi-qoder-outside-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, "SKILL.md"), skillManifest("outside"));
  writeFileSync(join(root, "credentials.txt"), "aws_secret_access_key=not-for-upload");
  return root;
}

function insideSkill(files: Record<string, string>) {
  const dir = skillDirectory(files);
  cleanups.push(dir.dispose);
  return dir;
}

/** The files the API holds for a skill's version. */
async function uploadedFiles(id: string, version: unknown): Promise<SkillFile[]> {
  const client = createClient({ baseUrl: h.emulator.baseUrl, token: PROVIDER_TOKEN });
  try {
    const read = skillZipFiles(await client.skills.versions.content(id, String(version)));
    if ("problem" in read) throw new Error(read.problem);
    return read.files;
  } finally {
    await client.close();
  }
}

const uploadedPaths = async (id: string, version: unknown) => (await uploadedFiles(id, version)).map((file) => file.path).sort();

describe("skill directory: the project boundary", () => {
  it("skill directory: a relative path out of the project is refused in check, naming the field, why and the way out", async () => {
    const outside = relative(process.cwd(), outsideSkill());
    expect(outside.startsWith("..")).toBe(true);
    const checked = await skill.check({}, { directory: outside });
    expect(checked.failures).toEqual([
      {
        property: "directory",
        reason: expect.stringMatching(
          new RegExp(
            `^${outside.replace(/\./g, "\\.")} is outside the project \\(${h.projectDir}\\); a skill uploads every file of its directory.*set allowOutsideProject: true on this skill`,
          ),
        ),
      },
    ]);
    expect(h.emulator.admin.stats().total).toBe(0);
  });

  it("skill directory: an absolute path out of the project is refused too", async () => {
    const checked = await skill.check({}, { directory: outsideSkill() });
    expect(checked.failures?.[0]?.reason).toMatch(/is outside the project/);
  });

  it("skill directory: a path inside the project that is a symbolic link to a directory outside is refused", async () => {
    const link = join(h.projectDir, "linked-skill");
    symlinkSync(outsideSkill(), link);
    cleanups.push(() => rmSync(link));
    const checked = await skill.check({}, { directory: "linked-skill" });
    expect(checked.failures?.[0]?.reason).toMatch(/^linked-skill leads through a symbolic link to .*pulumi-qoder-outside-.*, outside the project/);
  });

  it("skill directory: allowOutsideProject: true reads it, and only then", async () => {
    const directory = outsideSkill();
    expect((await skill.check({}, { directory, allowOutsideProject: false })).failures).toHaveLength(1);
    const { id, outs } = await checkAndCreate(skill, { directory, allowOutsideProject: true });
    expect(await uploadedPaths(id, outs.latestVersion)).toEqual(["SKILL.md", "credentials.txt"]);
  });

  it("skill directory: allowOutsideProject must be a boolean", async () => {
    const dir = insideSkill({ "SKILL.md": skillManifest("review") });
    const checked = await skill.check({}, { directory: dir.dir, allowOutsideProject: "yes" });
    expect(checked.failures).toEqual([{ property: "allowOutsideProject", reason: "must be true or false" }]);
  });

  it("skill directory: allowOutsideProject is kept in state without an API call, and false is its default", async () => {
    const dir = insideSkill({ "SKILL.md": skillManifest("review") });
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    expect((await checkAndDiff(skill, id, outs, { directory: dir.dir, allowOutsideProject: false })).diff.changes).toBe(false);
    const { inputs, diff } = await checkAndDiff(skill, id, outs, { directory: dir.dir, allowOutsideProject: true });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const requests = h.emulator.admin.stats().total;
    const updated = await skill.update(id, outs, inputs);
    expect([updated.outs?.allowOutsideProject, h.emulator.admin.stats().total]).toEqual([true, requests]);
  });
});

describe("skill directory: symbolic links", () => {
  it("skill directory: a SKILL.md that is a symbolic link inside the project is read and uploaded", async () => {
    const shared = insideSkill({ "review.md": skillManifest("review") });
    const dir = insideSkill({ "checklist.md": "- tests\n" });
    symlinkSync(join(shared.dir, "review.md"), join(dir.dir, "SKILL.md"));
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    expect(outs.skillName).toBe("review");
    expect(await uploadedPaths(id, outs.latestVersion)).toEqual(["SKILL.md", "checklist.md"]);
  });

  it("skill directory: a symbolic link to a file outside the project is an error naming it", async () => {
    const dir = insideSkill({ "SKILL.md": skillManifest("review") });
    symlinkSync(join(outsideSkill(), "credentials.txt"), join(dir.dir, "notes.txt"));
    const checked = await skill.check({}, { directory: dir.dir });
    expect(checked.failures).toEqual([
      {
        property: "directory",
        reason: expect.stringMatching(
          new RegExp(
            `^${dir.dir}: notes\\.txt is a symbolic link to .*credentials\\.txt, outside the skill directory and the project \\(${h.projectDir}\\)`,
          ),
        ),
      },
    ]);
  });

  it("skill directory: with allowOutsideProject, links still stay inside the skill or the project", async () => {
    const directory = outsideSkill();
    const secrets = mkdtempSync(join(tmpdir(), "pulumi-qoder-secrets-"));
    cleanups.push(() => rmSync(secrets, { recursive: true, force: true }));
    writeFileSync(join(secrets, "token"), "x");
    symlinkSync(join(secrets, "token"), join(directory, "token"));
    const checked = await skill.check({}, { directory, allowOutsideProject: true });
    expect(checked.failures?.[0]?.reason).toMatch(/token is a symbolic link to .*, outside the skill directory and the project/);
  });
});

describe("skill directory: ignored files", () => {
  it("skill directory: .qoderignore and the defaults keep files out of the upload", async () => {
    const dir = insideSkill({ "SKILL.md": skillManifest("review"), ".env": "TOKEN=x", "draft.md": "d", ".qoderignore": "draft.md\n" });
    mkdirSync(join(dir.dir, ".git"));
    writeFileSync(join(dir.dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    const uploaded = await uploadedFiles(id, outs.latestVersion);
    expect(uploaded.map((file) => file.path)).toEqual(["SKILL.md"]);
    // The hash in state is the hash of exactly what was uploaded.
    expect(await hashSkillDirectory(uploaded)).toBe(outs.contentHash);
  });

  it("skill directory: a change to an ignored file is no change; a change to an uploaded one is", async () => {
    const dir = insideSkill({ "SKILL.md": skillManifest("review"), "notes.md": "n", ".qoderignore": "*.log\n" });
    const { id, outs } = await checkAndCreate(skill, { directory: dir.dir });
    dir.write("debug.log", "noise");
    dir.write(".DS_Store", "finder");
    expect((await checkAndDiff(skill, id, outs, { directory: dir.dir })).diff.changes).toBe(false);
    dir.write("notes.md", "changed");
    expect((await checkAndDiff(skill, id, outs, { directory: dir.dir })).diff.changes).toBe(true);
  });
});
