// The content hash of a skill directory is in every stack's state: if it changed for the same files, every
// existing stack would show a diff and upload a new version. These pin it for a fixture directory (nested
// folders, a dotfile, no symlinks and nothing ignored), read both ways the provider reads it.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hashSkillDirectory } from "../../provider/client/multipart";
import { localSkillContent } from "../../provider/client/skill-content";

const PINNED = resolve(__dirname, "..", "fixtures", "skills", "pinned");
// Computed before ignore rules and symlink support existed; never update it to make a test pass.
const PINNED_HASH = "2cdbb533962586ec6d4516eaf9e771578083277773362a6f5db3b81d3e9b0707";

describe("skill hash", () => {
  it("skill hash: the client's hash of the fixture directory is the pinned one", async () => {
    expect(await hashSkillDirectory(PINNED)).toBe(PINNED_HASH);
  });

  it("skill hash: the Skill resource's content hash of the fixture directory is the pinned one", async () => {
    expect(await localSkillContent(PINNED)).toEqual({ contentHash: PINNED_HASH, skillName: "pinned-review" });
  });
});
