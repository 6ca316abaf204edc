// The unified line diff of the preview summary (provider/gitops/line-diff.ts): hunks as `diff -u` prints
// them, context around each change, separate hunks for distant changes, and texts too large to match.
import { describe, expect, it } from "vitest";
import { lineDiff } from "../../provider/gitops/line-diff";

const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

describe("line diff", () => {
  it("equal texts have no hunk", () => {
    expect(lineDiff("a\nb\n", "a\nb\n")).toEqual({ lines: [], added: 0, removed: 0 });
  });

  it("one changed line in the middle, with three lines of context", () => {
    const before = lines(9);
    const after = [...before];
    after[4] = "line five";
    expect(lineDiff(before.join("\n"), after.join("\n"))).toEqual({
      lines: ["@@ -2,7 +2,7 @@", " line 2", " line 3", " line 4", "-line 5", "+line five", " line 6", " line 7", " line 8"],
      added: 1,
      removed: 1,
    });
  });

  it("an added line and a removed one far apart make two hunks", () => {
    const before = lines(20);
    const after = ["line 0", ...before.filter((line) => line !== "line 18")];
    const diff = lineDiff(before.join("\n"), after.join("\n"));
    expect(diff.lines.filter((line) => line.startsWith("@@"))).toEqual(["@@ -1,3 +1,4 @@", "@@ -15,6 +16,5 @@"]);
    expect(diff.lines).toContain("+line 0");
    expect(diff.lines).toContain("-line 18");
    expect([diff.added, diff.removed]).toEqual([1, 1]);
  });

  it("changes close together share one hunk", () => {
    const before = lines(12);
    const after = before.map((line) => (line === "line 3" || line === "line 9" ? `${line}!` : line));
    const diff = lineDiff(before.join("\n"), after.join("\n"));
    expect(diff.lines.filter((line) => line.startsWith("@@"))).toEqual(["@@ -1,12 +1,12 @@"]);
  });

  it("a text added from nothing, and one removed to nothing", () => {
    expect(lineDiff("", "a\nb").lines).toEqual(["@@ -0,0 +1,2 @@", "+a", "+b"]);
    expect(lineDiff("a\nb", "").lines).toEqual(["@@ -1,2 +0,0 @@", "-a", "-b"]);
  });

  it("a reordering is a removal and an addition", () => {
    expect(lineDiff("a\nb\nc", "b\na\nc").lines).toEqual(["@@ -1,3 +1,3 @@", "-a", " b", "+a", " c"]);
  });

  it("texts too large to match line by line show the middle removed, then added", () => {
    const before = lines(2500, "old");
    const after = lines(2500, "new");
    const diff = lineDiff(before.join("\n"), after.join("\n"));
    expect([diff.added, diff.removed]).toEqual([2500, 2500]);
    expect(diff.lines[1]).toBe("-old 1");
    expect(diff.lines[2501]).toBe("+new 1");
  });
});
