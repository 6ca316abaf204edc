// Adoption (`adoptId`) across kinds: it is honoured by the first create only, so a later replacement makes a
// new object; and declared values the API also fills in by default are no reason to refuse it.
import { afterEach, describe, expect, it } from "vitest";
import { environmentLifecycle as environment } from "../../provider/lifecycle/environment";
import { skillLifecycle as skill } from "../../provider/lifecycle/skill";
import { checkAndCreate, checkAndDiff, skillDirectory, skillManifest, useProvider } from "../support/provider";

const h = useProvider();
let dirs: ReturnType<typeof skillDirectory>[] = [];
afterEach(() => {
  dirs.forEach((dir) => dir.dispose());
  dirs = [];
});

describe("adoption", () => {
  it("adoption: once the resource is in state, check drops adoptId, so a replacement creates a new object", async () => {
    const existing = await checkAndCreate(environment, { name: "sandbox" });
    const adopted = await checkAndCreate(environment, { name: "sandbox", adoptId: existing.id });
    const { inputs, diff } = await checkAndDiff(environment, adopted.id, adopted.outs, {
      name: "sandbox",
      config: { type: "self_hosted" },
      adoptId: existing.id,
    });
    expect([diff.replaces, inputs.adoptId]).toEqual([["config"], undefined]);
    const replacement = await environment.create(inputs);
    expect(replacement.id).not.toBe(existing.id);
    expect(h.emulator.admin.list("environments")).toHaveLength(2);
  });

  it("adoption: a skill whose declared title is its SKILL.md name, as the API also fills it in, is adopted", async () => {
    const dir = skillDirectory({ "SKILL.md": skillManifest("review") });
    dirs.push(dir);
    const existing = await checkAndCreate(skill, { directory: dir.dir });
    const adopted = await checkAndCreate(skill, { directory: dir.dir, displayTitle: "review", adoptId: existing.id });
    expect([adopted.id, adopted.outs.latestVersion]).toEqual([existing.id, existing.outs.latestVersion]);
  });
});
