// Which files of a skill directory stay out of its upload and its content hash: a few defaults (version
// control, dependencies, OS and editor litter, .env files) and the skill's own `.qoderignore`, in gitignore
// syntax (docs/skills.md). Pure: paths in, verdicts out; the directory walk is skill-directory.ts.

/** The ignore file, read from the top of the skill directory only. */
export const SKILL_IGNORE_FILE = ".qoderignore";

/**
 * Left out of every skill unless the ignore file re-includes them with `!`. Changing this list changes the
 * content hash of directories that hold such files, which uploads a new version of them: add with care.
 */
export const DEFAULT_SKILL_IGNORES: readonly string[] = [
  ".git/",
  ".hg/",
  ".svn/",
  "node_modules/",
  ".DS_Store",
  "Thumbs.db",
  "*.swp",
  "*.swo",
  "*~",
  ".#*",
  "\\#*#",
  ".env",
  ".env.*",
  SKILL_IGNORE_FILE,
];

export interface IgnoreRule {
  /** The line as written, for messages. */
  pattern: string;
  /** `!pattern`: a match includes the path again. */
  negate: boolean;
  /** `pattern/`: matches directories only. */
  directoryOnly: boolean;
  regex: RegExp;
}

/** Parses gitignore-syntax text: comments, blank lines, `!`, a trailing `/`, anchoring `/`, `*`, `?`, `[…]`, `**`. */
export function parseIgnoreRules(text: string): IgnoreRule[] {
  return text.split(/\r?\n/).flatMap((line) => {
    const rule = parseLine(line);
    return rule ? [rule] : [];
  });
}

function parseLine(line: string): IgnoreRule | undefined {
  // Trailing spaces are dropped unless escaped (`\ `), as git does.
  let body = line.replace(/(?<!\\)\s+$/, "");
  if (body === "" || body.startsWith("#")) return undefined;
  const negate = body.startsWith("!");
  if (negate) body = body.slice(1);
  const directoryOnly = body.endsWith("/");
  if (directoryOnly) body = body.replace(/\/+$/, "");
  // A slash at the start or in the middle anchors the pattern to the skill's top; otherwise it matches at
  // any depth.
  const anchored = body.includes("/");
  body = body.replace(/^\/+/, "");
  if (body === "") return undefined;
  const regex = new RegExp(`^${anchored ? "" : "(?:.*/)?"}${globToRegex(body)}$`);
  return { pattern: line.trim(), negate, directoryOnly, regex };
}

function globToRegex(glob: string): string {
  let out = "";
  for (let at = 0; at < glob.length; at++) {
    const char = glob[at]!;
    if (char === "*" && glob[at + 1] === "*") {
      const atStart = at === 0 || glob[at - 1] === "/";
      const next = glob[at + 2];
      if (atStart && next === "/") {
        out += "(?:.*/)?"; // `**/`: zero or more directories
        at += 2;
        continue;
      }
      if (atStart && next === undefined) {
        out += ".*"; // trailing `/**`: everything inside
        at += 1;
        continue;
      }
      out += "[^/]*"; // elsewhere `**` is a plain `*`
      at += 1;
      continue;
    }
    if (char === "*") out += "[^/]*";
    else if (char === "?") out += "[^/]";
    else if (char === "\\" && at + 1 < glob.length) out += escapeRegex(glob[++at]!);
    else if (char === "[") {
      const close = glob.indexOf("]", at + 2);
      if (close < 0) out += "\\[";
      else {
        const inner = glob.slice(at + 1, close);
        out += `[${inner.startsWith("!") ? `^${inner.slice(1)}` : inner}]`;
        at = close;
      }
    } else out += escapeRegex(char);
  }
  return out;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/**
 * Whether `path` (relative to the skill's top, `/` separators) is ignored: the last rule that matches
 * decides, as in git. A directory that is ignored is never entered, so nothing inside it can be included again.
 */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.regex.test(path)) ignored = !rule.negate;
  }
  return ignored;
}

/** The defaults followed by the skill's own rules (which may re-include a default with `!`). */
export function skillIgnoreRules(ignoreFileText: string | undefined): IgnoreRule[] {
  return [...parseIgnoreRules(DEFAULT_SKILL_IGNORES.join("\n")), ...parseIgnoreRules(ignoreFileText ?? "")];
}
