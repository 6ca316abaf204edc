// File lifecycle against the emulator: check hashes the local file with no API call and refuses what the
// API would (outside the project, not text); the upload carries exactly the checked bytes; every change
// replaces; refresh keeps the hash; destroy deletes, and says why when a session still mounts the file.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fileLifecycle as file } from "../../provider/lifecycle/file";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();

const stored = (id: string) => h.emulator.admin.get("files", id) as Record<string, unknown> | undefined;

describe("file", () => {
  beforeEach(() => {
    mkdirSync(join(h.projectDir, "docs"), { recursive: true });
    writeFileSync(join(h.projectDir, "docs", "runbook.md"), "# Runbook\n\nRestart the worker.\n");
  });

  it("file: check hashes the file and reads its size, with no API call", async () => {
    const before = h.emulator.admin.requests().length;
    const checked = await file.check({}, { path: "docs/runbook.md" });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), sizeBytes: 31 });
    expect(h.emulator.admin.requests().length).toBe(before);
  });

  it("file: a missing file, one outside the project and one that is not text are refused by check", async () => {
    writeFileSync(join(h.projectDir, "logo.png"), "not really a png");
    const failures = async (inputs: Record<string, unknown>) => (await file.check({}, inputs)).failures?.map((failure) => failure.reason);
    expect(await failures({ path: "docs/missing.md" })).toEqual(["docs/missing.md does not exist"]);
    expect((await failures({ path: "../elsewhere.md" }))?.[0]).toMatch(/is outside the project .*allowOutsideProject: true/);
    expect((await failures({ path: "logo.png" }))?.[0]).toMatch(/text-based files only/);
  });

  it("file: a link that leads out of the project is refused by check", async () => {
    const outside = mkdtempSync(join(tmpdir(), "pulumi-qoder-outside-"));
    writeFileSync(join(outside, "secret.md"), "not for upload\n");
    symlinkSync(join(outside, "secret.md"), join(h.projectDir, "docs", "linked.md"));
    const checked = await file.check({}, { path: "docs/linked.md" });
    expect(checked.failures?.[0]?.reason).toMatch(/^docs\/linked.md is a link to .*secret.md, which is outside/);
    rmSync(outside, { recursive: true, force: true });
  });

  it("file: create uploads the file under its own name and media type", async () => {
    const { id, outs } = await checkAndCreate(file, { path: "docs/runbook.md", metadata: { team: "sre" } });
    expect(stored(id)).toMatchObject({ filename: "runbook.md", mime_type: "text/markdown", size_bytes: 31, metadata: { team: "sre" } });
    expect(outs).toMatchObject({ filename: "runbook.md", sizeBytes: 31, mimeType: "text/markdown" });
  });

  it("file: refresh without drift leaves no diff", async () => {
    const { id, outs } = await checkAndCreate(file, { path: "docs/runbook.md" });
    const read = await file.read(id, outs);
    expect((await checkAndDiff(file, id, read.props ?? {}, { path: "docs/runbook.md" })).diff.changes).toBe(false);
  });

  it("file: new content, a new name or new metadata replaces it", async () => {
    const { id, outs } = await checkAndCreate(file, { path: "docs/runbook.md" });
    writeFileSync(join(h.projectDir, "docs", "runbook.md"), "# Runbook\n\nRestart the worker twice.\n");
    const { diff } = await checkAndDiff(file, id, outs, { path: "docs/runbook.md", name: "ops.md", metadata: { team: "sre" } });
    expect([...(diff.replaces ?? [])].sort()).toEqual(["contentHash", "metadata", "name"]);
  });

  it("file: a file changed between check and upload is not uploaded", async () => {
    const checked = await file.check({}, { path: "docs/runbook.md" });
    writeFileSync(join(h.projectDir, "docs", "runbook.md"), "# Runbook, edited after the preview\n");
    await expect(file.create(checked.inputs ?? {})).rejects.toThrow("docs/runbook.md changed while this update ran");
  });

  it("file: destroy deletes it; a deleted one is gone", async () => {
    const { id, outs } = await checkAndCreate(file, { path: "docs/runbook.md" });
    await file.delete(id, outs);
    expect(stored(id)).toBeUndefined();
    expect(await file.read(id, outs)).toEqual({});
  });

  it("file: adoption takes a file of the same size and refuses one of another", async () => {
    const { id } = await checkAndCreate(file, { path: "docs/runbook.md", __identity: "p/s/File/first" });
    const adopted = await checkAndCreate(file, { path: "docs/runbook.md", adoptId: id });
    expect(adopted.id).toBe(id);
    writeFileSync(join(h.projectDir, "docs", "other.md"), "# Another runbook, longer than the first one\n");
    await expect(checkAndCreate(file, { path: "docs/other.md", adoptId: id })).rejects.toThrow(`its size (31 bytes) differs from docs/other.md`);
  });
});
