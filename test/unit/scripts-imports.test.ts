// Scripts (benchmarks, the demo, build helpers) never import from test/: what they share with the tests lives
// under scripts/lib/, which the test support imports instead. Reads import statements as text.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");

function scriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scriptFiles(path);
    return /\.(?:ts|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Relative module specifiers a file names: static imports and exports, `import()` and `require()` with a literal. */
function specifiers(text: string): string[] {
  const patterns = [
    /^(?:import|export)[^;]*?\sfrom\s+["'](\.[^"']+)["']/gms,
    /^import\s+["'](\.[^"']+)["']/gm,
    /(?:require|import)\(\s*["'](\.[^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

describe("scripts/", () => {
  it("imports nothing from test/", () => {
    const files = scriptFiles(join(root, "scripts"));
    expect(files.length).toBeGreaterThan(3);
    const intoTests = files.flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter((specifier) => relative(root, resolve(dirname(file), specifier)).split(/[\\/]/)[0] === "test")
        .map((specifier) => `${relative(root, file)}: ${specifier}`),
    );
    expect(intoTests).toEqual([]);
  });
});
