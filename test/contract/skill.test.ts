// Skills and versions, client ↔ emulator: multipart uploads from a directory, reads, zip download, deletes
// (CONTRACT.md "Skills").
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, NotFoundError, hashSkillDirectory } from "../../provider/client/index";
import { MANIFEST, rejectionOf, useContract } from "../support/contract";

const t = useContract();
let root: string;

async function skillDir(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = join(root, `${name}-${Math.random().toString(16).slice(2)}`);
  for (const [path, content] of Object.entries({ "SKILL.md": MANIFEST(name), ...files })) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "qoder-contract-skill-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("skills", () => {
  it("skill: create from a directory defaults the title to the SKILL.md name", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review", { "templates/r.md": "x" }) });
    expect(skill).toMatchObject({ type: "skill", displayTitle: "code-review", source: "custom", latestVersion: expect.stringMatching(/^\d{16}$/) });
  });

  it("skill: create sends display_title and metadata parts", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review"), displayTitle: "Code Review", metadata: { team: "docs" } });
    expect([skill.displayTitle, skill.metadata]).toEqual(["Code Review", { team: "docs" }]);
  });

  it("skill: a package without SKILL.md is a 400", async () => {
    const create = t.client.skills.create({ files: [{ path: "README.md", content: Buffer.from("x") }], topFolder: "nameless" });
    await expect(create).rejects.toBeInstanceOf(BadRequestError);
  });

  it("skill: retrieve and list return the skill", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    const [retrieved, listed] = [await t.client.skills.retrieve(skill.id), await t.client.skills.list().toArray()];
    expect([retrieved.id, listed.map((s) => s.id)]).toEqual([skill.id, [skill.id]]);
  });

  it("skill: a new version moves latestVersion", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    const version = await t.client.skills.versions.create(skill.id, { files: await skillDir("code-review", { "more.md": "y" }) });
    const after = await t.client.skills.retrieve(skill.id);
    expect([version.skillId, version.name, version.directory, after.latestVersion]).toEqual([
      skill.id,
      "code-review",
      "code-review",
      version.version,
    ]);
  });

  it("skill: a version whose SKILL.md name differs is a 400", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    await expect(t.client.skills.versions.create(skill.id, { files: await skillDir("other-name") })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("skill: versions list newest first and retrieve one", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    const second = await t.client.skills.versions.create(skill.id, { files: await skillDir("code-review", { "b.md": "b" }) });
    const versions = await t.client.skills.versions.list(skill.id).toArray();
    const one = await t.client.skills.versions.retrieve(skill.id, skill.latestVersion);
    expect([versions.map((v) => v.version), one.version]).toEqual([[second.version, skill.latestVersion], skill.latestVersion]);
  });

  it("skill: content downloads the version as a zip", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    const zip = await t.client.skills.versions.content(skill.id, skill.latestVersion);
    expect(Buffer.from(zip.subarray(0, 2)).toString("latin1")).toBe("PK");
  });

  it("skill: deleting a version answers skill_version_deleted", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    await t.client.skills.versions.create(skill.id, { files: await skillDir("code-review", { "b.md": "b" }) });
    await expect(t.client.skills.versions.delete(skill.id, skill.latestVersion)).resolves.toEqual({
      id: skill.latestVersion,
      type: "skill_version_deleted",
    });
  });

  it("skill: delete answers skill_deleted, then the id is gone", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    await expect(t.client.skills.delete(skill.id)).resolves.toEqual({ id: skill.id, type: "skill_deleted" });
    await expect(t.client.skills.retrieve(skill.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("skill: the content hash of the same directory is stable across uploads", async () => {
    const dir = await skillDir("code-review");
    const before = await hashSkillDirectory(dir);
    await t.client.skills.create({ files: dir });
    expect(await hashSkillDirectory(dir)).toBe(before);
  });
});

describe("skill packages", () => {
  const zipPart = (entries: Record<string, Uint8Array>) => [{ path: "package.zip", content: zipSync(entries) }];

  it("skill: create answers HTTP 201", async () => {
    await t.client.skills.create({ files: await skillDir("code-review") });
    expect(t.emulator.admin.requests().map((entry) => [entry.method, entry.status])).toEqual([["POST", 201]]);
  });

  it("skill: create from one .zip part unpacks it", async () => {
    const skill = await t.client.skills.create({ files: zipPart({ "zipped/SKILL.md": strToU8(MANIFEST("zipped")), "zipped/a.md": strToU8("a") }) });
    expect(skill.displayTitle).toBe("zipped");
  });

  it("skill: a zip with two top-level folders is a 400", async () => {
    const files = zipPart({ "one/SKILL.md": strToU8(MANIFEST("one")), "two/b.md": strToU8("b") });
    await expect(rejectionOf(t.client.skills.create({ files }))).resolves.toMatchObject({ status: 400, param: "files" });
  });

  it("skill: a package that unpacks to more than 50 MB is a 400", async () => {
    const files = zipPart({ "big/SKILL.md": strToU8(MANIFEST("big")), "big/zeros.bin": new Uint8Array(51 * 1024 * 1024) });
    await expect(rejectionOf(t.client.skills.create({ files }))).resolves.toMatchObject({ status: 400, param: "files" });
  });

  it("skill: a SKILL.md without a description is a 400", async () => {
    const files = [{ path: "SKILL.md", content: Buffer.from("---\nname: terse\n---\n# terse\n") }];
    await expect(t.client.skills.create({ files })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("skill: a top folder not named like the SKILL.md name is a 400", async () => {
    const create = t.client.skills.create({ files: await skillDir("code-review"), topFolder: "reviewing" });
    await expect(rejectionOf(create)).resolves.toMatchObject({ status: 400, param: "files" });
  });

  it("skill: a display title over 255 characters is a 400 on display_title", async () => {
    const create = t.client.skills.create({ files: await skillDir("code-review"), displayTitle: "t".repeat(256) });
    await expect(rejectionOf(create)).resolves.toMatchObject({ status: 400, param: "display_title" });
  });

  it("skill: content holds the uploaded files under the top folder", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review", { "templates/r.md": "template" }) });
    const entries = unzipSync(await t.client.skills.versions.content(skill.id, skill.latestVersion));
    expect([
      Object.keys(entries)
        .filter((name) => !name.endsWith("/"))
        .sort(),
      Buffer.from(entries["code-review/templates/r.md"] ?? []).toString(),
    ]).toEqual([["code-review/SKILL.md", "code-review/templates/r.md"], "template"]);
  });

  it("skill: a version answers its SkillVersion fields", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    const version = await t.client.skills.versions.retrieve(skill.id, skill.latestVersion);
    expect(version).toMatchObject({
      type: "skill_version",
      skillId: skill.id,
      version: skill.latestVersion,
      name: "code-review",
      description: "Reviews code",
      directory: "code-review",
    });
  });

  it("skill: delete removes every version", async () => {
    const skill = await t.client.skills.create({ files: await skillDir("code-review") });
    await t.client.skills.delete(skill.id);
    await expect(t.client.skills.versions.retrieve(skill.id, skill.latestVersion)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("skill: a new version of an unknown skill is a 404", async () => {
    const create = t.client.skills.versions.create("skill_00000000000000000000000000000000", { files: await skillDir("code-review") });
    await expect(create).rejects.toBeInstanceOf(NotFoundError);
  });
});
