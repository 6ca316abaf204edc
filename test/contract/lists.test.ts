// Lists, client ↔ emulator (CONTRACT.md "Lists"): the envelope, page sizes, the three cursor styles and the
// rule against combining them, newest-first order, and the id shape every kind shares.
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../provider/client/index";
import { MANIFEST, rejectionOf, useContract } from "../support/contract";

const t = useContract();
const skill = () => t.client.skills.create({ files: [{ path: "SKILL.md", content: Buffer.from(MANIFEST("code-review")) }] });

/** Creates agents named `a0`, `a1`, … one after another; returns their ids oldest first. */
async function agents(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await t.client.agents.create({ name: `a${i}`, model: "ultimate" })).id);
  return ids;
}

describe("lists", () => {
  it("lists: a page carries data, firstId, lastId, hasMore and nextPage", async () => {
    const [, b, c] = (await agents(3)) as [string, string, string];
    const page = await t.client.agents.list({ limit: 2 }).firstPage();
    expect(page).toEqual({
      data: [expect.objectContaining({ id: c }), expect.objectContaining({ id: b })],
      firstId: c,
      lastId: b,
      hasMore: true,
      nextPage: b,
    });
  });

  it("lists: the last page has hasMore false and no nextPage", async () => {
    await agents(2);
    const page = await t.client.agents.list({ limit: 2 }).firstPage();
    expect([page.hasMore, page.nextPage]).toEqual([false, null]);
  });

  it("lists: an empty list has null ids", async () => {
    await expect(t.client.agents.list().firstPage()).resolves.toEqual({ data: [], firstId: null, lastId: null, hasMore: false, nextPage: null });
  });

  it("lists: the default page holds 20 items", async () => {
    await agents(21);
    expect((await t.client.agents.list().firstPage()).data).toHaveLength(20);
  });

  it("lists: limit 100 is accepted", async () => {
    await agents(1);
    expect((await t.client.agents.list({ limit: 100 }).firstPage()).data).toHaveLength(1);
  });

  it("lists: limit 0 is a 400 on limit", async () => {
    const err = await rejectionOf(t.client.agents.list({ limit: 0 }).firstPage());
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "limit"]);
  });

  it("lists: a limit over 100 is a 400 on limit", async () => {
    const err = await rejectionOf(t.client.agents.list({ limit: 101 }).firstPage());
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "limit"]);
  });

  it("lists: page continues from the previous nextPage", async () => {
    const [a, b] = (await agents(3)) as [string, string, string];
    const first = await t.client.agents.list({ limit: 1 }).firstPage();
    const second = await t.client.agents.list({ limit: 2, page: first.nextPage ?? "" }).firstPage();
    expect(second.data.map((agent) => agent.id)).toEqual([b, a]);
  });

  it("lists: afterId returns the items older than the cursor", async () => {
    const [a, b, c] = (await agents(4)) as [string, string, string, string];
    const page = await t.client.agents.list({ afterId: c }).firstPage();
    expect(page.data.map((agent) => agent.id)).toEqual([b, a]);
  });

  it("lists: beforeId returns the newer items closest to the cursor", async () => {
    const [a, b, c, d] = (await agents(4)) as [string, string, string, string];
    const page = await t.client.agents.list({ beforeId: a, limit: 2 }).firstPage();
    expect([page.data.map((agent) => agent.id), page.hasMore]).toEqual([[c, b], true]);
    expect(page.data.map((agent) => agent.id)).not.toContain(d);
  });

  it("lists: two cursors at once are a 400", async () => {
    const [a, b] = (await agents(2)) as [string, string];
    const err = await rejectionOf(t.client.agents.list({ page: b, afterId: a }).firstPage());
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "after_id"]);
  });

  it("lists: iterating walks every page newest first, one request per page", async () => {
    const ids = await agents(5);
    const listed = await t.client.agents.list({ limit: 2 }).toArray();
    expect([listed.map((agent) => agent.id), t.emulator.admin.count("GET", "/agents")]).toEqual([ids.reverse(), 3]);
  });

  it("lists: iterating from afterId replaces the cursor on later pages instead of adding one", async () => {
    const [a, b, c] = (await agents(3)) as [string, string, string];
    const listed = await t.client.agents.list({ limit: 1, afterId: c }).toArray();
    expect([listed.map((agent) => agent.id), t.emulator.admin.count("GET", "/agents")]).toEqual([[b, a], 2]);
  });
});

describe("ids", () => {
  it.each([
    ["agent", () => t.client.agents.create({ name: "a", model: "ultimate" })],
    ["env", () => t.client.environments.create({ name: "ci" })],
    ["vault", () => t.client.vaults.create({ displayName: "v" })],
    ["memstore", () => t.client.memoryStores.create({ name: "notes" })],
    ["skill", skill],
    ["skillver", async () => skill().then((created) => t.client.skills.versions.retrieve(created.id, created.latestVersion))],
    [
      "vcred",
      async () =>
        t.client.vaults.credentials.create((await t.client.vaults.create({ displayName: "v" })).id, {
          auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.test", token: "sk-ids" },
        }),
    ],
    [
      "mem",
      async () => t.client.memoryStores.memories.create((await t.client.memoryStores.create({ name: "notes" })).id, { path: "a.md", content: "x" }),
    ],
    [
      "sess",
      async () =>
        t.client.sessions.create({ agent: (await agents(1))[0] ?? "", environmentId: (await t.client.environments.create({ name: "ci" })).id }),
    ],
  ])("ids: a new %s id is the prefix and 32 lowercase hex", async (prefix, create) => {
    expect((await create()).id).toMatch(new RegExp(`^${prefix}_[0-9a-f]{32}$`));
  });

  it("ids: ids grow in creation order", async () => {
    const ids = await agents(3);
    expect([...ids].sort()).toEqual(ids);
  });
});
