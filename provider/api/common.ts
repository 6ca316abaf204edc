// Wire shapes shared by every kind: ids, timestamps, metadata, list envelope and params, errors, deletes.
// Pure zod (CONTRACT.md "Shared shapes", "Lists", "Errors"); no I/O, no imports from client/ or emulator/.
import { z } from "zod";
import { codePointLength, METADATA_LIMITS, setOwn } from "./records";

/** Id prefixes of every API kind (CONTRACT.md: `<prefix>_` + 32 lowercase hex, time-ordered). */
export const ID_PREFIX = {
  agent: "agent",
  environment: "env",
  session: "sess",
  skill: "skill",
  skillVersion: "skillver",
  vault: "vault",
  vaultCredential: "vcred",
  memoryStore: "memstore",
  memory: "mem",
  memoryVersion: "memver",
  file: "file",
  event: "evt",
  deployment: "dep",
  deploymentRun: "drun",
} as const;
export type IdPrefix = (typeof ID_PREFIX)[keyof typeof ID_PREFIX];

/** Matches a well-formed id of the given prefix. */
export function idPattern(prefix: IdPrefix): RegExp {
  return new RegExp(`^${prefix}_[0-9a-f]{32}$`);
}

/** Schema of a well-formed id of one kind (for places that must reject garbage before a lookup). */
export function IdOf(prefix: IdPrefix) {
  return z
    .string()
    .regex(idPattern(prefix), `must be an id of the form ${prefix}_ followed by 32 lowercase hex characters`)
    .meta({ description: `A ${prefix}_ id.` });
}

/** RFC 3339 UTC timestamp as the server prints it (fraction optional, trailing zeros dropped). */
export const Timestamp = z.string().meta({
  description: "RFC 3339 UTC timestamp, e.g. 2026-05-18T15:26:39.61669Z (fraction length varies).",
});

export { codePointLength, METADATA_LIMITS } from "./records";

const MetadataKey = z
  .string()
  .min(1, "metadata keys must not be empty")
  .refine((key) => codePointLength(key) <= METADATA_LIMITS.maxKeyLength, {
    message: `metadata keys must be at most ${METADATA_LIMITS.maxKeyLength} characters`,
  });
const MetadataValue = z.string().refine((value) => codePointLength(value) <= METADATA_LIMITS.maxValueLength, {
  message: `metadata values must be at most ${METADATA_LIMITS.maxValueLength} characters`,
});

/** zod leaves an own `__proto__` key out of a record it parses (assigning it would set the prototype). */
const PROTO_KEY = "__proto__";
/** The name `__proto__` travels under through zod's record; no JSON a person writes holds it. */
const PROTO_STAND_IN = "\u0000pulumi-qoder:__proto__";

function renameKey(value: unknown, from: string, to: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !Object.hasOwn(value, from)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) setOwn(out, key === from ? to : key, inner);
  return out;
}

/**
 * A map whose keys belong to the user (metadata, environment variables, a tool's input schema): every key
 * is kept, `toString` and `__proto__` included, which a plain z.record would drop (`__proto__`). The
 * key crosses zod's record under a stand-in and comes back as an own property; its value is checked alike.
 */
export function UserMap<V extends z.ZodType>(key: z.ZodType<string>, value: V): z.ZodType<Record<string, z.output<V>>, Record<string, z.input<V>>> {
  return z
    .preprocess((input) => renameKey(input, PROTO_KEY, PROTO_STAND_IN), z.record(key, value))
    .transform((bag) => renameKey(bag, PROTO_STAND_IN, PROTO_KEY) as Record<string, z.output<V>>) as never;
}

/** A full metadata bag as sent on create: flat string → string, ≤16 keys, key ≤64, value ≤512. */
export const Metadata = UserMap(MetadataKey, MetadataValue)
  .refine((bag) => Object.keys(bag).length <= METADATA_LIMITS.maxKeys, {
    message: `metadata may hold at most ${METADATA_LIMITS.maxKeys} keys`,
  })
  .meta({ description: "Flat string → string labels; at most 16 keys, keys ≤64 and values ≤512 characters." });
export type Metadata = z.infer<typeof Metadata>;

/**
 * Metadata as sent on update: a patch. A string upserts the key, `null` deletes it, an absent key is kept
 * (CONTRACT.md "Shared shapes"). The ≤16-keys limit applies to the resulting bag, which only the server knows.
 */
export const MetadataPatch = UserMap(MetadataKey, MetadataValue.nullable()).meta({
  description: "Metadata patch: a string upserts the key, null deletes it, absent keys are kept.",
});
export type MetadataPatch = z.infer<typeof MetadataPatch>;

/** Metadata as read back: tolerant (older generations omitted it, so it defaults to `{}`). */
export const MetadataRecord = UserMap(z.string(), z.string()).default({});

/** Page size bounds (CONTRACT.md "Lists": 1–100, default 20, over 100 → 400). */
export const LIST_LIMITS = { min: 1, max: 100, default: 20 } as const;

/** Typed list parameters a client sends; `page`, `after_id` and `before_id` are mutually exclusive. */
export const ListParams = z
  .strictObject({
    limit: z.number().int().min(LIST_LIMITS.min).max(LIST_LIMITS.max).optional().meta({ description: "Page size, 1–100 (default 20)." }),
    page: z.string().min(1).optional().meta({ description: "Cursor: the previous page's next_page." }),
    after_id: z.string().min(1).optional().meta({ description: "Compatibility cursor: items older than this id." }),
    before_id: z.string().min(1).optional().meta({ description: "Compatibility cursor: items newer than this id." }),
  })
  .meta({ description: "Cursor pagination parameters; send at most one of page, after_id, before_id." });
export type ListParams = z.infer<typeof ListParams>;

/** List parameters of kinds that can be archived. */
export const ArchivableListParams = ListParams.extend({
  include_archived: z.boolean().optional().meta({ description: "Also list archived objects (default false)." }),
});
export type ArchivableListParams = z.infer<typeof ArchivableListParams>;

/** Query-string boolean as servers accept it (`true`/`false`, also `1`/`0`). */
export const QueryBoolean = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((text) => text === "true" || text === "1")]);

/** Query-string integer; anything but decimal digits is rejected rather than coerced to NaN. */
export const QueryInteger = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, "must be an integer")
    .transform((text) => Number(text)),
]);

/**
 * List parameters as they arrive in a query string (strings), for servers such as the emulator. Unknown
 * query parameters are ignored (loose), as HTTP servers generally do.
 */
export const ListQuery = z.looseObject({
  limit: QueryInteger.pipe(z.number().min(LIST_LIMITS.min).max(LIST_LIMITS.max)).optional(),
  page: z.string().min(1).optional(),
  after_id: z.string().min(1).optional(),
  before_id: z.string().min(1).optional(),
  include_archived: QueryBoolean.optional(),
});
export type ListQuery = z.output<typeof ListQuery>;

/** The list envelope around `item` (CONTRACT.md "Lists"); `next_page` is absent on older servers. */
export function ListEnvelope<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    first_id: z.string().nullable().default(null),
    last_id: z.string().nullable().default(null),
    has_more: z.boolean().default(false),
    next_page: z.string().nullable().default(null),
  });
}
export type ListEnvelope<T> = {
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
  next_page: string | null;
};

/** `error.type` values (CONTRACT.md "Errors"); clients branch on HTTP status, never on this alone. */
export const ERROR_TYPES = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "conflict_error",
  "rate_limit_error",
  "api_error",
  "overloaded_error",
  "feature_not_available",
] as const;
export const ErrorType = z.enum(ERROR_TYPES);
export type ErrorType = z.infer<typeof ErrorType>;

/** The error envelope. Tolerant: `request_id` is missing on older servers and `error.type` may be unknown. */
export const ErrorEnvelope = z.looseObject({
  type: z.literal("error"),
  request_id: z.string().optional(),
  error: z.looseObject({
    type: z.string(),
    message: z.string(),
    param: z.string().nullable().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/**
 * A delete answer: `{id, type: "<kind>_deleted"}` today; older servers answered
 * `{id, type: "<kind>", deleted: true}` (or 204 with no body, which the client handles before parsing).
 */
export const DeletedObject = z.looseObject({
  id: z.string(),
  type: z.string(),
  deleted: z.boolean().optional(),
});
export type DeletedObject = z.infer<typeof DeletedObject>;
