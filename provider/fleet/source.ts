// A YAML file with source positions (the `yaml` package's node ranges and a LineCounter): where a property
// path sits, which values are `secure:` in a stack file, and YAML syntax errors as fleet problems. No I/O.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from "yaml";
import type { FleetProblem, Path, Position } from "./problems";

export interface YamlSource {
  /** The file as messages name it (relative to the project directory). */
  file: string;
  text: string;
  document: Document;
  lines: LineCounter;
}

/** Where a path resolved to: the node itself, or the deepest ancestor present when the rest is missing. */
interface Located {
  key?: Node;
  value?: Node | null;
  exact: boolean;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return { file, text, document, lines };
}

/** YAML syntax errors (including duplicate keys, which YAML would otherwise resolve silently) as problems. */
export function syntaxProblems(source: YamlSource): FleetProblem[] {
  return [...yamlErrorProblems(source), ...complexKeyProblems(source)];
}

/**
 * A map or list written as a key (`? { secure: … } : x`) would become its own text, a key in plain text that
 * names an entry or a property: never what was meant, and never a secret.
 */
function complexKeyProblems(source: YamlSource): FleetProblem[] {
  const problems: FleetProblem[] = [];
  visit(source.document, {
    Pair: (_key, pair) => {
      const key = pair.key as Node | null;
      if (key === null || isScalar(key) || key.range === undefined || key.range === null) return;
      const offset = key.range[0];
      problems.push({
        path: pathAtOffset(source, offset) ?? [],
        position: toPosition(source, offset),
        message:
          "a key must be plain text, not a map or a list (such as { secure: … }): keys name entries and properties and are stored in plain text, so they cannot be secrets",
      });
    },
  });
  return problems;
}

function yamlErrorProblems(source: YamlSource): FleetProblem[] {
  return source.document.errors.map((error) => {
    const offset = error.pos[0];
    const path = pathAtOffset(source, offset) ?? [];
    const position = toPosition(source, offset);
    if (error.code !== "DUPLICATE_KEY") return { path, position, message: `YAML syntax error: ${firstLine(error.message)}` };
    const key = path[path.length - 1];
    return { path, position, message: `${key === undefined ? "a key" : `"${key}"`} appears twice in the same map; keep one` };
  });
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

function toPosition(source: YamlSource, offset: number): Position {
  const { line, col } = source.lines.linePos(offset);
  return { line, column: col };
}

function childPair(node: Node | null | undefined, segment: string | number): Pair<Node, Node | null> | undefined {
  if (!isMap(node) || typeof segment !== "string") return undefined;
  return (node.items as Pair<Node, Node | null>[]).find((pair) => isScalar(pair.key) && String(pair.key.value) === segment);
}

function locate(source: YamlSource, path: Path): Located {
  let current: Located = { value: source.document.contents as Node | null, exact: true };
  for (const segment of path) {
    const node = current.value;
    if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      current = { value: node.items[segment] as Node | null, exact: true };
      continue;
    }
    const pair = childPair(node, segment);
    if (!pair) return { ...current, exact: false };
    current = { key: pair.key, value: pair.value, exact: true };
  }
  return current;
}

function startOf(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

/**
 * The line and column of a path. `at: "key"` points at the property's name; a missing property points at
 * the key of its nearest present ancestor, which is the line a person looks for.
 */
export function positionOf(source: YamlSource, path: Path, at: "key" | "value" = "value"): Position | undefined {
  const found = locate(source, path);
  const preferKey = at === "key" || !found.exact || found.value === null || isEmptyScalar(found.value);
  const offset = (preferKey ? startOf(found.key) : undefined) ?? startOf(found.value) ?? startOf(found.key);
  return offset === undefined ? undefined : toPosition(source, offset);
}

function isEmptyScalar(node: Node | null | undefined): boolean {
  return isScalar(node) && node.value === null;
}

/** Does the path exist in the file as written? */
export function hasPath(source: YamlSource, path: Path): boolean {
  return locate(source, path).exact;
}

/** Paths (relative to `root`) whose value is a Pulumi `secure:` object, i.e. an encrypted secret. */
export function securePaths(source: YamlSource, root: Path): Path[] {
  const found = locate(source, root);
  const out: Path[] = [];
  if (found.exact) collectSecure(found.value, [], out);
  return out;
}

function collectSecure(node: Node | null | undefined, path: Path, out: Path[]): void {
  if (isMap(node)) {
    const pairs = node.items as Pair<Node, Node | null>[];
    if (pairs.length === 1 && isScalar(pairs[0]?.key) && pairs[0]?.key.value === "secure") {
      out.push(path);
      return;
    }
    for (const pair of pairs) if (isScalar(pair.key)) collectSecure(pair.value, [...path, String(pair.key.value)], out);
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => collectSecure(item as Node, [...path, index], out));
  }
}

/** The path of the innermost key or item that starts at or encloses `offset`. */
function pathAtOffset(source: YamlSource, offset: number): Path | undefined {
  let best: Path | undefined;
  const visit = (node: Node | null | undefined, path: Path): void => {
    if (isMap(node)) {
      for (const pair of node.items as Pair<Node, Node | null>[]) {
        if (!isScalar(pair.key)) continue;
        const childPath = [...path, String(pair.key.value)];
        const start = startOf(pair.key) ?? Infinity;
        const end = pair.value?.range?.[2] ?? pair.key.range?.[2] ?? -1;
        if (start <= offset && offset <= end) best = childPath;
        visit(pair.value, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as Node | null)?.range;
        if (range && range[0] <= offset && offset <= range[2]) best = [...path, index];
        visit(item as Node, [...path, index]);
      });
    }
  };
  visit(source.document.contents as Node | null, []);
  return best;
}

/** Where the first alias (`*name`) of the document is: the place to look when aliases expand too much. */
export function firstAliasPosition(source: YamlSource): Position | undefined {
  let offset: number | undefined;
  visit(source.document, {
    Alias: (_key, node) => {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? undefined : toPosition(source, offset);
}
