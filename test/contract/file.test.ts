// Files, client ↔ emulator (CONTRACT.md "Deployments … Files"; api-skills-vaults-files.md §3, G3): multipart
// upload, metadata, list filters, the download link, delete and its 409 while a live session mounts the file.
import { beforeEach, describe, expect, it } from "vitest";
import { ConflictError, type FileCreateParams, NotFoundError, PermissionDeniedError, type QoderFile } from "../../provider/client/index";
import { rejectionOf, type RequestEdit, useContract } from "../support/contract";

const t = useContract();
const MISSING = "file_00000000000000000000000000000000";
const WHOLE_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const upload = (overrides: Partial<FileCreateParams> = {}): Promise<QoderFile> =>
  t.client.files.create({
    content: Buffer.from("# Runbook\n\nRestart the service.\n"),
    filename: "runbook.md",
    mediaType: "text/markdown",
    ...overrides,
  });
const errorOf = async (promise: Promise<unknown>) => {
  const err = await rejectionOf(promise);
  return { status: err.status, type: err.type, param: err.param, message: err.apiMessage };
};
const replays = () => t.emulator.admin.requests().filter((entry) => entry.replayed).length;

/** Rewrites bytes of the outgoing multipart body (same length, so the framing stays valid). */
const rewriting =
  (from: string, to: string): RequestEdit =>
  (request) => ({
    ...request,
    body: Buffer.from(
      Buffer.from(request.body as Uint8Array)
        .toString("latin1")
        .replace(from, to),
      "latin1",
    ),
  });

describe("upload", () => {
  it("file: upload answers HTTP 200 with the G3 file object", async () => {
    const file = await upload({ metadata: { project: "demo" } });
    const posts = t.emulator.admin.requests().filter((entry) => entry.method === "POST");
    expect([posts.map((entry) => entry.status), file]).toEqual([
      [200],
      {
        id: expect.stringMatching(/^file_[0-9a-f]{32}$/),
        type: "file",
        filename: "runbook.md",
        mimeType: "text/markdown",
        sizeBytes: 32,
        downloadable: false,
        scope: null,
        metadata: { project: "demo" },
        createdAt: expect.stringMatching(WHOLE_SECOND),
      },
    ]);
  });

  it("file: the name part replaces the uploaded filename", async () => {
    await expect(upload({ name: "checklist.md" })).resolves.toMatchObject({ filename: "checklist.md" });
  });

  it("file: a name is sanitised to its last path segment without control characters", async () => {
    await expect(upload({ name: "docs/ops/\u0007checklist.md" })).resolves.toMatchObject({ filename: "checklist.md" });
  });

  it.each([
    ["over 255 bytes", "é".repeat(128)],
    ["'.'", "."],
    ["'..'", ".."],
    ["empty after sanitising", "dir/"],
  ])("file: a name %s is a 400 on name", async (_label, name) => {
    await expect(errorOf(upload({ name }))).resolves.toMatchObject({ status: 400, type: "invalid_request_error", param: "name" });
  });

  it("file: a name of exactly 255 bytes is accepted", async () => {
    await expect(upload({ name: `${"n".repeat(252)}.md` })).resolves.toMatchObject({ filename: `${"n".repeat(252)}.md` });
  });

  it("file: without a file part the upload is a 400 'Field 'file' is required.'", async () => {
    const client = t.clientThrough(rewriting('name="file"', 'name="fil0"'));
    await expect(errorOf(client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" }))).resolves.toEqual({
      status: 400,
      type: "invalid_request_error",
      param: "file",
      message: "Field 'file' is required.",
    });
  });

  it("file: metadata over 8 KB of JSON text is a 400 on metadata", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`key-${i}`, "v".repeat(512)]));
    await expect(errorOf(upload({ metadata }))).resolves.toMatchObject({
      status: 400,
      param: "metadata",
      message: expect.stringContaining("8192 bytes"),
    });
  });

  it("file: metadata that breaks the metadata rules is a 400 on metadata", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    await expect(errorOf(upload({ metadata }))).resolves.toMatchObject({ status: 400, param: "metadata" });
  });

  it("file: metadata that is not a JSON object is a 400 on metadata", async () => {
    const client = t.clientThrough(rewriting('{"k":"v"}', '["k","v"]'));
    const create = client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain", metadata: { k: "v" } });
    await expect(errorOf(create)).resolves.toMatchObject({ status: 400, param: "metadata" });
  });

  it.each([
    ["text/plain", "a.bin", "text/plain"],
    ["text/csv; charset=utf-8", "a.csv", "text/csv"],
    ["application/json", "a.json", "application/json"],
    ["application/x-yaml", "a.yaml", "application/x-yaml"],
    ["application/octet-stream", "notes.md", "text/markdown"],
    ["application/octet-stream", "config.toml", "application/x-toml"],
  ])("file: a %s part named %s is stored as %s", async (mediaType, filename, stored) => {
    await expect(upload({ mediaType, filename })).resolves.toMatchObject({ mimeType: stored });
  });

  it.each([
    ["image/png", "logo.png"],
    ["application/pdf", "report.pdf"],
    ["application/octet-stream", "blob.bin"],
  ])("file: a %s part (%s) is a 400: text-based files only", async (mediaType, filename) => {
    await expect(errorOf(upload({ mediaType, filename }))).resolves.toMatchObject({ status: 400, param: "file" });
  });

  it("file: expires_in_seconds sets expiresAt; outside 3600–7776000 it is a 400", async () => {
    const file = await upload({ expiresInSeconds: 3600 });
    expect(Date.parse(String(file.expiresAt)) - Date.parse(file.createdAt)).toBe(3_600_000);
    await expect(errorOf(upload({ expiresInSeconds: 60 }))).resolves.toMatchObject({ status: 400, param: "expires_in_seconds" });
  });
});

describe("reads", () => {
  it("file: retrieve returns the stored file", async () => {
    const file = await upload();
    await expect(t.client.files.retrieve(file.id)).resolves.toEqual(file);
  });

  it("file: retrieve of an unknown id is a 404 with the API's wording", async () => {
    await expect(errorOf(t.client.files.retrieve(MISSING))).resolves.toMatchObject({
      status: 404,
      type: "not_found_error",
      message: `File '${MISSING}' was not found.`,
    });
  });

  it("file: list walks every page newest first", async () => {
    const files: QoderFile[] = [];
    for (const name of ["a.md", "b.md", "c.md"]) files.push(await upload({ name }));
    const page = await t.client.files.list({ limit: 2 }).firstPage();
    const all = await t.client.files.list({ limit: 2 }).toArray();
    expect([page.data.map((f) => f.filename), page.nextPage, all.map((f) => f.filename)]).toEqual([
      ["c.md", "b.md"],
      files[1]?.id,
      ["c.md", "b.md", "a.md"],
    ]);
  });

  it("file: list filters by a case-insensitive name prefix", async () => {
    await upload({ name: "Runbook-db.md" });
    await upload({ name: "runbook-web.md" });
    await upload({ name: "checklist.md" });
    const listed = await t.client.files.list({ name: "RUNBOOK" }).toArray();
    expect(listed.map((f) => f.filename)).toEqual(["runbook-web.md", "Runbook-db.md"]);
  });

  it("file: list filters by scope id (a session's files)", async () => {
    const mine = await upload();
    await upload({ name: "other.md" });
    t.emulator.admin.patch("files", mine.id, { scope: { id: "sess_0123", type: "session" }, downloadable: true });
    const listed = await t.client.files.list({ scopeId: "sess_0123" }).toArray();
    expect(listed.map((f) => [f.id, f.scope, f.downloadable])).toEqual([[mine.id, { id: "sess_0123", type: "session" }, true]]);
  });

  it("file: a limit over 100 or two cursors are a 400", async () => {
    await expect(errorOf(t.client.files.list({ limit: 101 }).firstPage())).resolves.toMatchObject({ status: 400, param: "limit" });
    await expect(errorOf(t.client.files.list({ afterId: "file_a", page: "file_b" }).firstPage())).resolves.toMatchObject({ status: 400 });
  });
});

describe("download", () => {
  it("file: a user upload is not downloadable: 403 permission_error", async () => {
    const file = await upload();
    const err = await rejectionOf(t.client.files.download(file.id));
    expect([err instanceof PermissionDeniedError, err.status, err.type]).toEqual([true, 403, "permission_error"]);
  });

  it("file: a downloadable file answers a signed link valid for an hour that serves the bytes without the token", async () => {
    const file = await upload();
    t.emulator.admin.patch("files", file.id, { downloadable: true });
    const link = await t.client.files.download(file.id);
    const response = await fetch(link.url);
    const ttl = Date.parse(link.expiresAt) - Date.now();
    expect([
      link.expiresAt,
      ttl > 3_590_000 && ttl <= 3_600_000,
      response.status,
      response.headers.get("content-type"),
      await response.text(),
    ]).toEqual([expect.stringMatching(WHOLE_SECOND), true, 200, "text/markdown", "# Runbook\n\nRestart the service.\n"]);
  });

  it("file: a tampered link is a 403", async () => {
    const file = await upload();
    t.emulator.admin.patch("files", file.id, { downloadable: true });
    const link = await t.client.files.download(file.id);
    expect((await fetch(link.url.replace(/signature=[0-9a-f]/, "signature=x"))).status).toBe(403);
  });

  it("file: download of an unknown id is a 404", async () => {
    await expect(t.client.files.download(MISSING)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("delete", () => {
  it("file: delete answers file_deleted, then the id is gone", async () => {
    const file = await upload();
    await expect(t.client.files.delete(file.id)).resolves.toEqual({ id: file.id, type: "file_deleted" });
    await expect(t.client.files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("file: delete of an unknown id is a 404", async () => {
    await expect(t.client.files.delete(MISSING)).rejects.toBeInstanceOf(NotFoundError);
  });

  describe("while mounted", () => {
    let agentId: string;
    let environmentId: string;
    beforeEach(async () => {
      agentId = (await t.client.agents.create({ name: "a", model: "ultimate" })).id;
      environmentId = (await t.client.environments.create({ name: "ci" })).id;
    });

    it("file: delete while a live session mounts it is a 409, and archiving the session frees it", async () => {
      const file = await upload();
      const session = await t.client.sessions.create({ agent: agentId, environmentId, resources: [{ type: "file", fileId: file.id }] });
      await expect(errorOf(t.client.files.delete(file.id))).resolves.toMatchObject({
        status: 409,
        type: "conflict_error",
        message: "File is still referenced by active resources",
      });
      await t.client.sessions.archive(session.id);
      await expect(t.client.files.delete(file.id)).resolves.toMatchObject({ type: "file_deleted" });
    });

    it("file: a session mounts the file at /mnt/session/uploads/<id> by default", async () => {
      const file = await upload();
      const session = await t.client.sessions.create({ agent: agentId, environmentId, resources: [{ type: "file", fileId: file.id }] });
      expect(session.resources).toEqual([{ type: "file", fileId: file.id, mountPath: `/mnt/session/uploads/${file.id}` }]);
    });

    it("file: a session mounting an unknown file is a 404", async () => {
      const create = t.client.sessions.create({ agent: agentId, environmentId, resources: [{ type: "file", fileId: MISSING }] });
      await expect(create).rejects.toBeInstanceOf(NotFoundError);
    });

    it("file: a live deployment using the file does not block its delete (api-deployments.md §11.13)", async () => {
      const file = await upload();
      await t.client.deployments.create({
        name: "nightly",
        agent: agentId,
        environmentId,
        initialEvents: [{ type: "user.message", content: "Go" }],
        resources: [{ type: "file", fileId: file.id }],
      });
      await expect(t.client.files.delete(file.id)).resolves.toMatchObject({ type: "file_deleted" });
    });
  });
});

describe("idempotency", () => {
  it("file: the same key and body replays the first file", async () => {
    const keyed = { content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" };
    const one = await t.client.files.create(keyed, { idempotencyKey: "stack/dev/File/a/create" });
    const two = await t.clientWith({}).files.create(keyed, { idempotencyKey: "stack/dev/File/a/create" });
    expect([two.id, t.emulator.admin.list("files").map((f) => f.id)]).toEqual([one.id, [one.id]]);
  });

  it("file: the same key with other content is a 409", async () => {
    await t.client.files.create({ content: Buffer.from("x"), filename: "a.txt", mediaType: "text/plain" }, { idempotencyKey: "k-file" });
    const again = t.client.files.create({ content: Buffer.from("y"), filename: "a.txt", mediaType: "text/plain" }, { idempotencyKey: "k-file" });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
  });

  it("file: an upload committed before the connection dropped is replayed, leaving exactly one file", async () => {
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/files", count: 1 });
    const file = await upload();
    expect([t.emulator.admin.list("files").map((stored) => stored.id), t.emulator.admin.list("file_contents").length, replays()]).toEqual([
      [file.id],
      1,
      1,
    ]);
  });

  it("file: a delete committed before the drop answers file_deleted, not 404", async () => {
    const file = await upload();
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "DELETE", path: "/files/*", count: 1 });
    await expect(t.client.files.delete(file.id)).resolves.toEqual({ id: file.id, type: "file_deleted" });
  });
});
