// Emulator Skills routes against CONTRACT.md "Skills": multipart uploads, package rules, versions, content
// download, deletes. In-process (`app.request`) through the shared harness.
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { API, TOKEN, inProcess, type Reply } from "./emulator-harness";

const manifest = (name: string, description = "Reviews code") => `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n`;

/** A multipart upload: each file becomes a `files` part whose filename is its path. */
function form(files: Record<string, string | Uint8Array>, fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const [path, content] of Object.entries(files)) body.append("files", new Blob([content]), path);
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

const tree = (name = "code-review", extra: Record<string, string> = {}) => ({
  [`${name}/SKILL.md`]: manifest(name),
  [`${name}/templates/report.md`]: "# Report\n",
  ...extra,
});

function setup() {
  const emulator = inProcess();
  const upload = (path: string, body: FormData, headers: Record<string, string> = {}): Promise<Reply> =>
    emulator.raw(`${API}${path}`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, ...headers }, body });
  const create = async (files: Record<string, string | Uint8Array> = tree(), fields: Record<string, string> = {}) =>
    (await upload("/skills", form(files, fields))).body as { id: string; latest_version: string };
  const download = async (path: string) => {
    const res = await emulator.app.request(`${API}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  return { ...emulator, upload, create, download };
}

describe("emulator skills", () => {
  it("skill: create from a file tree answers 201 with the Skill object", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form(tree(), { metadata: '{"team":"docs"}' }));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ type: "skill", display_title: "code-review", source: "custom", metadata: { team: "docs" } });
    expect(reply.body.id).toMatch(/^skill_[0-9a-f]{32}$/);
  });

  it("skill: create from one zip part is accepted", async () => {
    const { upload } = setup();
    const zip = zipSync({ "code-review/SKILL.md": strToU8(manifest("code-review")) });
    const reply = await upload("/skills", form({ "package.zip": zip }));
    expect(reply.status).toBe(201);
  });

  it("skill: display_title given at create is kept", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form(tree(), { display_title: "Code Review" }));
    expect(reply.body.display_title).toBe("Code Review");
  });

  it("skill: display_title over 255 characters is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form(tree(), { display_title: "x".repeat(256) }));
    expect(reply.status).toBe(400);
  });

  it("skill: metadata that is not JSON is a 400 naming metadata", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form(tree(), { metadata: "team=docs" }));
    expect(reply.body.error.param).toBe("metadata");
  });

  it("skill: a JSON body instead of multipart is a 400", async () => {
    const { call } = setup();
    const reply = await call("POST", "/skills", { files: [] });
    expect(reply.status).toBe(400);
  });

  it("skill: an upload without files parts is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form({}, { display_title: "x" }));
    expect(reply.body.error.message).toBe("Field 'files' is required.");
  });

  it("skill: a package without SKILL.md is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form({ "code-review/README.md": "hi" }));
    expect(reply.status).toBe(400);
  });

  it("skill: SKILL.md without a description is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form({ "code-review/SKILL.md": "---\nname: code-review\n---\n" }));
    expect(reply.status).toBe(400);
  });

  it("skill: SKILL.md without frontmatter is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form({ "code-review/SKILL.md": "# just markdown\n" }));
    expect(reply.status).toBe(400);
  });

  it("skill: files outside one top-level folder are a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form(tree("code-review", { "other/notes.md": "x" })));
    expect(reply.body.error.message).toMatch(/exactly one top-level folder/);
  });

  it("skill: a top-level folder named unlike the frontmatter name is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form({ "reviewer/SKILL.md": manifest("code-review") }));
    expect(reply.status).toBe(400);
  });

  it("skill: a path escaping the package is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form(tree("code-review", { "code-review/../x.md": "x" })));
    expect(reply.status).toBe(400);
  });

  it("skill: an unpacked total over 50 MB is a 400", async () => {
    const { upload } = setup();
    const files = { "code-review/SKILL.md": strToU8(manifest("code-review")), "code-review/big.bin": new Uint8Array(51 * 1024 * 1024) };
    const zip = zipSync(files, { level: 1 });
    const reply = await upload("/skills", form({ "big.zip": zip }));
    expect(reply.body.error.message).toMatch(/exceeds 50 MB/);
  }, 30_000); // compressing 51 MB takes seconds on a loaded machine

  it("skill: a part that is not a readable zip is a 400", async () => {
    const { upload } = setup();
    const reply = await upload("/skills", form({ "package.zip": "not a zip" }));
    expect(reply.status).toBe(400);
  });

  it("skill: a create retried with the same Idempotency-Key makes one skill", async () => {
    const { raw, admin } = setup();
    // Serialised once, as the client does, so both attempts carry the same bytes and boundary.
    const serialised = new Response(form(tree()));
    const bytes = new Uint8Array(await serialised.arrayBuffer());
    const headers = {
      authorization: `Bearer ${TOKEN}`,
      "idempotency-key": "create-1",
      "content-type": serialised.headers.get("content-type") ?? "",
    };
    const first = await raw(`${API}/skills`, { method: "POST", headers, body: bytes });
    const second = await raw(`${API}/skills`, { method: "POST", headers, body: bytes });
    expect([second.body.id, admin.list("skills").length]).toEqual([first.body.id, 1]);
  });

  it("skill: the first version is a 16-digit version string", async () => {
    const { create } = setup();
    const skill = await create();
    expect(skill.latest_version).toMatch(/^\d{16}$/);
  });

  it("skill: get returns the stored skill", async () => {
    const { create, call } = setup();
    const skill = await create();
    expect((await call("GET", `/skills/${skill.id}`)).body).toEqual(skill);
  });

  it("skill: get of an unknown id is a 404", async () => {
    const { call } = setup();
    const reply = await call("GET", `/skills/skill_${"0".repeat(32)}`);
    expect(reply.status).toBe(404);
  });

  it("skill: list returns skills newest first", async () => {
    const { create, call } = setup();
    const first = await create();
    const second = await create(tree("linter"));
    const reply = await call("GET", "/skills");
    expect(reply.body.data.map((skill: { id: string }) => skill.id)).toEqual([second.id, first.id]);
  });

  it("skill: a new version answers 201 with the SkillVersion object", async () => {
    const { create, upload } = setup();
    const skill = await create();
    const reply = await upload(`/skills/${skill.id}/versions`, form(tree("code-review", { "code-review/new.md": "x" })));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      type: "skill_version",
      skill_id: skill.id,
      name: "code-review",
      directory: "code-review",
      description: "Reviews code",
    });
  });

  it("skill: a new version moves latest_version", async () => {
    const { create, upload, call } = setup();
    const skill = await create();
    const version = (await upload(`/skills/${skill.id}/versions`, form(tree()))).body;
    expect((await call("GET", `/skills/${skill.id}`)).body.latest_version).toBe(version.version);
  });

  it("skill: versions are strictly increasing", async () => {
    const { create, upload } = setup();
    const skill = await create();
    const version = (await upload(`/skills/${skill.id}/versions`, form(tree()))).body;
    expect(BigInt(version.version) > BigInt(skill.latest_version)).toBe(true);
  });

  it("skill: a new version whose name differs from the skill's is a 400", async () => {
    const { create, upload } = setup();
    const skill = await create();
    const reply = await upload(`/skills/${skill.id}/versions`, form(tree("linter")));
    expect(reply.status).toBe(400);
  });

  it("skill: a new version of an unknown skill is a 404", async () => {
    const { upload } = setup();
    const reply = await upload(`/skills/skill_${"0".repeat(32)}/versions`, form(tree()));
    expect(reply.status).toBe(404);
  });

  it("skill: versions list returns every version newest first", async () => {
    const { create, upload, call } = setup();
    const skill = await create();
    const second = (await upload(`/skills/${skill.id}/versions`, form(tree()))).body;
    const reply = await call("GET", `/skills/${skill.id}/versions`);
    expect(reply.body.data.map((v: { version: string }) => v.version)).toEqual([second.version, skill.latest_version]);
  });

  it("skill: version get returns that version", async () => {
    const { create, call } = setup();
    const skill = await create();
    const reply = await call("GET", `/skills/${skill.id}/versions/${skill.latest_version}`);
    expect(reply.body).toMatchObject({ skill_id: skill.id, version: skill.latest_version });
  });

  it("skill: a non-numeric version in the path is a 400", async () => {
    const { create, call } = setup();
    const skill = await create();
    const reply = await call("GET", `/skills/${skill.id}/versions/latest`);
    expect(reply.status).toBe(400);
  });

  it("skill: version content is a zip holding the top-level folder", async () => {
    const { create, download } = setup();
    const skill = await create();
    const { bytes } = await download(`/skills/${skill.id}/versions/${skill.latest_version}/content`);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(["code-review/SKILL.md", "code-review/templates/report.md"]);
  });

  it("skill: version content is served as application/zip", async () => {
    const { create, download } = setup();
    const skill = await create();
    const { headers } = await download(`/skills/${skill.id}/versions/${skill.latest_version}/content`);
    expect(headers.get("content-type")).toBe("application/zip");
  });

  it("skill: deleting a version answers skill_version_deleted with the version string", async () => {
    const { create, upload, call } = setup();
    const skill = await create();
    await upload(`/skills/${skill.id}/versions`, form(tree()));
    const reply = await call("DELETE", `/skills/${skill.id}/versions/${skill.latest_version}`);
    expect(reply.body).toEqual({ id: skill.latest_version, type: "skill_version_deleted" });
  });

  it("skill: deleting the latest version moves latest_version back", async () => {
    const { create, upload, call } = setup();
    const skill = await create();
    const second = (await upload(`/skills/${skill.id}/versions`, form(tree()))).body;
    await call("DELETE", `/skills/${skill.id}/versions/${second.version}`);
    expect((await call("GET", `/skills/${skill.id}`)).body.latest_version).toBe(skill.latest_version);
  });

  it("skill: a deleted version is gone", async () => {
    const { create, upload, call } = setup();
    const skill = await create();
    const second = (await upload(`/skills/${skill.id}/versions`, form(tree()))).body;
    await call("DELETE", `/skills/${skill.id}/versions/${second.version}`);
    expect((await call("GET", `/skills/${skill.id}/versions/${second.version}`)).status).toBe(404);
  });

  it("skill: deleting the only version is a 409", async () => {
    const { create, call } = setup();
    const skill = await create();
    const reply = await call("DELETE", `/skills/${skill.id}/versions/${skill.latest_version}`);
    expect(reply.status).toBe(409);
  });

  it("skill: delete answers skill_deleted", async () => {
    const { create, call } = setup();
    const skill = await create();
    expect((await call("DELETE", `/skills/${skill.id}`)).body).toEqual({ id: skill.id, type: "skill_deleted" });
  });

  it("skill: delete removes every version", async () => {
    const { create, upload, call, admin } = setup();
    const skill = await create();
    await upload(`/skills/${skill.id}/versions`, form(tree()));
    await call("DELETE", `/skills/${skill.id}`);
    expect(admin.list("skill_versions")).toEqual([]);
  });

  it("skill: a deleted skill is a 404", async () => {
    const { create, call } = setup();
    const skill = await create();
    await call("DELETE", `/skills/${skill.id}`);
    expect((await call("GET", `/skills/${skill.id}`)).status).toBe(404);
  });

  it("skill: an out-of-band delete removes its versions too", async () => {
    const { create, admin } = setup();
    const skill = await create();
    admin.remove("skills", skill.id);
    expect(admin.list("skill_versions")).toEqual([]);
  });
});
