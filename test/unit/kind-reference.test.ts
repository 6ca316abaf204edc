// The TypeScript API reference (docs/typescript-api.md) is written by hand, so this keeps it true to the kind
// descriptors: every input and output of every kind is named in that kind's section, and no section names a
// field the kind does not have.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS, outputNames } from "../../provider/kinds";

const reference = readFileSync(join(__dirname, "..", "..", "docs", "typescript-api.md"), "utf8");

/** The text of `## <kind>` up to the next second-level heading. */
function sectionOf(kind: string): string {
  const start = reference.indexOf(`\n## ${kind}\n`);
  if (start < 0) return "";
  const end = reference.indexOf("\n## ", start + 1);
  return reference.slice(start, end < 0 ? undefined : end);
}

/** The first cell of each table row, split on commas: the fields a section's tables document. */
function documentedNames(section: string): Set<string> {
  const names = new Set<string>();
  for (const line of section.split("\n")) {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
    if (!cell || /^(Input|Output|---)/.test(cell.trim())) continue;
    for (const match of cell.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)) names.add(match[1]!);
  }
  return names;
}

describe("docs/typescript-api.md", () => {
  for (const [type, kind] of Object.entries(KINDS)) {
    it(`${type}: names every input and output of the descriptor, and nothing else`, () => {
      const section = sectionOf(type);
      expect(section, `no "## ${type}" section`).not.toBe("");
      const documented = documentedNames(section);
      const fields = [...Object.keys(kind.fields), ...outputNames(kind), "adoptId"];
      expect(fields.filter((name) => !documented.has(name))).toEqual([]);
      expect([...documented].filter((name) => !fields.includes(name))).toEqual([]);
    });
  }
});
