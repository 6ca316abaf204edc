// Limits that keep a hostile document from exhausting the program: nesting depth and YAML alias expansion.
// Checked before anything recursive reads the document (the yaml composer, zod, the walks of secrets.ts),
// without recursion of their own, so a 5,000-deep value or an alias bomb is one positioned problem, at once.
import { Parser } from "yaml";
import type { FleetProblem, Path, Position } from "./problems";

/** Far deeper than any fleet needs (a credential's auth is 8 levels, a tool's input schema a few more). */
export const MAX_DEPTH = 64;

/** How many alias expansions toJS allows (the yaml package's maxAliasCount): a reused prompt or list, never a bomb. */
export const MAX_ALIAS_COUNT = 1000;

export const DEPTH_MESSAGE = `nests maps and lists more than ${MAX_DEPTH} levels deep; a fleet document never needs that many, so it is refused`;

export const ALIAS_MESSAGE =
  `expands YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which is how an alias bomb exhausts memory; ` +
  "write the repeated value out, or reuse it fewer times";

interface CstToken {
  type: string;
  offset?: number;
  value?: CstToken;
  items?: { key?: CstToken | null; value?: CstToken }[];
}

const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

/** How much YAML text the depth check reads between looks at the parser's stack. */
const CHUNK = 4096;

/**
 * Where YAML text first nests deeper than MAX_DEPTH, read from the yaml package's CST (its lexer and parser
 * keep their own stacks; composing a document recurses once per level and overflows). Undefined when it
 * does not.
 */
export function tooDeepInYaml(text: string): Position | undefined {
  const parser = new Parser();
  const pending: { token: CstToken; depth: number }[] = [];
  // Fed in small pieces, and the parser's stack (the collections open at this point) checked after each:
  // past the limit, the rest of the file (a 5,000-deep block is 25 MB of indentation) is never read.
  for (let at = 0, end = 0; at < text.length; at = end) {
    // Whole lines: the lexer reads a line again while it waits for its end.
    const newline = text.indexOf("\n", at + CHUNK);
    end = newline === -1 ? text.length : newline + 1;
    for (const token of parser.parse(text.slice(at, end), true)) pending.push({ token: token as CstToken, depth: 0 });
    if (parser.stack.length > MAX_DEPTH + 2) {
      const open = (parser.stack as CstToken[]).filter((token) => COLLECTIONS.has(token.type));
      const deepest = open[MAX_DEPTH];
      if (deepest) return positionAt(text, deepest.offset ?? 0);
    }
  }
  for (const token of parser.parse("", false)) pending.push({ token: token as CstToken, depth: 0 });
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    const level = COLLECTIONS.has(token.type) ? depth + 1 : depth;
    if (level > MAX_DEPTH) return positionAt(text, token.offset ?? 0);
    if (token.value) pending.push({ token: token.value, depth: level });
    for (const item of token.items ?? []) {
      if (item.key) pending.push({ token: item.key, depth: level });
      if (item.value) pending.push({ token: item.value, depth: level });
    }
  }
  return undefined;
}

/** Line and column (1-based) of an offset, counted on the text itself. */
function positionAt(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) {
    line += 1;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The path of the first map or list nested deeper than MAX_DEPTH in a loaded value (JSON from the stack
 * config, or a file after alias expansion), found without recursion. Undefined when none is.
 */
export function tooDeepInValue(data: unknown): Path | undefined {
  const pending: { value: unknown; path: Path }[] = [{ value: data, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_DEPTH) return path;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, inner] of entries) pending.push({ value: inner, path: [...path, key] });
  }
  return undefined;
}

/** The problem of a document nested too deeply, at the place given. */
export function depthProblem(path: Path, position?: Position): FleetProblem {
  return { path, message: DEPTH_MESSAGE, ...(position ? { position } : {}) };
}

/** True for the error the yaml package throws when toJS passes maxAliasCount. */
export function isAliasBomb(err: unknown): boolean {
  return err instanceof ReferenceError && /alias/i.test(err.message);
}
