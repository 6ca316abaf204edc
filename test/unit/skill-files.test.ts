// A skill directory as the upload and the content hash see it: ignore rules (defaults and .qoderignore), and
// symbolic links followed only where they stay inside the skill (or the directory the caller allows).
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Response } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildSkillUpload, hashSkillDirectory, readSkillDirectory } from "../../provider/client/multipart";

const MANIFEST = "---\nname: code-review\ndescription: Reviews code\n---\n# Code review\n";
let root: string;

async function makeSkill(dir: string, files: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const pathsOf = async (dir: string, options?: Parameters<typeof readSkillDirectory>[1]) =>
  (await readSkillDirectory(dir, options)).map((file) => file.path);

/** The filenames of the upload's `files` parts, without the top folder. */
async function uploaded(dir: string): Promise<string[]> {
  const body = await buildSkillUpload({ files: dir });
  const form = await new Response(body.bytes, { headers: { "content-type": body.contentType } }).formData();
  return form.getAll("files").map((part) => (part as unknown as { name: string }).name.replace(/^[^/]+\//, ""));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "qoder-skill-files-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("skill ignore", () => {
  it("skill files: version control, dependencies, OS and editor litter and .env files stay out by default", async () => {
    const dir = await makeSkill(join(root, "s"), {
      "SKILL.md": MANIFEST,
      "notes.md": "n",
      ".git/config": "[core]",
      "node_modules/x/index.js": "x",
      "sub/node_modules/y.js": "y",
      ".DS_Store": "d",
      "sub/.DS_Store": "d",
      ".SKILL.md.swp": "s",
      "notes.md~": "b",
      ".env": "TOKEN=secret",
      ".env.local": "TOKEN=secret",
    });
    expect(await pathsOf(dir)).toEqual(["SKILL.md", "notes.md"]);
  });

  it("skill files: ignored files change neither the upload nor the content hash", async () => {
    const clean = await makeSkill(join(root, "clean"), { "SKILL.md": MANIFEST, "notes.md": "n" });
    const littered = await makeSkill(join(root, "littered"), {
      "SKILL.md": MANIFEST,
      "notes.md": "n",
      ".DS_Store": "d",
      "draft.tmp": "t",
      ".qoderignore": "*.tmp\n",
    });
    expect(await hashSkillDirectory(littered)).toBe(await hashSkillDirectory(clean));
    expect(await uploaded(littered)).toEqual(["SKILL.md", "notes.md"]);
  });

  it("skill files: .qoderignore takes comments, blank lines, dir/, *.ext, **, anchors and negation", async () => {
    const ignore = ["# drafts are never uploaded", "", "*.log", "build/", "/top-only.md", "docs/**/*.tmp", "!keep.log", "\\#literal"].join("\n");
    const dir = await makeSkill(join(root, "s"), {
      "SKILL.md": MANIFEST,
      ".qoderignore": ignore,
      "a.log": "x",
      "deep/b.log": "x",
      "keep.log": "kept",
      "build/out.js": "x",
      "src/build/out.js": "x",
      "build.md": "a file named like the directory pattern stays",
      "top-only.md": "x",
      "deep/top-only.md": "anchored patterns match at the top only",
      "docs/a.tmp": "x",
      "docs/x/y/b.tmp": "x",
      "docs/c.md": "c",
      "#literal": "x",
    });
    expect(await pathsOf(dir)).toEqual(["SKILL.md", "build.md", "deep/top-only.md", "docs/c.md", "keep.log"]);
  });

  it("skill files: `?`, `[abc]`, `[!abc]` and an escaped trailing space match as in git", async () => {
    const ignore = ["draft?.md", "v[12].txt", "log[!0-9].txt", "space\\ "].join("\n");
    const dir = await makeSkill(join(root, "s"), {
      "SKILL.md": MANIFEST,
      ".qoderignore": ignore,
      "draft1.md": "x",
      "draft10.md": "kept: ? is one character",
      "v1.txt": "x",
      "v3.txt": "kept",
      "loga.txt": "x",
      "log7.txt": "kept",
      "space ": "x",
      space: "kept",
    });
    expect(await pathsOf(dir)).toEqual(["SKILL.md", "draft10.md", "log7.txt", "space", "v3.txt"]);
  });

  it("skill files: a negation in .qoderignore brings back a default (.env.example)", async () => {
    const dir = await makeSkill(join(root, "s"), { "SKILL.md": MANIFEST, ".env": "x", ".env.example": "TOKEN=", ".qoderignore": "!.env.example\n" });
    expect(await pathsOf(dir)).toEqual([".env.example", "SKILL.md"]);
  });

  it("skill files: nothing inside an ignored directory comes back, as in git", async () => {
    const dir = await makeSkill(join(root, "s"), { "SKILL.md": MANIFEST, "cache/keep.md": "k", ".qoderignore": "cache/\n!cache/keep.md\n" });
    expect(await pathsOf(dir)).toEqual(["SKILL.md"]);
  });

  it("skill files: `dir/**` leaves out what a directory holds, and a negation can keep one file", async () => {
    const dir = await makeSkill(join(root, "s"), {
      "SKILL.md": MANIFEST,
      "cache/a.md": "a",
      "cache/keep.md": "k",
      ".qoderignore": "cache/**\n!cache/keep.md\n",
    });
    expect(await pathsOf(dir)).toEqual(["SKILL.md", "cache/keep.md"]);
  });
});

describe("skill symlinks", () => {
  it("skill files: a SKILL.md that is a symbolic link within the skill is read through it", async () => {
    const dir = await makeSkill(join(root, "s"), { "docs/SKILL.md": MANIFEST });
    await symlink(join("docs", "SKILL.md"), join(dir, "SKILL.md"));
    const files = await readSkillDirectory(dir);
    expect(files.map((file) => [file.path, Buffer.from(file.content).toString()])).toEqual([
      ["SKILL.md", MANIFEST],
      ["docs/SKILL.md", MANIFEST],
    ]);
  });

  it("skill files: a linked directory within the skill is walked like a copy, upload and hash alike", async () => {
    const linked = await makeSkill(join(root, "linked"), { "SKILL.md": MANIFEST, "shared/a.md": "a" });
    await symlink("shared", join(linked, "alias"));
    const copied = await makeSkill(join(root, "copied"), { "SKILL.md": MANIFEST, "shared/a.md": "a", "alias/a.md": "a" });
    expect(await hashSkillDirectory(linked)).toBe(await hashSkillDirectory(copied));
    expect(await uploaded(linked)).toEqual(["SKILL.md", "alias/a.md", "shared/a.md"]);
  });

  it("skill files: a symbolic link out of the skill directory is an error naming the link", async () => {
    const secret = await makeSkill(join(root, "home"), { "credentials.txt": "aws_secret_access_key=x" });
    const dir = await makeSkill(join(root, "s"), { "SKILL.md": MANIFEST });
    await symlink(join(secret, "credentials.txt"), join(dir, "creds.txt"));
    await expect(readSkillDirectory(dir)).rejects.toThrow(
      /^creds\.txt is a symbolic link to .*credentials\.txt, outside the skill directory; .*\.qoderignore/,
    );
    await expect(buildSkillUpload({ files: dir })).rejects.toThrow(/creds\.txt is a symbolic link/);
  });

  it("skill files: a link out of the skill may lead into the directory the caller allows (the project)", async () => {
    const project = await makeSkill(join(root, "project"), { "shared/style.md": "style", "skills/s/SKILL.md": MANIFEST });
    await symlink(join(project, "shared", "style.md"), join(project, "skills", "s", "style.md"));
    const options = { linksWithin: { directory: project, label: "the project" } };
    expect(await pathsOf(join(project, "skills", "s"), options)).toEqual(["SKILL.md", "style.md"]);
    await expect(readSkillDirectory(join(project, "skills", "s"))).rejects.toThrow(/outside the skill directory;/);
  });

  it("skill files: a .qoderignore shared by link from the project applies; one linked from outside is an error", async () => {
    const project = await makeSkill(join(root, "project"), { "shared.qoderignore": "*.log\n", "skills/s/SKILL.md": MANIFEST, "skills/s/a.log": "x" });
    const dir = join(project, "skills", "s");
    await symlink(join(project, "shared.qoderignore"), join(dir, ".qoderignore"));
    expect(await pathsOf(dir, { linksWithin: { directory: project, label: "the project" } })).toEqual(["SKILL.md"]);
    await expect(readSkillDirectory(dir)).rejects.toThrow(
      /^\.qoderignore is a symbolic link that does not lead to a file within the skill directory;/,
    );
  });

  it("skill files: a link leading outside that .qoderignore lists is left out instead", async () => {
    const dir = await makeSkill(join(root, "s"), { "SKILL.md": MANIFEST, ".qoderignore": "creds.txt\n" });
    await symlink(root, join(dir, "creds.txt"));
    expect(await pathsOf(dir)).toEqual(["SKILL.md"]);
  });

  it("skill files: a dangling link and a link to a directory above are errors naming them", async () => {
    const dangling = await makeSkill(join(root, "a"), { "SKILL.md": MANIFEST });
    await symlink("missing.md", join(dangling, "gone.md"));
    await expect(readSkillDirectory(dangling)).rejects.toThrow(/^gone\.md is a symbolic link to missing\.md, which does not exist/);
    const looping = await makeSkill(join(root, "b"), { "SKILL.md": MANIFEST, "sub/x.md": "x" });
    await symlink("..", join(looping, "sub", "up"));
    await expect(readSkillDirectory(looping)).rejects.toThrow(/^sub\/up is a symbolic link to .*, a directory it is inside of/);
  });
});
