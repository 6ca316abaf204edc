// The layout's rules as a test: the modules of provider/ import one another in one direction (no circle, even
// through `import type` or a require made on first use), the program side never loads the provider process,
// the kind descriptors stay pure, and the fleet library never loads what calls the API. Reads import
// statements as text. What a module loads when it is loaded leaves out `import type` and requires made inside
// a function (indented), which run only when called.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");
const providerDir = join(root, "provider");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Relative modules a file names: every edge when `eager` is false, else only what loading the file loads. */
function imports(file: string, eager: boolean): string[] {
  const text = readFileSync(file, "utf8");
  const fromClause = eager ? /^(?:import|export)(?!\s+type\b)[^;]*?\sfrom\s+"(\.[^"]+)"/gms : /^(?:import|export)[^;]*?\sfrom\s+"(\.[^"]+)"/gms;
  const requires = eager ? /^(?:import \w+ = |const \w+ = |export = )require\("(\.[^"]+)"\)/gm : /require\("(\.[^"]+)"\)|import\("(\.[^"]+)"\)/g;
  const specifiers = [
    ...[...text.matchAll(fromClause)].map((match) => match[1]!),
    ...[...text.matchAll(/^import\s+"(\.[^"]+)"/gm)].map((match) => match[1]!),
    ...[...text.matchAll(requires)].map((match) => (match[1] ?? match[2])!),
  ];
  return [...new Set(specifiers)].map((specifier) => {
    const target = resolve(dirname(file), specifier);
    const candidates = [`${target}.ts`, join(target, "index.ts")];
    return candidates.find((candidate) => files.includes(candidate)) ?? target;
  });
}

const files = sourceFiles(providerDir);
const graph = new Map(files.map((file) => [file, imports(file, true)]));
const everyEdge = new Map(files.map((file) => [file, imports(file, false)]));
const name = (file: string) => relative(root, file);

/** Every module reachable from `start`, itself included. */
function closure(start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.get(file) ?? []));
  }
  return seen;
}

/** The import circles over every edge: strongly connected components of more than one module (Tarjan). */
function circles(): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    indexOf.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of everyEdge.get(file) ?? []) {
      if (!everyEdge.has(next)) continue;
      if (!indexOf.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, indexOf.get(next)!));
    }
    if (low.get(file) === indexOf.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(name(member));
      } while (member !== file);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of files) if (!indexOf.has(file)) visit(file);
  return found;
}

const under = (folder: string) => (file: string) => name(file).startsWith(`provider/${folder}/`);

describe("the layout of provider/", () => {
  it("has no import circle", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(circles()).toEqual([]);
  });

  it("program side: the Resource classes load neither the provider process nor the API client", () => {
    const loaded = [...closure(join(providerDir, "resources", "index.ts"))];
    expect(loaded.filter(under("lifecycle")).map(name)).toEqual([]);
    expect(loaded.filter(under("client")).map(name)).toEqual([]);
  });

  it("kind descriptors build on the wire schemas only", () => {
    const outside = files
      .filter(under("kinds"))
      .flatMap((file) => [...closure(file)])
      .filter((file) => !under("kinds")(file) && !under("api")(file));
    expect([...new Set(outside.map(name))]).toEqual([]);
  });

  it("the fleet library never loads what calls the API", () => {
    const loaded = [...closure(join(providerDir, "fleet", "index.ts"))].map(name);
    expect(loaded).not.toContain("provider/client/http.ts");
    expect(loaded).not.toContain("provider/lifecycle/connection.ts");
    expect(loaded.filter((file) => file.startsWith("provider/adopt/"))).toEqual([]);
  });

  it("the policy library loads nothing outside policy/ but the type tokens", () => {
    const outside = [...closure(join(providerDir, "policy", "index.ts"))].filter((file) => !under("policy")(file)).map(name);
    expect(outside).toEqual(["provider/kinds/tokens.ts"]);
  });
});
