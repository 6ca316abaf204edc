// Async iteration over list endpoints: callers write `for await (const x of client.agents.list())` and never
// see cursors. Follows `next_page`; tolerates older servers (`has_more` + `last_id` → `after_id`).
// Depends on nothing but ./errors; the fetch of one page is passed in by the resource class.
import { QoderError } from "./errors";

/** One decoded page, with the envelope fields in camelCase (CONTRACT.md "Lists"). */
export interface Page<T> {
  data: T[];
  firstId: string | null;
  lastId: string | null;
  hasMore: boolean;
  nextPage: string | null;
}

/** The cursor query sent for the next page: exactly one cursor, as the API refuses two (CONTRACT.md "Lists"). */
export type Cursor = { page: string } | { after_id: string };

/** Fetches one page; `cursor` is undefined for the first page, which uses the caller's own parameters. */
export type PageFetcher<T> = (cursor: Cursor | undefined) => Promise<Page<T>>;

/** Lazily walks pages; iterating it yields items, `pages()` yields whole pages. */
export class PageIterator<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: PageFetcher<T>) {}

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    const seen = new Set<string>();
    let cursor: Cursor | undefined;
    for (;;) {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = nextCursor(page);
      if (cursor === undefined) return;
      // A server that hands back a cursor it already gave would loop forever: stop loudly instead.
      const key = JSON.stringify(cursor);
      if (seen.has(key)) throw new QoderError(`Pagination did not advance (cursor ${key} repeated).`);
      seen.add(key);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Collects every item of every page. */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }

  /** The first page only. */
  async firstPage(): Promise<Page<T>> {
    return this.fetchPage(undefined);
  }
}

/**
 * The cursor of the page after `page`: `next_page` when the server gives one (current generation), else
 * `after_id = last_id` while `has_more` (older generations had no `next_page`), else none.
 */
export function nextCursor(page: Page<unknown>): Cursor | undefined {
  if (page.nextPage) return { page: page.nextPage };
  if (page.hasMore && page.lastId && page.data.length > 0) return { after_id: page.lastId };
  return undefined;
}
