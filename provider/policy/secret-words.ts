// Whether a name reads as a secret's (`GITHUB_TOKEN`, `dbPassword`, `API_KEY`; not `TOKENIZERS_PARALLELISM`):
// the words of the name, split at `_`, `-`, `.` and lower-to-upper case changes, hold a secret word in a row.
// Imports nothing: the policy pack loads it, and qoder-adopt uses the same rule for what it keeps out of a file.

/** Words that mark a secret's name; `API_KEY` is two words in a row. */
export const DEFAULT_SECRET_WORDS = [
  "TOKEN",
  "SECRET",
  "PASSWORD",
  "PASSWD",
  "CREDENTIAL",
  "CREDENTIALS",
  "APIKEY",
  "API_KEY",
  "PRIVATE_KEY",
  "ACCESS_KEY",
];

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word !== "");
}

/** The first secret word the name contains, or undefined. */
export function secretWordIn(name: string, secretWords: readonly string[] = DEFAULT_SECRET_WORDS): string | undefined {
  const nameWords = words(name);
  return secretWords.find((secretWord) => {
    const needle = words(secretWord);
    if (needle.length === 0) return false;
    for (let start = 0; start + needle.length <= nameWords.length; start++) {
      if (needle.every((word, offset) => nameWords[start + offset] === word)) return true;
    }
    return false;
  });
}
