// Emulator lists: limits, cursors, ordering, archived filtering (CONTRACT.md "Lists").
import { describe, expect, it } from "vitest";
import { environmentBody, inProcess } from "./emulator-harness";

async function withEnvironments(count: number) {
  const emulator = inProcess();
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push((await emulator.call("POST", "/environments", environmentBody({ name: `env-${index}` }))).body.id as string);
  }
  return { ...emulator, newestFirst: [...ids].reverse() };
}

describe("emulator pagination", () => {
  it("pagination: the default page holds 20 items", async () => {
    const { call } = await withEnvironments(21);
    const page = await call("GET", "/environments");
    expect(page.body.data).toHaveLength(20);
    expect(page.body.has_more).toBe(true);
  });

  it("pagination: lists are newest first", async () => {
    const { call, newestFirst } = await withEnvironments(3);
    const page = await call("GET", "/environments");
    expect(page.body.data.map((item: { id: string }) => item.id)).toEqual(newestFirst);
  });

  it("pagination: limit over 100 is 400 on param limit", async () => {
    const { call } = inProcess();
    const reply = await call("GET", "/environments?limit=101");
    expect(reply.status).toBe(400);
    expect(reply.body.error.param).toBe("limit");
  });

  it("pagination: limit 0 is 400", async () => {
    const { call } = inProcess();
    expect((await call("GET", "/environments?limit=0")).status).toBe(400);
  });

  it("pagination: a non-numeric limit is 400", async () => {
    const { call } = inProcess();
    expect((await call("GET", "/environments?limit=ten")).status).toBe(400);
  });

  it("pagination: two cursors at once are 400", async () => {
    const { call } = inProcess();
    const reply = await call("GET", "/environments?page=env_a&after_id=env_b");
    expect(reply.status).toBe(400);
    expect(reply.body.error.type).toBe("invalid_request_error");
  });

  it("pagination: page = previous next_page continues with older items", async () => {
    const { call, newestFirst } = await withEnvironments(5);
    const first = await call("GET", "/environments?limit=2");
    const second = await call("GET", `/environments?limit=2&page=${first.body.next_page}`);
    expect(second.body.data.map((item: { id: string }) => item.id)).toEqual(newestFirst.slice(2, 4));
  });

  it("pagination: the last page has has_more false and next_page null", async () => {
    const { call } = await withEnvironments(3);
    const first = await call("GET", "/environments?limit=2");
    const last = await call("GET", `/environments?limit=2&page=${first.body.next_page}`);
    expect(last.body).toMatchObject({ has_more: false, next_page: null });
  });

  it("pagination: after_id returns items older than the cursor", async () => {
    const { call, newestFirst } = await withEnvironments(4);
    const page = await call("GET", `/environments?after_id=${newestFirst[1]}`);
    expect(page.body.data.map((item: { id: string }) => item.id)).toEqual(newestFirst.slice(2));
  });

  it("pagination: before_id returns the newer items closest to the cursor", async () => {
    const { call, newestFirst } = await withEnvironments(4);
    const page = await call("GET", `/environments?limit=2&before_id=${newestFirst[3]}`);
    expect(page.body.data.map((item: { id: string }) => item.id)).toEqual(newestFirst.slice(1, 3));
  });

  it("pagination: an empty list has null ids and no next page", async () => {
    const { call } = inProcess();
    const page = await call("GET", "/environments");
    expect(page.body).toEqual({ data: [], first_id: null, last_id: null, has_more: false, next_page: null });
  });

  it("pagination: archived objects are hidden unless include_archived=true", async () => {
    const { call, newestFirst } = await withEnvironments(2);
    await call("POST", `/environments/${newestFirst[0]}/archive`);
    const hidden = await call("GET", "/environments");
    const shown = await call("GET", "/environments?include_archived=true");
    expect(hidden.body.data).toHaveLength(1);
    expect(shown.body.data).toHaveLength(2);
  });
});
