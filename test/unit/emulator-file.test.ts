// Emulator Files routes (api-skills-vaults-files.md §3): what the client never sends by itself (no multipart,
// a text field where the file goes, metadata that is no JSON), the out-of-band hooks, the storage link's
// expiry, and what the state file keeps. In-process (`app.request`) through the shared harness.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mediaTypeOf, sanitiseName } from "../../emulator/routes/file";
import { API, TOKEN, inProcess, type Reply } from "./emulator-harness";

function form(parts: { file?: [string, string, string]; fields?: Record<string, string> } = {}): FormData {
  const body = new FormData();
  if (parts.file) body.append("file", new Blob([parts.file[0]], { type: parts.file[2] }), parts.file[1]);
  for (const [name, value] of Object.entries(parts.fields ?? {})) body.append(name, value);
  return body;
}

function setup(options: { stateFile?: string } = {}) {
  const emulator = inProcess(options);
  const upload = (body: FormData): Promise<Reply> =>
    emulator.raw(`${API}/files`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body });
  const create = async (text = "hello", name = "notes.md") => (await upload(form({ file: [text, name, "text/markdown"] }))).body as { id: string };
  return { ...emulator, upload, create };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("emulator files", () => {
  it("file: upload answers 200 with downloadable false and no scope", async () => {
    const { upload } = setup();
    const reply = await upload(form({ file: ["hello", "notes.md", "text/markdown"] }));
    expect([reply.status, reply.body.downloadable, reply.body.scope, reply.body.size_bytes]).toEqual([200, false, null, 5]);
  });

  it("file: a JSON body instead of multipart is a 400", async () => {
    const { call } = setup();
    expect((await call("POST", "/files", { file: "x" })).status).toBe(400);
  });

  it("file: a multipart body without a file part is a 400 naming file", async () => {
    const { upload } = setup();
    const reply = await upload(form({ fields: { name: "a.md" } }));
    expect([reply.status, reply.body.error.param, reply.body.error.message]).toEqual([400, "file", "Field 'file' is required."]);
  });

  it("file: a text field called file is a 400", async () => {
    const { upload } = setup();
    const reply = await upload(form({ fields: { file: "not a file part" } }));
    expect([reply.status, reply.body.error.param]).toEqual([400, "file"]);
  });

  it("file: metadata that is not JSON is a 400 naming metadata", async () => {
    const { upload } = setup();
    const reply = await upload(form({ file: ["x", "a.txt", "text/plain"], fields: { metadata: "team=docs" } }));
    expect([reply.status, reply.body.error.param]).toEqual([400, "metadata"]);
  });

  it("file: expires_in_seconds that is not a whole number is a 400", async () => {
    const { upload } = setup();
    const reply = await upload(form({ file: ["x", "a.txt", "text/plain"], fields: { expires_in_seconds: "1h" } }));
    expect([reply.status, reply.body.error.param]).toEqual([400, "expires_in_seconds"]);
  });

  it("file: a part without a type takes its media type from the name", async () => {
    const { upload } = setup();
    const reply = await upload(form({ file: ["a: 1", "config.yml", ""] }));
    expect(reply.body.mime_type).toBe("application/x-yaml");
  });

  it("file: an out-of-band patch makes a file downloadable without inventing updated_at", async () => {
    const { admin, create } = setup();
    const file = await create();
    const patched = admin.patch("files", file.id, { downloadable: true });
    expect([patched.downloadable, "updated_at" in patched]).toEqual([true, false]);
  });

  it("file: files cannot be archived out of band", async () => {
    const { admin, create } = setup();
    const file = await create();
    expect(() => admin.archive("files", file.id)).toThrow(/cannot be archived/);
  });

  it("file: an out-of-band remove takes the content along", async () => {
    const { admin, create } = setup();
    const file = await create();
    admin.remove("files", file.id);
    expect([admin.get("files", file.id), admin.list("file_contents")]).toEqual([undefined, []]);
  });

  it("file: a download link stops working after its hour", async () => {
    const { admin, app, call, create } = setup();
    const file = await create();
    admin.patch("files", file.id, { downloadable: true });
    const link = (await call("GET", `/files/${file.id}/content`)).body as { url: string };
    const path = link.url.slice(new URL(link.url).origin.length);
    const fresh = (await app.request(path)).status;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 3_601_000);
    expect([fresh, (await app.request(path)).status]).toEqual([200, 403]);
  });

  it("file: a link to a deleted file is a 404", async () => {
    const { admin, app, call, create } = setup();
    const file = await create();
    admin.patch("files", file.id, { downloadable: true });
    const link = (await call("GET", `/files/${file.id}/content`)).body as { url: string };
    await call("DELETE", `/files/${file.id}`);
    expect((await app.request(link.url.slice(new URL(link.url).origin.length))).status).toBe(404);
  });

  it("file: a state file keeps the file and its bytes across a restart", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "qoder-files-")), "state.json");
    const first = setup({ stateFile });
    const file = await first.create("kept bytes");
    const second = setup({ stateFile });
    second.admin.patch("files", file.id, { downloadable: true });
    const link = (await second.call("GET", `/files/${file.id}/content`)).body as { url: string };
    const res = await second.app.request(link.url.slice(new URL(link.url).origin.length));
    expect(await res.text()).toBe("kept bytes");
  });
});

describe("file names and media types", () => {
  it.each([
    ["docs/ops/run.md", "run.md"],
    ["C:\\ops\\run.md", "run.md"],
    ["  run\u0000.md ", "run.md"],
    ["run.md", "run.md"],
  ])("sanitiseName(%j) is %j", (name, expected) => {
    expect(sanitiseName(name)).toBe(expected);
  });

  it.each([
    ["text/plain; charset=utf-8", "a.bin", "text/plain"],
    ["application/octet-stream", "a.MD", "text/markdown"],
    ["", "a.json", "application/json"],
    ["", "a", undefined],
    ["application/octet-stream", "a.exe", undefined],
  ])("mediaTypeOf(%j, %j) is %j", (partType, name, expected) => {
    expect(mediaTypeOf(partType, name)).toBe(expected);
  });
});
