// List pages for every kind (CONTRACT.md "Lists"): limit 1–100 (default 20, over 100 → 400), one cursor of
// page / after_id / before_id (two → 400), newest first, archived hidden unless include_archived.
import type { Context } from "hono";
import { LIST_LIMITS, ListQuery, type ListEnvelope } from "../provider/api";
import { invalid } from "./errors";
import { validate } from "./validation";

const CURSORS = ["page", "after_id", "before_id"] as const;

/** Parses the shared list query; extra query parameters are left to the route. */
export function parseListQuery(c: Context): ListQuery {
  const query = validate(ListQuery, c.req.query());
  const given = CURSORS.filter((name) => query[name] !== undefined);
  const second = given[1];
  if (second !== undefined) {
    throw invalid("Only one of page, after_id and before_id may be given.", second);
  }
  return query;
}

/** Hides archived objects unless the caller asked for them. */
export function visible<T extends { archived_at?: string | null }>(items: readonly T[], includeArchived = false): T[] {
  return includeArchived ? [...items] : items.filter((item) => item.archived_at == null);
}

export interface PageOptions<T> {
  /** The cursor key of an item; its id by default. */
  keyOf?: (item: T) => string;
  /** Orders two keys ascending (oldest first); string order by default, which is time order for our ids. */
  compare?: (a: string, b: string) => number;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One page of `items`, newest first. `page` (the previous `next_page`) and `after_id` continue towards older
 * items; `before_id` returns the newer items closest to the cursor. Cursors compare by key, so they stay
 * valid when the cursor's own object has been deleted. `next_page` is set whenever older items remain.
 */
export function paginate<T extends { id: string }>(items: readonly T[], query: ListQuery, options: PageOptions<T> = {}): ListEnvelope<T> {
  const keyOf = options.keyOf ?? ((item: T) => item.id);
  const compare = options.compare ?? byString;
  const sorted = [...items].sort((a, b) => compare(keyOf(b), keyOf(a)));
  const limit = query.limit ?? LIST_LIMITS.default;
  let data: T[];
  let hasMore: boolean;
  const older = query.page ?? query.after_id;
  if (query.before_id !== undefined) {
    const cursor = query.before_id;
    const newer = sorted.filter((item) => compare(keyOf(item), cursor) > 0);
    data = newer.slice(Math.max(0, newer.length - limit));
    hasMore = newer.length > limit;
  } else {
    const rest = older === undefined ? sorted : sorted.filter((item) => compare(keyOf(item), older) < 0);
    data = rest.slice(0, limit);
    hasMore = rest.length > limit;
  }
  const first = data[0];
  const last = data[data.length - 1];
  const olderRemain = last !== undefined && sorted.some((item) => compare(keyOf(item), keyOf(last)) < 0);
  return {
    data,
    first_id: first ? keyOf(first) : null,
    last_id: last ? keyOf(last) : null,
    has_more: hasMore,
    next_page: olderRemain && last ? keyOf(last) : null,
  };
}
