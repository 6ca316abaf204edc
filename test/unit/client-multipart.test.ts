// Skill uploads: the multipart body built from a directory, and the content hash that decides new versions.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Response } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildSkillUpload, hashSkillDirectory, skillName, type SkillFile } from "../../provider/client/index";
import { closeHarnesses, harness } from "../support/client-mock";

const MANIFEST = "---\nname: code-review\ndescription: Reviews code\n---\n# Code review\n";
let root: string;

/** The file part of a parsed form, as far as these tests look at it. */
type FilePart = { name: string; text(): Promise<string> };

async function makeSkill(dir: string, files: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

async function parts(body: { bytes: Uint8Array; contentType: string }): Promise<[string, string][]> {
  const form = await new Response(body.bytes, { headers: { "content-type": body.contentType } }).formData();
  return [...form.entries()].map(([name, value]) => [name, typeof value === "string" ? value : (value as unknown as FilePart).name]);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "qoder-skill-"));
});
afterEach(async () => {
  await closeHarnesses();
  await rm(root, { recursive: true, force: true });
});

describe("multipart", () => {
  it("multipart: each file is a `files` part named by its path under the skill-name folder, in sorted order", async () => {
    const dir = await makeSkill(join(root, "src"), { "SKILL.md": MANIFEST, "templates/report.md": "r", "examples/a.json": "{}" });
    const body = await buildSkillUpload({ files: dir });
    expect(await parts(body)).toEqual([
      ["files", "code-review/SKILL.md"],
      ["files", "code-review/examples/a.json"],
      ["files", "code-review/templates/report.md"],
    ]);
  });

  it("multipart: display_title and metadata (as JSON text) follow the files", async () => {
    const dir = await makeSkill(join(root, "src"), { "SKILL.md": MANIFEST });
    const body = await buildSkillUpload({ files: dir, displayTitle: "Code Review", metadata: { team: "docs" } });
    expect((await parts(body)).slice(1)).toEqual([
      ["display_title", "Code Review"],
      ["metadata", '{"team":"docs"}'],
    ]);
  });

  it("multipart: a part's bytes are the file's bytes", async () => {
    const dir = await makeSkill(join(root, "src"), { "SKILL.md": MANIFEST });
    const body = await buildSkillUpload({ files: dir });
    const form = await new Response(body.bytes, { headers: { "content-type": body.contentType } }).formData();
    expect(await (form.get("files") as unknown as FilePart).text()).toBe(MANIFEST);
  });

  it("multipart: without a SKILL.md name the folder name is the top folder", async () => {
    const dir = await makeSkill(join(root, "my-skill"), { "README.md": "x" });
    expect(await parts(await buildSkillUpload({ files: dir }))).toEqual([["files", "my-skill/README.md"]]);
  });

  it("multipart: the frontmatter name is read, quotes removed", () => {
    const files: SkillFile[] = [{ path: "SKILL.md", content: Buffer.from('---\nname: "quoted-name"\ndescription: d\n---\n') }];
    expect(skillName(files)).toBe("quoted-name");
  });

  it("multipart: skills.create posts the body as multipart/form-data to /skills", async () => {
    const dir = await makeSkill(join(root, "src"), { "SKILL.md": MANIFEST });
    const h = harness();
    h.reply("POST", "/skills", 201, {
      id: "skill_1",
      type: "skill",
      display_title: "code-review",
      source: "custom",
      latest_version: "1759178010641129",
      metadata: {},
      created_at: "2026-05-18T15:35:24Z",
      updated_at: "2026-05-18T15:35:24Z",
    });
    const skill = await h.client.skills.create({ files: dir });
    expect([skill.latestVersion, String(h.requests[0]?.headers["content-type"]).split(";")[0]]).toEqual(["1759178010641129", "multipart/form-data"]);
  });
});

describe("content hash", () => {
  it("hash: identical content in two directories hashes the same", async () => {
    const a = await makeSkill(join(root, "a"), { "SKILL.md": MANIFEST, "x/y.txt": "y" });
    const b = await makeSkill(join(root, "b"), { "x/y.txt": "y", "SKILL.md": MANIFEST });
    expect(await hashSkillDirectory(a)).toBe(await hashSkillDirectory(b));
  });

  it("hash: a changed byte changes the hash", async () => {
    const a = await makeSkill(join(root, "a"), { "SKILL.md": MANIFEST });
    const b = await makeSkill(join(root, "b"), { "SKILL.md": `${MANIFEST}!` });
    expect(await hashSkillDirectory(a)).not.toBe(await hashSkillDirectory(b));
  });

  it("hash: a renamed file changes the hash", async () => {
    const a = await makeSkill(join(root, "a"), { "SKILL.md": MANIFEST, "one.txt": "z" });
    const b = await makeSkill(join(root, "b"), { "SKILL.md": MANIFEST, "two.txt": "z" });
    expect(await hashSkillDirectory(a)).not.toBe(await hashSkillDirectory(b));
  });

  it("hash: bytes moved across a file boundary change the hash", async () => {
    const a = await makeSkill(join(root, "a"), { "p.txt": "ab", "q.txt": "c" });
    const b = await makeSkill(join(root, "b"), { "p.txt": "a", "q.txt": "bc" });
    expect(await hashSkillDirectory(a)).not.toBe(await hashSkillDirectory(b));
  });

  it("hash: a directory and its file list hash the same", async () => {
    const dir = await makeSkill(join(root, "a"), { "SKILL.md": MANIFEST });
    const list: SkillFile[] = [{ path: "SKILL.md", content: Buffer.from(MANIFEST) }];
    expect(await hashSkillDirectory(dir)).toBe(await hashSkillDirectory(list));
  });
});

describe("multipart boundary", () => {
  it("multipart: the same upload is the same bytes in every run, so an idempotent retry matches", async () => {
    const files = [{ path: "SKILL.md", content: new TextEncoder().encode("---\nname: a\ndescription: b\n---\n") }];
    const [first, second] = [await buildSkillUpload({ files }), await buildSkillUpload({ files })];
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(second.contentType).toBe(first.contentType);
    expect(first.contentType).toMatch(/boundary=pulumi-qoder-[0-9a-f]{40}/);
  });
});
