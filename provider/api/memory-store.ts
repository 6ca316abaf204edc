// Wire schemas of Memory stores and the memories inside them (CONTRACT.md "Memory stores"): name, path and
// content rules, create/update/list params, the objects read back. No I/O.
import { z } from "zod";
import { ArchivableListParams, ListEnvelope, ListParams, Metadata, MetadataPatch, MetadataRecord, Timestamp, codePointLength } from "./common";
import { isRecord } from "./records";

export const MEMORY_STORE_LIMITS = { nameMax: 255, descriptionMax: 1024 } as const;
/** CONTRACT.md "Memory stores": path ≤1024 bytes; content ≤100 KB (102 400 bytes, as the SDK counts it). */
export const MEMORY_LIMITS = { pathMaxBytes: 1024, contentMaxBytes: 100 * 1024 } as const;

/** UTF-8 byte length; limits on paths and content are counted in bytes. */
export function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}

// C0 and C1 control characters plus DEL (CONTRACT.md: store names have "no control chars").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const StoreName = z
  .string()
  .min(1, "name must not be empty")
  .refine((name) => codePointLength(name) <= MEMORY_STORE_LIMITS.nameMax, {
    message: `name must be at most ${MEMORY_STORE_LIMITS.nameMax} characters`,
  })
  .refine((name) => !CONTROL_CHARACTER.test(name), { message: "name must not contain control characters" })
  .meta({ description: "Store name, 1–255 characters, no control characters; need not be unique." });

const StoreDescription = z
  .string()
  .refine((text) => codePointLength(text) <= MEMORY_STORE_LIMITS.descriptionMax, {
    message: `description must be at most ${MEMORY_STORE_LIMITS.descriptionMax} characters`,
  })
  .meta({ description: "≤1024 characters; goes into the system prompt of sessions that attach the store." });

/** `POST /memory_stores` body. */
export const MemoryStoreCreateParams = z.strictObject({
  name: StoreName,
  description: StoreDescription.optional(),
  metadata: Metadata.optional(),
});
export type MemoryStoreCreateParams = z.infer<typeof MemoryStoreCreateParams>;

/** `POST /memory_stores/{id}` body: omitted fields are kept, `description: ""` clears, metadata is a patch. */
export const MemoryStoreUpdateParams = z.strictObject({
  name: StoreName.optional(),
  description: StoreDescription.optional(),
  metadata: MetadataPatch.optional(),
});
export type MemoryStoreUpdateParams = z.infer<typeof MemoryStoreUpdateParams>;

export const MemoryStoreListParams = ArchivableListParams;
export type MemoryStoreListParams = z.infer<typeof MemoryStoreListParams>;

/**
 * A memory path: relative (no leading `/`), no `..` segment, ≤1024 bytes (CONTRACT.md "Memory stores").
 * The reference's error text for a leading slash is reused so messages match the real server's.
 */
export const MemoryPath = z
  .string()
  .min(1, "path must not be empty")
  .refine((path) => !path.startsWith("/"), { message: "Field 'path' must be a relative path (cannot start with '/')." })
  .refine((path) => !path.split("/").includes(".."), { message: "Field 'path' must not contain '..' segments." })
  .refine((path) => utf8Length(path) <= MEMORY_LIMITS.pathMaxBytes, {
    message: `Field 'path' must be at most ${MEMORY_LIMITS.pathMaxBytes} bytes.`,
  })
  .meta({ description: "Relative path inside the store (no leading /, no ..), ≤1024 bytes; unique among live memories." });

/**
 * A memory path in one canonical spelling: empty and `.` segments dropped (`a//./b.md` → `a/b.md`), which the
 * Go SDK forbids and the docs leave open, so two spellings of one document never become two memories.
 */
export function normalizeMemoryPath(path: string): string {
  return path
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

// Characters that change what a terminal or an editor shows: C0/C1 controls, DEL (NUL, ANSI escapes, line
// breaks) and the bidirectional overrides that reorder text ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_PATH_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Percent-decodes byte by byte, leaving malformed sequences as they are (never throws). */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * What makes a memory path unsafe beyond the API's own rules (MemoryPath), or undefined: control characters,
 * backslashes, and climbing out of the store in any spelling a server or a tool might decode (`..` after
 * percent-decoding, repeatedly, and Unicode compatibility folding: `%2e%2e/`, `%252e%252e`, `．．`).
 */
export function unsafeMemoryPath(path: string): string | undefined {
  if (UNSAFE_PATH_CHARACTER.test(path)) return "must not contain control characters (NUL, escape sequences, line breaks) or direction overrides";
  if (path.includes("\\")) return "must not contain a backslash; separate folders with /";
  let decoded = path;
  for (let round = 0; round < 4; round++) {
    const next = percentDecoded(decoded).normalize("NFKC");
    if (next === decoded) break;
    decoded = next;
  }
  if (decoded !== path && (UNSAFE_PATH_CHARACTER.test(decoded) || decoded.includes("\\"))) {
    return "must not contain percent-encoded control characters or backslashes";
  }
  // A plain `..` or leading `/` is the API's own rule (MemoryPath), which says so in its words.
  const climbs = (text: string): boolean => text.split("/").some((segment) => segment.trim() === "..");
  if (climbs(decoded) && !path.split("/").includes("..")) return "must not contain a '..' segment, in any encoding (%2e%2e, ．．)";
  if (decoded.startsWith("/") && !path.startsWith("/")) return "must be relative, also once percent-decoded (no leading %2f)";
  if (normalizeMemoryPath(path) === "") return "must name a document, not only / and . segments";
  return undefined;
}

/** Memory content: non-empty after trimming (the docs' rule), ≤100 KB of UTF-8. */
export const MemoryContent = z
  .string()
  .refine((content) => content.trim().length > 0, { message: "Field 'content' must not be empty." })
  .refine((content) => utf8Length(content) <= MEMORY_LIMITS.contentMaxBytes, {
    message: `Field 'content' must be at most ${MEMORY_LIMITS.contentMaxBytes} bytes.`,
  })
  .meta({ description: "Document text, non-empty, ≤100 KB of UTF-8." });

export const ContentSha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters")
  .meta({ description: "Lowercase hex SHA-256 of the UTF-8 content." });

/** `POST /memory_stores/{id}/memories` body. */
export const MemoryCreateParams = z.strictObject({
  path: MemoryPath,
  content: MemoryContent,
  metadata: Metadata.optional(),
});
export type MemoryCreateParams = z.infer<typeof MemoryCreateParams>;

/**
 * `POST …/memories/{mid}` body. `content_sha256` is a precondition: it must equal the stored hash, else 409
 * (optimistic concurrency). The path cannot change (the provider replaces the memory).
 */
export const MemoryUpdateParams = z.strictObject({
  content: MemoryContent.optional(),
  content_sha256: ContentSha256.optional().meta({ description: "Precondition: the hash the caller last read." }),
  metadata: MetadataPatch.optional(),
});
export type MemoryUpdateParams = z.infer<typeof MemoryUpdateParams>;

export const MemoryListParams = ListParams.extend({
  path_prefix: z.string().min(1).optional().meta({ description: "Plain string prefix of the path." }),
});
export type MemoryListParams = z.infer<typeof MemoryListParams>;

/** A memory store as read back. Older servers' `status`, `entry_count` and `total_size` are kept as unknowns. */
export const MemoryStore = z.looseObject({
  id: z.string(),
  type: z.literal("memory_store").default("memory_store"),
  name: z.string(),
  description: z.string().nullable().default(""),
  metadata: MetadataRecord,
  archived_at: Timestamp.nullable().default(null),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type MemoryStore = z.output<typeof MemoryStore>;

/** Older generations (reference §2.9): `store_id` and `size` before `memory_store_id` and `content_size_bytes`. */
function normaliseLegacyMemory(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const body = { ...input };
  if (body.memory_store_id === undefined && typeof body.store_id === "string") body.memory_store_id = body.store_id;
  if (body.content_size_bytes === undefined && typeof body.size === "number") body.content_size_bytes = body.size;
  return body;
}

/** A memory as read back; `content` only on single reads (lists omit it). */
export const Memory = z.preprocess(
  normaliseLegacyMemory,
  z.looseObject({
    id: z.string(),
    type: z.literal("memory").default("memory"),
    memory_store_id: z.string(),
    path: z.string(),
    content: z.string().nullable().optional().meta({ description: "Present on get, create and update; absent in lists." }),
    content_size_bytes: z.number().int().min(0),
    content_sha256: z.string(),
    memory_version_id: z.string().nullable().default(null).meta({ description: "memver_ id of the current version." }),
    metadata: MetadataRecord,
    created_at: Timestamp,
    updated_at: Timestamp,
  }),
);
export type Memory = z.output<typeof Memory>;

export const MemoryStoreList = ListEnvelope(MemoryStore);
export type MemoryStoreList = z.output<typeof MemoryStoreList>;
export const MemoryList = ListEnvelope(Memory);
export type MemoryList = z.output<typeof MemoryList>;
