// Fleet keys made from the names of existing objects: valid (KEY_PATTERN), unique within their section and
// stable, so the same account always gives the same keys (and so the same Pulumi resource names).
import { KEY_PATTERN } from "../fleet/schema-parts";

const MAX_KEY = 64;

/**
 * `Review Lead` → `review-lead`, `GITHUB_TOKEN` → `github_token`. Accents are dropped rather than the letter,
 * anything else outside the key alphabet becomes `-`; a name with nothing usable gives `fallback`.
 */
export function slug(name: string, fallback: string): string {
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const cleaned = ascii
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
  const key = cleaned.slice(0, MAX_KEY).replace(/[-_]+$/, "");
  return KEY_PATTERN.test(key) ? key : fallback;
}

/** Hands out unique keys in one section. Callers offer objects oldest first, so older objects keep the plain key. */
export class KeyAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const key of reserved) this.taken.add(key);
  }

  /** The slug of `name`, or the slug with `-2`, `-3`, … when another object of the section has it. */
  allocate(name: string, fallback: string): string {
    const base = slug(name, fallback);
    let key = base;
    for (let n = 2; this.taken.has(key); n++) {
      const suffix = `-${n}`;
      key = `${base.slice(0, MAX_KEY - suffix.length).replace(/[-_]+$/, "")}${suffix}`;
    }
    this.taken.add(key);
    return key;
  }
}

/**
 * Live objects first, then archived ones, each oldest first (ids are time-ordered, CONTRACT.md "Lists"), whatever
 * the list order: objects that are adopted get the plain keys, and win where the fleet allows only one.
 */
export function oldestFirst<T extends { id: string; archivedAt?: string | null }>(items: readonly T[]): T[] {
  const rank = (item: T) => (item.archivedAt ? 1 : 0);
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
