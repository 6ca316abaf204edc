// Pagination: callers iterate items; the client follows next_page, or after_id on older servers.
import { afterEach, describe, expect, it } from "vitest";
import { nextCursor } from "../../provider/client/index";
import { closeHarnesses, harness, wireAgent } from "../support/client-mock";

afterEach(closeHarnesses);

const agent = (n: number) => wireAgent({ id: `agent_${String(n).padStart(32, "0")}`, name: `a${n}` });

function page(items: number[], fields: Record<string, unknown>): Record<string, unknown> {
  return { data: items.map(agent), first_id: null, last_id: null, has_more: false, ...fields };
}

describe("pagination", () => {
  it("pagination: iterates every item across pages following next_page", async () => {
    const h = harness();
    h.reply("GET", "/agents", 200, page([1, 2], { has_more: true, next_page: "cur_2" }));
    h.reply("GET", "/agents", 200, page([3], { has_more: false, next_page: null }));
    const names: string[] = [];
    for await (const item of h.client.agents.list({ limit: 2 })) names.push(item.name);
    expect(names).toEqual(["a1", "a2", "a3"]);
  });

  it("pagination: sends page=<next_page> and keeps the caller's other parameters", async () => {
    const h = harness();
    h.reply("GET", "/agents", 200, page([1], { has_more: true, next_page: "cur_2" }));
    h.reply("GET", "/agents", 200, page([2], { next_page: null }));
    await h.client.agents.list({ limit: 1, includeArchived: true }).toArray();
    expect(h.requests.map((r) => r.path)).toEqual([
      "/api/v1/cloud/agents?limit=1&include_archived=true",
      "/api/v1/cloud/agents?limit=1&include_archived=true&page=cur_2",
    ]);
  });

  it("pagination: older servers without next_page are followed with after_id=last_id", async () => {
    const h = harness();
    h.reply("GET", "/agents", 200, { data: [agent(1)], first_id: agent(1).id, last_id: "agent_last", has_more: true });
    h.reply("GET", "/agents", 200, { data: [agent(2)], first_id: null, last_id: null, has_more: false });
    await h.client.agents.list().toArray();
    expect(h.requests[1]?.path).toBe("/api/v1/cloud/agents?after_id=agent_last");
  });

  it("pagination: the caller's starting cursor is replaced, never combined, on later pages", async () => {
    const h = harness();
    h.reply("GET", "/agents", 200, page([1], { has_more: true, next_page: "cur_2" }));
    h.reply("GET", "/agents", 200, page([2], {}));
    await h.client.agents.list({ afterId: "agent_start" }).toArray();
    expect(h.requests.map((r) => r.path)).toEqual(["/api/v1/cloud/agents?after_id=agent_start", "/api/v1/cloud/agents?page=cur_2"]);
  });

  it("pagination: pages() exposes the envelope in camelCase", async () => {
    const h = harness();
    h.reply("GET", "/skills", 200, { data: [], first_id: null, last_id: null, has_more: false, next_page: null });
    await expect(h.client.skills.list().firstPage()).resolves.toEqual({ data: [], firstId: null, lastId: null, hasMore: false, nextPage: null });
  });

  it("pagination: a repeated cursor stops with an error instead of looping", async () => {
    const h = harness();
    h.reply("GET", "/agents", 200, page([1], { has_more: true, next_page: "same" }), {}, 3);
    await expect(h.client.agents.list().toArray()).rejects.toThrow(/did not advance/);
  });

  it("pagination: has_more without a cursor ends the walk", () => {
    expect(nextCursor({ data: [1], firstId: null, lastId: null, hasMore: true, nextPage: null })).toBeUndefined();
  });

  it("pagination: nested lists page under their parent's path", async () => {
    const h = harness();
    h.reply("GET", "/memory_stores/memstore_1/memories", 200, { data: [], has_more: false });
    await h.client.memoryStores.memories.list("memstore_1", { pathPrefix: "docs/" }).toArray();
    expect(h.requests[0]?.path).toBe("/api/v1/cloud/memory_stores/memstore_1/memories?path_prefix=docs%2F");
  });
});
