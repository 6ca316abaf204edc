// Wire schemas of Skills (provider/api/skill.ts): responses tolerate unknown fields and the older names.
import { describe, expect, it } from "vitest";
import { Skill, SkillCreateParams, SkillVersion } from "../../provider/api";

const times = { created_at: "2026-05-18T15:35:24.248164Z", updated_at: "2026-05-18T15:35:24.248164Z" };

describe("api skill", () => {
  it("skill: a response keeps unknown fields", () => {
    const body = { id: "skill_1", type: "skill", display_title: "t", source: "custom", latest_version: "1759178010641129" };
    const skill = Skill.parse({ ...body, metadata: {}, ...times, extra: 1 });
    expect(skill.extra).toBe(1);
  });

  it("skill: the legacy name, integer version and skill_type are read as today's fields", () => {
    const skill = Skill.parse({ id: "skill_1", type: "skill", name: "my-skill", version: 2, skill_type: "custom", ...times });
    expect([skill.display_title, skill.latest_version, skill.source, skill.metadata]).toEqual(["my-skill", "2", "custom", {}]);
  });

  it("skill: a legacy version descriptor without id parses", () => {
    const version = SkillVersion.parse({ version: "1", skill_id: "skill_1", status: "active", created_at: times.created_at });
    expect([version.id, version.version, version.name]).toEqual([undefined, "1", ""]);
  });

  it("skill: create params refuse a display_title over 255 characters", () => {
    expect(SkillCreateParams.safeParse({ display_title: "x".repeat(256) }).success).toBe(false);
  });
});
