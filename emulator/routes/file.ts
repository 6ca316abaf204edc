// Routes of Files (api-skills-vaults-files.md §3, G3): multipart upload (200), metadata, list (name prefix,
// scope_id), the download link (403 for user uploads), delete (409 while a live session mounts the file).
// Also the unauthenticated storage route a download link points at. Depends on provider/api and core.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { FILE_LIMITS, FileCreateParams, ID_PREFIX, isTextMediaType, wholeSecondUtc, type FileObject } from "../../provider/api";
import type { EmulatorContext, EmulatorEnv } from "../context";
import { conflict, forbidden, invalid, notFound } from "../errors";
import type { EmulatorState } from "../state";
import { paginate, parseListQuery } from "../pagination";
import { readMultipartForm, validate } from "../validation";
import { sessionsMounting } from "./session";

export const FILES = "files";
/** Each file's bytes as base64, keyed by the file's id; never part of a response. */
export const FILE_CONTENTS = "file_contents";
/** Where download links point: outside the API prefix, without the API token (like a signed storage URL). */
export const STORAGE_PREFIX = "/_storage";

export type StoredFile = {
  id: string;
  type: "file";
  filename: string;
  mime_type: string;
  size_bytes: number;
  downloadable: boolean;
  scope: { id: string; type: string } | null;
  metadata: Record<string, string>;
  created_at: string;
  /** Only when the upload asked for one (`expires_in_seconds`, SDK-only). */
  expires_at?: string;
};
interface StoredContent {
  id: string;
  base64: string;
}

// Compile-time guard: what the emulator returns must decode as the client's `QoderFile`.
export const asFile = (file: StoredFile): FileObject => file;

/** A download link is valid for one hour (§3.6). */
const LINK_SECONDS = 3600;

/**
 * Media types by extension, for a part sent as `application/octet-stream` or without a type: the text-based
 * types the API accepts (§3.3), plus common source and config files as their `text/*` type.
 */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: "text/plain",
  text: "text/plain",
  log: "text/plain",
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  json: "application/json",
  xml: "application/xml",
  js: "application/javascript",
  mjs: "application/javascript",
  cjs: "application/javascript",
  yaml: "application/x-yaml",
  yml: "application/x-yaml",
  toml: "application/x-toml",
  ts: "text/x-typescript",
  py: "text/x-python",
  sh: "text/x-shellscript",
  go: "text/x-go",
  rs: "text/x-rust",
  java: "text/x-java",
  sql: "text/x-sql",
  ini: "text/plain",
  cfg: "text/plain",
  conf: "text/plain",
};

/** The part's media type when it names one, else the type of the name's extension (§3.2: "detected from the name"). */
export function mediaTypeOf(partType: string, name: string): string | undefined {
  const given = partType.split(";")[0]!.trim().toLowerCase();
  if (given !== "" && given !== "application/octet-stream") return given;
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : TYPES_BY_EXTENSION[extension];
}

/** A name as stored: its last path segment, without control characters or surrounding blanks. */
export function sanitiseName(name: string): string {
  const base = name.split(/[/\\]/).at(-1) ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
  return base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
}

const keysByState = new WeakMap<EmulatorState, Buffer>();

/** The secret that signs download links; per emulator, in memory only. */
function signingKey(state: EmulatorState): Buffer {
  let key = keysByState.get(state);
  if (!key) {
    key = randomBytes(32);
    keysByState.set(state, key);
  }
  return key;
}

function signature(state: EmulatorState, fileId: string, expires: number): string {
  return createHmac("sha256", signingKey(state)).update(`${fileId}\n${expires}`).digest("hex");
}

interface Upload {
  file: File;
  fields: Record<string, string>;
}

async function readUpload(c: Context<EmulatorEnv>): Promise<Upload> {
  const form = await readMultipartForm(c);
  const file = form.file;
  if (file === undefined) throw invalid("Field 'file' is required.", "file");
  if (!(file instanceof File)) throw invalid("Field 'file' must be one file part.", "file");
  const fields: Record<string, string> = {};
  for (const name of ["name", "metadata", "expires_in_seconds"]) {
    const value = form[name];
    if (value === undefined) continue;
    if (typeof value !== "string") throw invalid(`Field '${name}' must be one text part.`, name);
    fields[name] = value;
  }
  return { file, fields };
}

/** The non-file parts, checked like a JSON body: `name`, `metadata` (JSON text ≤ 8 KB), `expires_in_seconds`. */
function createParams(fields: Record<string, string>): FileCreateParams {
  const body: Record<string, unknown> = {};
  if (fields.name !== undefined) body.name = sanitiseName(fields.name);
  if (fields.metadata !== undefined) {
    if (Buffer.byteLength(fields.metadata, "utf8") > FILE_LIMITS.metadataMaxBytes) {
      throw invalid(`Field 'metadata' must be at most ${FILE_LIMITS.metadataMaxBytes} bytes of JSON.`, "metadata");
    }
    try {
      body.metadata = JSON.parse(fields.metadata) as unknown;
    } catch {
      throw invalid("Field 'metadata' must be a JSON object.", "metadata");
    }
  }
  if (fields.expires_in_seconds !== undefined) {
    if (!/^\d+$/.test(fields.expires_in_seconds)) throw invalid("Field 'expires_in_seconds' must be a whole number.", "expires_in_seconds");
    body.expires_in_seconds = Number(fields.expires_in_seconds);
  }
  return validate(FileCreateParams, body);
}

export function fileRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const files = ctx.state.collection<StoredFile>(FILES);
  const contents = ctx.state.collection<StoredContent>(FILE_CONTENTS);
  const app = new Hono<EmulatorEnv>();
  const now = (): string => ctx.now().replace(/\.\d+Z$/, "Z");

  const find = (id: string): StoredFile => {
    const file = files.get(id);
    if (!file) throw notFound("File", id);
    return file;
  };
  const remove = (id: string): void => {
    files.delete(id);
    contents.delete(id);
  };

  ctx.hooks.register(FILES, {
    // The way to make a file downloadable (or session-scoped), which uploads never are: patch
    // `{"downloadable": true, "scope": {"id": "sess_…", "type": "session"}}`. Files have no updated_at.
    patch: (id, fields) => {
      const file = find(id);
      if ("id" in fields && fields.id !== id) throw invalid("id cannot change.", "id");
      return files.set({ ...file, ...(fields as Partial<StoredFile>), id });
    },
    archive: () => {
      throw invalid("Files cannot be archived; delete them instead.");
    },
    remove: (id) => {
      find(id);
      remove(id);
    },
  });

  app.post("/", async (c) => {
    const upload = await readUpload(c);
    const params = createParams(upload.fields);
    // §3.2: `name` when given, else the uploaded filename; either way 1–255 bytes after sanitising.
    const filename = params.name ?? validate(FileCreateParams, { name: sanitiseName(upload.file.name) }).name!;
    const mimeType = mediaTypeOf(upload.file.type, filename);
    if (mimeType === undefined || !isTextMediaType(mimeType)) {
      throw invalid(`Only text-based files can be uploaded; '${filename}' is ${mimeType ?? "of an unknown type"}.`, "file");
    }
    if (upload.file.size > FILE_LIMITS.maxBytes) throw invalid(`A file may be at most ${FILE_LIMITS.maxBytes} bytes.`, "file");
    const bytes = Buffer.from(await upload.file.arrayBuffer());
    const createdAt = now();
    const file: StoredFile = {
      id: ctx.newId(ID_PREFIX.file),
      type: "file",
      filename,
      mime_type: mimeType,
      size_bytes: bytes.length,
      downloadable: false,
      scope: null,
      metadata: params.metadata ?? {},
      created_at: createdAt,
    };
    if (params.expires_in_seconds !== undefined) {
      file.expires_at = wholeSecondUtc(new Date(Date.parse(createdAt) + params.expires_in_seconds * 1000));
    }
    files.set(file);
    contents.set({ id: file.id, base64: bytes.toString("base64") });
    // The G3 upload page shows 200 (§3.1).
    return c.json(file, 200);
  });

  app.get("/", (c) => {
    const query = parseListQuery(c);
    const prefix = c.req.query("name")?.toLowerCase();
    const scopeId = c.req.query("scope_id");
    const matching = files
      .values()
      .filter(
        (file) => (prefix === undefined || file.filename.toLowerCase().startsWith(prefix)) && (scopeId === undefined || file.scope?.id === scopeId),
      );
    return c.json(paginate(matching, query));
  });

  app.get("/:file_id", (c) => c.json(find(c.req.param("file_id"))));

  app.get("/:file_id/content", (c) => {
    const file = find(c.req.param("file_id"));
    // User uploads cannot be downloaded back (§3.6); only files a test made downloadable can.
    if (!file.downloadable) throw forbidden(`File '${file.id}' is not downloadable.`);
    const expires = Math.floor(Date.now() / 1000) + LINK_SECONDS;
    const origin = new URL(c.req.url).origin;
    const url = `${origin}${STORAGE_PREFIX}/files/${file.id}?expires=${expires}&signature=${signature(ctx.state, file.id, expires)}`;
    return c.json({ url, expires_at: wholeSecondUtc(new Date(expires * 1000)) });
  });

  app.delete("/:file_id", (c) => {
    const file = find(c.req.param("file_id"));
    // Only live sessions count as "active resources": deployments never block it (api-deployments.md §11.13).
    const users = sessionsMounting(ctx, file.id);
    if (users.length > 0) throw conflict("File is still referenced by active resources");
    remove(file.id);
    return c.json({ id: file.id, type: "file_deleted" });
  });

  return app;
}

/**
 * The storage host a download link points at (mounted outside the API prefix, no API token): the bytes, when
 * the link's signature holds and it has not expired; 403 otherwise, 404 once the file is gone.
 */
export function fileStorageRoutes(ctx: EmulatorContext): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.get("/files/:file_id", (c) => {
    const id = c.req.param("file_id");
    const expires = Number(c.req.query("expires"));
    const given = Buffer.from(c.req.query("signature") ?? "", "utf8");
    const expected = Buffer.from(Number.isInteger(expires) ? signature(ctx.state, id, expires) : "", "utf8");
    if (given.length !== expected.length || expected.length === 0 || !timingSafeEqual(given, expected)) throw forbidden("Invalid download link.");
    if (expires * 1000 < Date.now()) throw forbidden("The download link has expired.");
    const file = ctx.state.peek<StoredFile>(FILES)?.get(id);
    const content = ctx.state.peek<StoredContent>(FILE_CONTENTS)?.get(id);
    if (!file || !content) throw notFound("File", id);
    const bytes = Buffer.from(content.base64, "base64");
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": file.mime_type,
      "Content-Disposition": `attachment; filename="${file.filename.replace(/["\\]/g, "_")}"`,
      "Content-Length": String(bytes.length),
    });
  });
  return app;
}
