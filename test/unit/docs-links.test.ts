// The documentation's links hold: every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md and
// docs/**/*.md leads to a file or directory of the repository, and every #anchor into a Markdown file names one
// of its headings, slugged the way GitHub slugs them. README.md stays short: reference belongs in docs/.
// Links inside code (fenced blocks, `code spans`) are not links. Absolute URLs are not checked (no network).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");

/** README.md's size limit in bytes (25 KB). */
const README_LIMIT_BYTES = 25_600;

interface Link {
  /** The file the link is in, relative to the root. */
  file: string;
  line: number;
  target: string;
}

/** README.md, CONTRIBUTING.md, CHANGELOG.md and every .md file under docs/, relative to `base`. */
function documentationFiles(base: string): string[] {
  const files = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md"].filter((name) => fs.existsSync(path.join(base, name)));
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(base, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith(".md")) files.push(relative);
    }
  };
  if (fs.existsSync(path.join(base, "docs"))) walk("docs");
  return files.sort();
}

/** The text with fenced code blocks blanked out, line breaks kept so that offsets still give line numbers. */
function withoutFences(text: string): string {
  const lines = text.split("\n");
  let fence: { char: string; length: number } | undefined;
  return lines
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence) {
        const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
        if (closing?.[1]?.[0] === fence.char && closing[1].length >= fence.length) fence = undefined;
        return "";
      }
      if (marker?.[1] && !(marker[1][0] === "`" && line.slice(marker[0].length).includes("`"))) {
        fence = { char: marker[1][0] as string, length: marker[1].length };
        return "";
      }
      return line;
    })
    .join("\n");
}

/**
 * Splits text into code spans and the rest (CommonMark: a run of n backticks up to the next run of exactly n,
 * within one paragraph). `text` is a span's content without its backticks; `raw` is the source.
 */
function codeSpans(source: string): { code: boolean; text: string; raw: string }[] {
  const parts: { code: boolean; text: string; raw: string }[] = [];
  let plain = "";
  const flush = (): void => {
    if (plain) parts.push({ code: false, text: plain, raw: plain });
    plain = "";
  };
  for (let at = 0; at < source.length; ) {
    if (source[at] !== "`") {
      plain += source[at];
      at++;
      continue;
    }
    let run = 0;
    while (source[at + run] === "`") run++;
    const end = closingRun(source, at + run, run);
    if (end === undefined) {
      plain += source.slice(at, at + run);
      at += run;
      continue;
    }
    flush();
    parts.push({ code: true, text: source.slice(at + run, end), raw: source.slice(at, end + run) });
    at = end + run;
  }
  flush();
  return parts;
}

function closingRun(source: string, from: number, run: number): number | undefined {
  for (let at = from; at < source.length; ) {
    if (source.startsWith("\n\n", at)) return undefined;
    if (source[at] !== "`") {
      at++;
      continue;
    }
    let length = 0;
    while (source[at + length] === "`") length++;
    if (length === run) return at;
    at += length;
  }
  return undefined;
}

/** The text with code spans blanked out (line breaks kept), so offsets still give line numbers. */
function withoutCodeSpans(text: string): string {
  return codeSpans(text)
    .map((part) => (part.code ? part.raw.replace(/[^\n]/g, " ") : part.raw))
    .join("");
}

const INLINE_LINK = /!?\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;

/** The links of one Markdown file, outside code. */
function linksOf(base: string, file: string): Link[] {
  const text = withoutCodeSpans(withoutFences(fs.readFileSync(path.join(base, file), "utf8")));
  const lineAt = (offset: number): number => text.slice(0, offset).split("\n").length;
  const links: Link[] = [];
  for (const match of text.matchAll(INLINE_LINK)) {
    links.push({ file, line: lineAt(match.index), target: unbracket(match[2] ?? "") });
  }
  for (const match of text.matchAll(REFERENCE_DEFINITION)) {
    links.push({ file, line: lineAt(match.index), target: unbracket(match[1] ?? "") });
  }
  return links;
}

function unbracket(target: string): string {
  return target.startsWith("<") && target.endsWith(">") ? target.slice(1, -1) : target;
}

/** GitHub's slug of a heading's text (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** A heading as GitHub renders it to text: code spans keep their content, links their text, tags go. */
function headingText(source: string): string {
  return codeSpans(source)
    .map((part) =>
      part.code
        ? part.text
        : part.text
            .replace(/!?\[((?:[^[\]]|\[[^[\]]*\])*)\]\([^)]*\)/g, "$1")
            .replace(/<\/?[A-Za-z][^>]*>/g, "")
            .replace(/(^|[^\p{L}\p{N}])_(\S(?:.*?\S)?)_(?=[^\p{L}\p{N}]|$)/gu, "$1$2"),
    )
    .join("")
    .trim();
}

/** The anchors GitHub makes for a Markdown file: one per heading, repeats numbered -1, -2, …, plus <a name>. */
function anchorsOf(file: string): Set<string> {
  const lines = withoutFences(fs.readFileSync(file, "utf8")).split("\n");
  const occurrences = new Map<string, number>();
  const anchors = new Set<string>();
  const add = (text: string): void => {
    const original = githubSlug(headingText(text));
    let slug = original;
    while (occurrences.has(slug)) {
      const count = (occurrences.get(original) ?? 0) + 1;
      occurrences.set(original, count);
      slug = `${original}-${count}`;
    }
    occurrences.set(slug, 0);
    anchors.add(slug);
  };
  lines.forEach((line, at) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) return add(atx[1] ?? "");
    const previous = lines[at - 1] ?? "";
    const setext = /^ {0,3}(=+|-+)[ \t]*$/.test(line);
    const paragraph = previous.trim() !== "" && !/^ {0,3}([#>|*+-]|\d+[.)]\s|`{3}|~{3})/.test(previous);
    if (setext && paragraph) add(previous.trim());
    for (const named of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(named[1] as string);
  });
  return anchors;
}

/** Each link of `files` (relative to `base`) that leads nowhere, as "file:line target: why". */
function brokenLinks(base: string, files: readonly string[]): { links: Link[]; broken: string[] } {
  const links = files.flatMap((file) => linksOf(base, file));
  const anchors = new Map<string, Set<string>>();
  const broken: string[] = [];
  for (const link of links) {
    const why = problemOf(base, link, anchors);
    if (why) broken.push(`${link.file}:${link.line} ${link.target}: ${why}`);
  }
  return { links, broken };
}

function problemOf(base: string, link: Link, anchors: Map<string, Set<string>>): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(link.target) || link.target.startsWith("//")) return undefined;
  if (link.target === "") return "empty link";
  const hash = link.target.indexOf("#");
  const pathPart = hash < 0 ? link.target : link.target.slice(0, hash);
  const anchor = hash < 0 ? undefined : link.target.slice(hash + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return "not a valid URL path";
  }
  const from = path.dirname(path.join(base, link.file));
  const target = pathPart === "" ? path.join(base, link.file) : decoded.startsWith("/") ? path.join(base, decoded) : path.resolve(from, decoded);
  if (path.relative(base, target).startsWith("..")) return "leads outside the repository";
  if (!fs.existsSync(target)) return "no such file or directory";
  if (anchor === undefined || !target.endsWith(".md") || fs.statSync(target).isDirectory()) return undefined;
  if (!anchors.has(target)) anchors.set(target, anchorsOf(target));
  const wanted = decodeURIComponent(anchor);
  return anchors.get(target)?.has(wanted) ? undefined : `no heading with the anchor #${wanted} in ${path.relative(base, target)}`;
}

describe("documentation", () => {
  it("docs: every relative link and anchor resolves", () => {
    const files = documentationFiles(root);
    expect(files).toContain("README.md");
    expect(files).toContain("docs/README.md");
    const { links, broken } = brokenLinks(root, files);
    // A checker that finds no links proves nothing.
    expect(links.length).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });

  it(`docs: README.md is at most ${README_LIMIT_BYTES} bytes`, () => {
    expect(fs.statSync(path.join(root, "README.md")).size).toBeLessThanOrEqual(README_LIMIT_BYTES);
  });
});

describe("docs link checker", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function project(files: Record<string, string>): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-links-"));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it("docs link checker: slugs headings as GitHub does", () => {
    expect(githubSlug(headingText("Admin API (`/_emulator`)"))).toBe("admin-api-_emulator");
    expect(githubSlug(headingText("`environments.<key>`"))).toBe("environmentskey");
    expect(githubSlug(headingText("Retries, timeouts and deadlines"))).toBe("retries-timeouts-and-deadlines");
    expect(githubSlug(headingText("The 128 KiB limit on the stack config"))).toBe("the-128-kib-limit-on-the-stack-config");
    expect(githubSlug(headingText("Recovering from a killed `pulumi up` or `pulumi destroy`"))).toBe(
      "recovering-from-a-killed-pulumi-up-or-pulumi-destroy",
    );
    expect(githubSlug(headingText("See [the guide](docs/a.md) — **now**"))).toBe("see-the-guide--now");
  });

  it("docs link checker: reports missing files, missing anchors and links out of the repository", () => {
    const base = project({
      "README.md": [
        "# Title",
        "",
        "[ok](docs/a.md) [ok anchor](docs/a.md#second-part) [repeat](docs/a.md#secrets-1) [here](#title)",
        "[gone](docs/missing.md) [bad anchor](docs/a.md#nowhere) [out](../elsewhere.md)",
        "[dir](docs) [web](https://example.com/x.md#anything) [mail](mailto:a@example.com)",
        "`[in code](nowhere.md)`",
        "",
        "```md",
        "[in a fence](nowhere.md)",
        "```",
        "",
        "[ref]: docs/also-missing.md",
      ].join("\n"),
      "docs/a.md": "# A\n\n## Second part\n\n## Secrets\n\n### Secrets\n\n```sh\n# not a heading\n```\n",
    });
    const { links, broken } = brokenLinks(base, documentationFiles(base));
    expect(links.map((link) => link.target)).not.toContain("nowhere.md");
    expect(broken).toEqual([
      "README.md:4 docs/missing.md: no such file or directory",
      "README.md:4 docs/a.md#nowhere: no heading with the anchor #nowhere in docs/a.md",
      "README.md:4 ../elsewhere.md: leads outside the repository",
      "README.md:12 docs/also-missing.md: no such file or directory",
    ]);
  });

  it("docs link checker: a code block's comment is no heading", () => {
    const base = project({ "README.md": "[x](docs/a.md#not-a-heading)\n", "docs/a.md": "```sh\n# not a heading\n```\n" });
    expect(brokenLinks(base, ["README.md"]).broken).toEqual([
      "README.md:1 docs/a.md#not-a-heading: no heading with the anchor #not-a-heading in docs/a.md",
    ]);
  });
});
