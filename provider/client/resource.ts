// The base of every per-kind client class: sends through the transport, converts camelCase ↔ snake_case via
// provider/api/casing (the one mapper) and decodes answers with the provider/api schemas (tolerant).
// Must not import provider/resources, provider/fleet or Pulumi.
import { z } from "zod";
import { type CamelCased, fromWire, toWire } from "../api/casing";
import { DeletedObject } from "../api/common";
import { ResponseValidationError, type RequestContext } from "./errors";
import { parseJson, type HttpRequest, type HttpResponse, type HttpTransport, type QueryValue, type RequestOptions } from "./http";
import { PageIterator, type Cursor, type Page } from "./pagination";
import { withAnswerFacts } from "./answer-facts";

export type { CamelCased } from "../api/casing";
export { type AnswerFacts, answerFacts, withAnswerFacts } from "./answer-facts";

/** Options of read calls (GET): no idempotency key, GET is safe to repeat. */
export interface ReadOptions {
  signal?: AbortSignal;
  deadlineMs?: number;
}

/** Answer of every DELETE: `{id, type: "<kind>_deleted"}` (synthesised for an empty 204 from older servers). */
export type Deleted = CamelCased<DeletedObject>;

/** List parameters every list takes, camelCased; kinds add their own filters. */
export interface ListOptions {
  limit?: number;
  page?: string;
  afterId?: string;
  beforeId?: string;
}

const CURSOR_KEYS = ["page", "after_id", "before_id"] as const;

export abstract class ApiResource {
  constructor(protected readonly http: HttpTransport) {}

  /** Sends `req` and decodes its JSON answer with `schema`, returning the camelCased result. */
  protected async send<S extends z.ZodType>(schema: S, req: HttpRequest): Promise<CamelCased<z.output<S>>> {
    const { now } = this.http.config;
    const sentAt = now();
    const response = await this.http.request(req);
    const receivedAt = now();
    const answer = decode(schema, parseJson(response, contextOf(req)), response, req);
    if (answer === null || typeof answer !== "object") return answer;
    return withAnswerFacts(answer, { date: dateHeader(response), sentAt, receivedAt });
  }

  /** Sends `req` and returns the raw bytes of its answer (downloads). */
  protected async sendForBytes(req: HttpRequest): Promise<Uint8Array> {
    const response = await this.http.request(req);
    return new Uint8Array(response.bytes);
  }

  /** Sends a JSON body converted to the wire casing. */
  protected json(value: unknown): HttpRequest["body"] {
    return { kind: "json", value: toWire(value) };
  }

  /** Issues a DELETE; 200 with a body and 204 empty are both success (CONTRACT.md "Shared shapes"). */
  protected async sendDelete(path: string, id: string, deletedType: string, options?: RequestOptions): Promise<Deleted> {
    const req: HttpRequest = { method: "DELETE", path, options };
    const response = await this.http.request(req);
    const body = parseJson(response, contextOf(req)) ?? { id, type: deletedType };
    return decode(DeletedObject, body, response, req);
  }

  /** Lists `path` lazily; `params` are camelCase, sent snake_case; the next cursor replaces the caller's. */
  protected paginate<S extends z.ZodType>(listSchema: S, path: string, params: object | undefined, options?: ReadOptions): PageIterator<ListItem<S>> {
    const base = toWire<Record<string, QueryValue>>(params ?? {});
    return new PageIterator(async (cursor: Cursor | undefined): Promise<Page<ListItem<S>>> => {
      const query = cursor === undefined ? base : { ...withoutCursors(base), ...cursor };
      const envelope = (await this.send(listSchema, { method: "GET", path, query, options })) as unknown as Page<ListItem<S>>;
      return {
        data: envelope.data,
        firstId: envelope.firstId ?? null,
        lastId: envelope.lastId ?? null,
        hasMore: envelope.hasMore ?? false,
        nextPage: envelope.nextPage ?? null,
      };
    });
  }
}

type ListItem<S extends z.ZodType> = z.output<S> extends { data: (infer Item)[] } ? CamelCased<Item> : never;

function withoutCursors(query: Record<string, QueryValue>): Record<string, QueryValue> {
  const rest = { ...query };
  for (const key of CURSOR_KEYS) delete rest[key];
  return rest;
}

/** The `Date` header as ms since the epoch; undefined when absent or unreadable. */
function dateHeader(response: HttpResponse): number | undefined {
  const value = response.headers.date;
  const time = Date.parse(Array.isArray(value) ? (value[0] ?? "") : (value ?? ""));
  return Number.isNaN(time) ? undefined : time;
}

function contextOf(req: HttpRequest): RequestContext {
  return { method: req.method, path: req.path };
}

function decode<S extends z.ZodType>(schema: S, body: unknown, response: HttpResponse, req: HttpRequest): CamelCased<z.output<S>> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ResponseValidationError(contextOf(req), response.requestId, z.prettifyError(parsed.error));
  }
  return fromWire<CamelCased<z.output<S>>>(parsed.data);
}
