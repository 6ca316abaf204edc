// Memory paths name a Memory resource, key a stack output and show in every console: control characters,
// backslashes and traversal in any encoding are refused, in the fleet and in the Memory resource's check,
// and one document has one spelling (`a/./b.md` and `a//b.md` are `a/b.md`).
import { describe, expect, it } from "vitest";
import { normalizeMemoryPath, unsafeMemoryPath } from "../../provider/api/memory-store";
import { validateFleet, type ConfigSource } from "../../provider/fleet";
import { memoryLifecycle } from "../../provider/lifecycle/memory";

const config: ConfigSource = { project: "qoder-fleet", get: () => undefined, isSecret: () => false };

const UNSAFE = [
  "a\u0000b.md",
  "\u001b[31mred.md",
  "notes/\u001b]8;;https://evil.example\u0007link.md",
  "line\nbreak.md",
  "bidi\u202eevil.md",
  "a\\..\\..\\b.md",
  "windows\\style.md",
  "%2e%2e/x.md",
  "%2E%2e%2fx.md",
  "a/%2e%2e/b.md",
  "a/.%2e/b.md",
  "%252e%252e/x.md",
  "a/%2e%2e%5cb.md",
  "\uff0e\uff0e/x.md",
  "%2fetc/passwd.md",
  "%00.md",
  "./",
  "//",
];

const SAFE = ["notes/a.md", "config.yaml", "a/b/c/d.md", "100%.md", "50%25-off.md", "a..b.md", "...md", "notes/.hidden.md", "ünïcödé/文档.md"];

describe("memory paths", () => {
  it.each(UNSAFE)("memory paths: %j is refused", (path) => {
    expect(unsafeMemoryPath(path)).toEqual(expect.any(String));
  });

  it.each(SAFE)("memory paths: %j is fine", (path) => {
    expect(unsafeMemoryPath(path)).toBeUndefined();
  });

  it("memory paths: empty and . segments are dropped, so near duplicates are one path", () => {
    expect(["a/./b.md", "a/b.md", "a//b.md", "./a/b.md", "a/b.md/", "a/.//./b.md"].map(normalizeMemoryPath)).toEqual(Array(6).fill("a/b.md"));
  });

  it("memory paths: the Memory resource's check refuses an unsafe path, naming the property", async () => {
    const checked = await memoryLifecycle.check(
      {},
      { memoryStoreId: "memstore_0123456789abcdef0123456789abcdef", path: "%2e%2e/x.md", content: "x" },
    );
    expect(checked.failures).toEqual([{ property: "path", reason: "must not contain a '..' segment, in any encoding (%2e%2e, ．．)" }]);
  });

  it("memory paths: the Memory resource's check refuses control characters and backslashes", async () => {
    for (const path of ["a\u0000b.md", "\u001b[31mred.md", "a\\..\\..\\b.md"]) {
      const checked = await memoryLifecycle.check({}, { memoryStoreId: "memstore_0123456789abcdef0123456789abcdef", path, content: "x" });
      expect(checked.failures?.map((failure) => failure.property)).toEqual(["path"]);
    }
  });

  it("memory paths: the fleet declares a memory under its normalised path", async () => {
    const data = { memoryStores: { notes: { memories: [{ path: "guides/./style//tone.md", content: "Be brief." }] } } };
    const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths: [], config });
    if (!("fleet" in result)) throw new Error(JSON.stringify(result.problems));
    expect(result.fleet.document.memoryStores?.notes?.memories?.[0]?.path).toBe("guides/style/tone.md");
  });
});
