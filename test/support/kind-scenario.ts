// The engine scenario every resource kind goes through (issue 4): create, a clean re-preview, an in-place
// update, a replacement, an out-of-band change found by refresh and converged by up, an out-of-band
// deletion found by refresh and recreated by up, and destroy doing what the lifecycle table says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetStack, stored, type FleetStack } from "./fleet-engine";
import type { CommandResult } from "./pulumi";

export type Variant = "base" | "update" | "replace";

export interface KindScenario {
  /** "Vault": the kind under test; test names start with it. */
  kind: string;
  /** The emulator collection holding it ("vaults"). */
  collection: string;
  /** CommonJS program exporting the resource's id as `id`; `variant` selects the declared state. */
  program(variant: Variant): string;
  /** Files the variant needs in the project directory (a skill's directory). */
  files?(variant: Variant): Record<string, string>;
  /** What the in-place update changed, as the emulator stores it. */
  updated(object: Record<string, unknown>, stack: FleetStack): void;
  /** Replacement by a declared change (a variant) unless the kind has none: then an out-of-band archive. */
  replacedBy: "variant" | "archive";
  /** An edit outside Pulumi (wire fields to patch, or an action) and the input name the refresh diff shows. */
  drift: { fields: Record<string, unknown> | ((stack: FleetStack, id: string) => Promise<void>); shows: string };
  /** What destroy leaves behind. */
  destroy: "deleted" | "archived";
  /** More to check after the replacement (what became of the old object, who moved to the new one). */
  replaced?(stack: FleetStack, before: string, after: string, up: CommandResult): void;
  /** More to check after the recreation of an object deleted outside Pulumi. */
  recreated?(stack: FleetStack, id: string, up: CommandResult): void;
}

export function describeKind(scenario: KindScenario): void {
  const name = scenario.kind;
  describe(`${name} on the engine`, () => {
    let stack: FleetStack;
    let id = "";
    const declare = (variant: Variant) => {
      for (const [path, text] of Object.entries(scenario.files?.(variant) ?? {})) stack.project.writeFile(path, text);
      stack.project.writeProgram(scenario.program(variant));
    };
    const currentId = async () => String((await stack.project.outputs()).id);

    beforeAll(async () => {
      stack = await fleetStack(`${name.toLowerCase()}-engine`, scenario.program("base"));
      declare("base");
    });
    afterAll(() => stack?.dispose());

    it(`${name}: up creates it`, async () => {
      await stack.project.up();
      id = await currentId();
      expect(stored(stack, scenario.collection, id).id).toBe(id);
    });

    it(`${name}: a second preview shows no changes`, async () => {
      await stack.project.previewNoChanges();
    });

    it(`${name}: a declared change updates it in place`, async () => {
      declare("update");
      const result = await stack.project.up();
      expect(result.stdout).toMatch(/1 updated/);
      expect(await currentId()).toBe(id);
      scenario.updated(stored(stack, scenario.collection, id), stack);
      await stack.project.previewNoChanges();
    });

    it(`${name}: an edit outside Pulumi is found by refresh, and up converges`, async () => {
      const { fields } = scenario.drift;
      if (typeof fields === "function") await fields(stack, id);
      else stack.emulator.admin.patch(scenario.collection, id, fields);
      const refresh = await stack.project.refresh("--diff");
      expect(refresh.stdout).toContain(scenario.drift.shows);
      const preview = await stack.project.run(["preview", "--diff"]);
      expect(preview.stdout).toContain(scenario.drift.shows);
      await stack.project.up();
      await stack.project.previewNoChanges();
      id = await currentId();
    });

    it(`${name}: ${scenario.replacedBy === "variant" ? "a change of a fixed field" : "an archive outside Pulumi"} replaces it`, async () => {
      if (scenario.replacedBy === "variant") declare("replace");
      else {
        stack.emulator.admin.archive(scenario.collection, id);
        await stack.project.refresh();
      }
      const result = await stack.project.up();
      expect(result.stdout).toMatch(/1 replaced/);
      const replacement = await currentId();
      expect(replacement).not.toBe(id);
      scenario.replaced?.(stack, id, replacement, result);
      id = replacement;
      await stack.project.previewNoChanges();
    });

    it(`${name}: deleted outside Pulumi, refresh forgets it and up recreates it`, async () => {
      stack.emulator.admin.remove(scenario.collection, id);
      await stack.project.refresh();
      const result = await stack.project.up();
      expect(result.stdout).toMatch(/1 created/);
      id = await currentId();
      expect(stored(stack, scenario.collection, id).id).toBe(id);
      scenario.recreated?.(stack, id, result);
      await stack.project.previewNoChanges();
    });

    it(`${name}: destroy ${scenario.destroy === "deleted" ? "deletes" : "archives"} it`, async () => {
      await stack.project.destroy();
      const left = stack.emulator.admin.get(scenario.collection, id);
      if (scenario.destroy === "deleted") expect(left).toBeUndefined();
      else expect(left?.archived_at).toEqual(expect.any(String));
    });
  });
}
