// qoder-adopt unpacks each skill's latest version into a directory whose content hash must equal the
// version's, or adoption would upload a new version. A version may hold files a directory leaves out by
// default (uploaded by hand): the written .qoderignore includes them again.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hashSkillDirectory, type SkillFile } from "../../provider/client";
import { writeSkillFiles } from "../../provider/adopt/skills";

const file = (path: string, text: string): SkillFile => ({ path, content: Buffer.from(text) });
const MANIFEST = file("SKILL.md", "---\nname: review\ndescription: Reviews code\n---\n");
const roots: string[] = [];
const freshDirectory = () => {
  const root = mkdtempSync(join(tmpdir(), "adopt-skill-files-"));
  roots.push(root);
  return join(root, "skills", "review");
};

afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

describe("adopt skill files", () => {
  it("adopt skill files: a version holding files the defaults leave out unpacks to a directory with its hash", async () => {
    const files = [
      MANIFEST,
      file(".DS_Store", "finder"),
      file(".env.example", "TOKEN="),
      file("node_modules/pkg/index.js", "x"),
      file("docs/.git/HEAD", "ref"),
      file("notes[1]*.md~", "odd name"),
      file("checklist.md", "- tests\n"),
    ];
    const directory = freshDirectory();
    await writeSkillFiles(directory, files);
    expect(await hashSkillDirectory(directory)).toBe(await hashSkillDirectory(files));
  });

  it("adopt skill files: a version without such files gets no .qoderignore", async () => {
    const files = [MANIFEST, file("checklist.md", "- tests\n")];
    const directory = freshDirectory();
    await writeSkillFiles(directory, files);
    expect([existsSync(join(directory, ".qoderignore")), await hashSkillDirectory(directory)]).toEqual([false, await hashSkillDirectory(files)]);
  });
});
