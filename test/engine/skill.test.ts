// Skill on the real engine: changed files upload a new version in place, a new displayTitle replaces, a
// version uploaded outside Pulumi is found by refresh, and destroy deletes the skill with its versions.
import { expect } from "vitest";
import { createClient } from "../../provider/client/index";
import { ENGINE_TOKEN } from "../support/fleet-engine";
import { describeKind } from "../support/kind-scenario";

const manifest = "---\nname: review\ndescription: Reviews pull requests\n---\n# Review\n";

describeKind({
  kind: "Skill",
  collection: "skills",
  files: (variant) => ({
    "skills/review/SKILL.md": manifest,
    "skills/review/checklist.md": variant === "base" ? "- tests\n" : "- tests\n- docs\n",
  }),
  program: (variant) => `
const qoder = require("pulumi-qoder");
const skill = new qoder.Skill("review", {
  directory: "skills/review",
  ${variant === "replace" ? 'displayTitle: "Code review",' : ""}
});
exports.id = skill.id;
exports.latestVersion = skill.latestVersion;
`,
  updated: (object, stack) => {
    const versions = stack.emulator.admin.list("skill_versions").filter((version) => version.skill_id === object.id);
    expect(versions).toHaveLength(2);
  },
  replacedBy: "variant",
  drift: {
    async fields(stack, id) {
      const client = createClient({ baseUrl: stack.emulator.baseUrl, token: ENGINE_TOKEN });
      const files = [
        { path: "SKILL.md", content: new TextEncoder().encode(manifest) },
        { path: "checklist.md", content: new TextEncoder().encode("- uploaded by hand\n") },
      ];
      await client.skills.versions.create(id, { files });
      await client.close();
    },
    shows: "contentHash",
  },
  destroy: "deleted",
});
