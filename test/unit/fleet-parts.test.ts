// The fleet's building blocks on their own: suggestions by edit distance, property paths, camelCase twins of
// the wire schemas (which stay untouched), and positions read from YAML node ranges.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as wire from "../../provider/api";
import { validateFleet } from "../../provider/fleet";
import { camelSchema } from "../../provider/fleet/camel";
import { formatPath } from "../../provider/fleet/problems";
import { parseYamlSource, positionOf, securePaths } from "../../provider/fleet/source";
import { closest, editDistance } from "../../provider/fleet/suggest";

describe("fleet parts", () => {
  it("suggest: edit distance counts inserts, deletes and substitutions, ignoring case", () => {
    expect(editDistance("reviwer", "reviewer")).toBe(1);
    expect(editDistance("Sandbox", "sandbx")).toBe(1);
    expect(editDistance("abc", "xyz")).toBe(3);
  });

  it("suggest: the closest key is offered only when it is a plausible typo", () => {
    expect(closest("code-reviw", ["code-review", "style"])).toBe("code-review");
    expect(closest("linear", ["github"])).toBeUndefined();
  });

  it("paths: keys, indexes and odd keys read as a person writes them", () => {
    expect(formatPath(["agents", "review-lead", "skills", 0, "skill"])).toBe("agents.review-lead.skills[0].skill");
    expect(formatPath(["environments", "review sandbox"])).toBe('environments["review sandbox"]');
  });

  it("camel: the twin has camelCase keys and the wire limits", () => {
    const model = camelSchema(wire.AgentModelConfig);
    expect(model.safeParse({ id: "ultimate", contextWindow: 200_000 }).success).toBe(true);
    expect(model.safeParse({ id: "ultimate", context_window: 200_000 }).success).toBe(false);
    expect(model.safeParse({ id: "ultimate", contextWindow: -1 }).success).toBe(false);
  });

  it("camel: descriptions name the camelCase fields, and the wire schema keeps its own", () => {
    const twin = z.toJSONSchema(camelSchema(wire.AgentModel)) as { description: string };
    expect(twin.description).toContain("contextWindow");
    expect(z.globalRegistry.get(wire.AgentModel)?.description).toContain("context_window");
  });

  it("source: a missing property is placed at the key of its nearest present parent", () => {
    const source = parseYamlSource("f.yaml", "agents:\n  reviewer:\n    system: hi\n");
    expect(positionOf(source, ["agents", "reviewer", "system"])).toEqual({ line: 3, column: 13 });
    expect(positionOf(source, ["agents", "reviewer", "model"])).toEqual({ line: 2, column: 3 });
  });

  it("source: secure: values are found by path", () => {
    const source = parseYamlSource("f.yaml", "config:\n  p:fleet:\n    a:\n      - token:\n          secure: v1:x\n");
    expect(securePaths(source, ["config", "p:fleet"])).toEqual([["a", 0, "token"]]);
  });

  it("issues: in a list item that may be one of several maps, the map whose required keys are written is the one meant", async () => {
    // `{ skill, pin }` and `{ qoder, version }` are both maps: `skill` tells which, so `pn` gets its suggestion.
    const data = { skills: { lint: { directory: "skills/lint" } }, agents: { reviewer: { model: "auto", skills: [{ skill: "lint", pn: true }] } } };
    const config = { project: "qoder-fleet", get: () => undefined, isSecret: () => false };
    const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths: [], config });
    expect("problems" in result && result.problems).toEqual([
      { path: ["agents", "reviewer", "skills", 0, "pn"], at: "key", message: 'unknown property "pn"; did you mean "pin"?' },
    ]);
  });
});
