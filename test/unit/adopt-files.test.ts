// qoder-adopt's files: which files become `files:` entries (those the API gives back, written under files/),
// which are mounted by id with a note (a user's upload, a failed download, bytes no upload would take), and
// which are left out (a session's own files); local names that are safe and unique; name and media type
// written only where the File resource would not read them from the local file.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { adoptAccount } from "../../provider/adopt";
import { fileEntry, LocalNames, readFileContent, uploadProblem } from "../../provider/adopt/files";
import { createClient, PermissionDeniedError, type QoderClient, type QoderFile } from "../../provider/client";
import { outDirs } from "../support/adopt-account";

function file(fields: Partial<QoderFile> = {}): QoderFile {
  return {
    id: "file_01a232e6b53d70008a5ce9941f1dd1bd",
    type: "file",
    filename: "runbook.md",
    sizeBytes: 5,
    mimeType: "text/markdown",
    downloadable: true,
    scope: null,
    metadata: {},
    createdAt: "2026-01-01T00:00:00Z",
    ...fields,
  } as QoderFile;
}

describe("qoder-adopt file entries", () => {
  it("local names are one safe path segment, unique even where case is ignored, numbered before the extension", () => {
    const names = new LocalNames();
    expect(["notes.md", "Notes.md", "notes.md", 'a:b*c?"d<e>f|g.txt', "..", "", "report. ", "README"].map((name) => names.allocate(name))).toEqual([
      "notes.md",
      "Notes-2.md",
      "notes-3.md",
      "a-b-c--d-e-f-g.txt",
      "file",
      "file-2",
      "report",
      "README",
    ]);
  });

  it("name is written only when the local name differs; mediaType only when the extension does not say the stored type", () => {
    expect(fileEntry(file(), "files/runbook.md", "runbook.md")).toEqual({ path: "files/runbook.md", adoptId: file().id });
    expect(fileEntry(file({ filename: "a:b.md", metadata: { team: "platform" } }), "files/a-b.md", "a-b.md")).toEqual({
      path: "files/a-b.md",
      name: "a:b.md",
      metadata: { team: "platform" },
      adoptId: file().id,
    });
    expect(fileEntry(file({ filename: "NOTES", mimeType: "text/plain; charset=utf-8" }), "files/NOTES", "NOTES")).toMatchObject({
      mediaType: "text/plain",
    });
    expect(fileEntry(file({ filename: "schema.json", mimeType: "application/json" }), "files/schema.json", "schema.json")).not.toHaveProperty(
      "mediaType",
    );
  });

  it("bytes no upload would take (a type that is not text, more than 50 MB) are a reason to mount the file by id", () => {
    expect(uploadProblem(file())).toBeUndefined();
    expect(uploadProblem(file({ mimeType: "image/png" }))).toBe("its media type image/png is not one the API takes in an upload");
    expect(uploadProblem(file({ sizeBytes: 50 * 1024 * 1024 + 1 }))).toBe(`it holds ${50 * 1024 * 1024 + 1} bytes, more than an upload may`);
  });

  it("a file that is not downloadable is not asked for; a refused download is a reason, not a failure of the run", async () => {
    let asked = 0;
    const refusing = {
      files: {
        download: async () => {
          asked++;
          throw new PermissionDeniedError(
            { status: 403, type: "permission_error", message: "File is not downloadable.", param: undefined, requestId: undefined },
            { method: "GET", path: "/files/file_1/content" },
          );
        },
      },
    } as unknown as QoderClient;
    expect(await readFileContent(refusing, file({ downloadable: false }))).toEqual({});
    expect(asked).toBe(0);
    const read = await readFileContent(refusing, file());
    expect(read.unreadable).toMatch(/^its download failed: .*File is not downloadable\./);
    expect(asked).toBe(1);
  });
});

describe("qoder-adopt files of an account", () => {
  const TOKEN = "pt-adopt-files-test-token";
  let emulator: RunningEmulator;
  let client: QoderClient;
  const dirs = outDirs();

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [TOKEN] });
    client = createClient({ baseUrl: emulator.baseUrl, token: TOKEN });
  });
  beforeEach(() => emulator.admin.reset());
  afterAll(async () => {
    await client?.close();
    await emulator?.stop();
    dirs.dispose();
  });

  const upload = (filename: string, content: string, mediaType = "text/markdown") =>
    client.files.create({ content: Buffer.from(content), filename, mediaType });

  it("adopt: downloadable files of one name are written side by side, each adopted with the name the API holds", async () => {
    const first = await upload("notes.md", "first\n");
    const second = await upload("Notes.md", "second one\n");
    for (const made of [first, second]) emulator.admin.patch("files", made.id, { downloadable: true });
    const result = await adoptAccount({ client, outDir: dirs.fresh() });
    const outDir = path.dirname(result.file);
    expect(result.document.files).toEqual({
      notes: { path: "files/notes.md", adoptId: first.id },
      "notes-2": { path: "files/Notes-2.md", name: "Notes.md", adoptId: second.id },
    });
    expect(fs.readFileSync(path.join(outDir, "files", "Notes-2.md"), "utf8")).toBe("second one\n");
    expect(result.warnings).toEqual([]);
  });

  it("adopt: a download link that fails leaves the file to be mounted by id, with the reason", async () => {
    const made = await upload("notes.md", "first\n");
    emulator.admin.patch("files", made.id, { downloadable: true });
    const agent = await client.agents.create({ name: "a", model: "auto" });
    const environment = await client.environments.create({ name: "sandbox", config: { type: "cloud" } });
    await client.deployments.create({
      name: "d",
      agent: agent.id,
      environmentId: environment.id,
      initialEvents: [{ type: "user.message", content: "Go." }],
      resources: [{ type: "file", fileId: made.id }],
    });
    // The storage host answers 404 once the bytes are gone (the file's metadata stays).
    emulator.admin.remove("file_contents", made.id);
    const result = await adoptAccount({ client, outDir: dirs.fresh() });
    expect(result.document.files).toBeUndefined();
    expect(result.document.deployments?.d?.resources).toEqual([{ fileId: made.id }]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^file "notes\\.md" \\(${made.id}\\) has no files: entry, since its content cannot be written out: its download link answered HTTP 404\\.`,
        ),
      ),
    ]);
    expect(fs.existsSync(path.join(path.dirname(result.file), "files"))).toBe(false);
  });
});
