// Name patterns in rule config: `*` stands for any run of characters, everything else is literal. Used for
// stack names (`prod-*`) and repository paths (`acme/*`). No imports.

/** Whether `text` matches `pattern` as a whole; `ignoreCase` for names that are case-insensitive (GitHub's). */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern
    .split("*")
    .map((literal) => literal.replace(/[\\^$.+?()[\]{}|/-]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(text);
}
