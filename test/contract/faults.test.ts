// Retries and idempotency under the emulator's injected faults: latency, a failing share, 429 + Retry-After
// (one client, and the rate budget clients of one origin share), connection resets, and "commit the write,
// then drop the connection" (DESIGN.md "Reliability rules").
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../emulator/index";
import type { ClientOptions } from "../../provider/client/config";
import { ConflictError, InternalServerError, TimeoutError } from "../../provider/client/index";
import { CONTRACT_TOKEN, MANIFEST, rejectionOf, useContract } from "../support/contract";

const t = useContract();
const agent = { name: "reviewer", model: "ultimate" };
const replays = () => t.emulator.admin.requests().filter((entry) => entry.replayed).length;

describe("latency", () => {
  it("faults: an answer slower than the attempt timeout is retried and makes one agent", async () => {
    const client = t.clientWith({ timeoutMs: 400 });
    t.emulator.admin.addFault({ kind: "latency", method: "POST", path: "/agents", latencyMs: 1_000, count: 1 });
    await client.agents.create(agent);
    // Let the abandoned first attempt finish inside the emulator before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect([t.emulator.admin.list("agents").length, t.sleeps.length > 0]).toEqual([1, true]);
  });

  it("faults: an answer slower than the deadline ends in TimeoutError", async () => {
    const client = t.clientWith({ timeoutMs: 100, deadlineMs: 250 });
    t.emulator.admin.addFault({ kind: "latency", method: "GET", path: "/agents", latencyMs: 300 });
    await expect(client.agents.list().toArray()).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("failing share", () => {
  it("faults: with 30% of answers failing, every call still lands exactly once", async () => {
    const client = t.clientWith({ maxRetries: 12 });
    t.emulator.admin.addFault({ kind: "error", status: 503, probability: 0.3 });
    for (const name of ["a", "b", "c", "d", "e", "f"]) await client.agents.create({ ...agent, name });
    const listed = await client.agents.list({ limit: 2 }).toArray();
    expect([t.emulator.admin.list("agents").length, listed.length]).toEqual([6, 6]);
  });

  it("faults: a server failing every time ends in the last 5xx after maxRetries", async () => {
    const client = t.clientWith({ maxRetries: 2 });
    t.emulator.admin.addFault({ kind: "error", status: 500 });
    await expect(client.agents.create(agent)).rejects.toBeInstanceOf(InternalServerError);
    expect(t.emulator.admin.count("POST", "/agents")).toBe(3);
  });
});

describe("rate limits", () => {
  it("faults: 429 with Retry-After waits the server's time, then succeeds once", async () => {
    t.emulator.admin.addFault({ kind: "rate-limit", method: "POST", path: "/agents", retryAfter: 2, count: 2 });
    await t.client.agents.create(agent);
    expect([t.sleeps, t.emulator.admin.list("agents").length]).toEqual([[2000, 2000], 1]);
  });

  it("faults: a Retry-After past the deadline stops with TimeoutError after one request", async () => {
    const client = t.clientWith({ deadlineMs: 5_000 });
    t.emulator.admin.addFault({ kind: "rate-limit", retryAfter: 60 });
    await expect(client.agents.list().toArray()).rejects.toBeInstanceOf(TimeoutError);
    expect(t.emulator.admin.stats().total).toBe(1);
  });
});

describe("a shared rate budget", () => {
  // Clients on the process's own clock (no injected sleep) share one budget per origin, as the provider's do.
  // Each test has an emulator of its own, so a fresh origin whose budget has learned nothing yet.
  let own: RunningEmulator | undefined;
  afterEach(async () => {
    await own?.stop();
    own = undefined;
  });
  async function freshOrigin() {
    own = await startEmulator({ tokens: [CONTRACT_TOKEN] });
    const emulator = own;
    const client = (extra: Partial<ClientOptions> = {}) => t.clientWith({ baseUrl: emulator.baseUrl, sleep: undefined, ...extra });
    const loggedAt = (status: number, path: string) =>
      Date.parse(emulator.admin.requests().find((entry) => entry.status === status && entry.path.endsWith(path))?.time ?? "");
    return { emulator, client, loggedAt };
  }

  it("faults: a 429 told to one client holds back another client of the same origin until its Retry-After", async () => {
    const { emulator, client, loggedAt } = await freshOrigin();
    emulator.admin.addFault({ kind: "rate-limit", retryAfter: 1, method: "POST", path: "/agents", count: 1 });
    let told: () => void = () => {};
    const toldNow = new Promise<void>((resolve) => (told = resolve));
    const retrying = (line: string) => line.includes("retrying in") && told();
    const creating = client({ logger: { debug: retrying } }).agents.create(agent);
    await toldNow;
    await client().environments.list().toArray();
    await creating;
    // The list reached the API only once the pause the other client was told had passed (timers may fire a ms early).
    expect([loggedAt(200, "/environments") - loggedAt(429, "/agents") >= 990, emulator.admin.list("agents").length]).toEqual([true, 1]);
  });

  it("faults: 60 creates at once through a 20-per-second limiter all land, each exactly once", async () => {
    const { emulator, client } = await freshOrigin();
    const limiter = emulator.admin.addFault({ kind: "rate-limit", ratePerSecond: 20 });
    const creator = client();
    await Promise.all(Array.from({ length: 60 }, (_, i) => creator.environments.create({ name: `env-${i}` })));
    const refused = emulator.admin.faults().find((fault) => fault.id === limiter.id)?.hits ?? 0;
    const posts = emulator.admin.count("POST", "/environments");
    expect([refused > 0, posts - refused, emulator.admin.list("environments").length]).toEqual([true, 60, 60]);
  });
});

describe("connection resets", () => {
  it("faults: a reset before the server ran is retried and makes one environment", async () => {
    t.emulator.admin.addFault({ kind: "reset", method: "POST", path: "/environments", count: 1 });
    await t.client.environments.create({ name: "ci" });
    expect([t.emulator.admin.list("environments").length, t.sleeps.length]).toEqual([1, 1]);
  });
});

describe("commit then drop", () => {
  it("faults: a create committed before the connection dropped is replayed, not repeated", async () => {
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/agents", count: 1 });
    const created = await t.client.agents.create(agent);
    expect([t.emulator.admin.list("agents").map((a) => a.id), replays()]).toEqual([[created.id], 1]);
  });

  it("faults: an agent update committed before the drop is replayed, not refused as a version conflict", async () => {
    const created = await t.client.agents.create(agent);
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/agents/*", count: 1 });
    const updated = await t.client.agents.update(created.id, { version: 1, name: "renamed" });
    expect([updated.version, (t.emulator.admin.get("agents", created.id) as { version?: number } | undefined)?.version]).toEqual([2, 2]);
  });

  it("faults: a delete committed before the drop answers deleted, not 404", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "DELETE", path: "/environments/*", count: 1 });
    await expect(t.client.environments.delete(env.id)).resolves.toEqual({ id: env.id, type: "environment_deleted" });
  });

  it("faults: a multipart skill upload committed before the drop makes one skill", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qoder-fault-skill-"));
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "SKILL.md"), MANIFEST("code-review"));
    await writeFile(join(dir, "sub", "a.md"), "a");
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/skills", count: 1 });
    await t.client.skills.create({ files: dir });
    await rm(dir, { recursive: true, force: true });
    expect([t.emulator.admin.list("skills").length, replays()]).toEqual([1, 1]);
  });
});

describe("commit then drop, every kind's create", () => {
  const manifest = (name: string) => [{ path: "SKILL.md", content: Buffer.from(MANIFEST(name)) }];
  const drop = (path: string) => t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path, count: 1 });

  // Paths are anchored, so a nested fault (`/vaults/*/credentials`) leaves the parent's create alone.
  it.each([
    ["an environment", "environments", "/environments", () => t.client.environments.create({ name: "ci" })],
    ["a vault", "vaults", "/vaults", () => t.client.vaults.create({ displayName: "v" })],
    ["a memory store", "memory_stores", "/memory_stores", () => t.client.memoryStores.create({ name: "notes" })],
    [
      "a memory",
      "memories",
      "/memory_stores/*/memories",
      async () => t.client.memoryStores.memories.create((await t.client.memoryStores.create({ name: "notes" })).id, { path: "a.md", content: "x" }),
    ],
    [
      "a credential",
      "vault_credentials",
      "/vaults/*/credentials",
      async () =>
        t.client.vaults.credentials.create((await t.client.vaults.create({ displayName: "v" })).id, {
          auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.test", token: "sk-drop-test" },
        }),
    ],
  ])("faults: %s create committed before the drop is replayed, leaving exactly one", async (_label, collection, path, create) => {
    drop(path);
    const created = await create();
    expect([t.emulator.admin.list(collection).map((stored) => stored.id), replays()]).toEqual([[created.id], 1]);
  });

  it("faults: a multipart skill version committed before the drop is replayed, leaving one new version", async () => {
    const skill = await t.client.skills.create({ files: manifest("code-review") });
    drop("/skills/*/versions");
    const version = await t.client.skills.versions.create(skill.id, {
      files: [...manifest("code-review"), { path: "b.md", content: Buffer.from("b") }],
    });
    const versions = t.emulator.admin.list("skill_versions").map((stored) => String(stored.version));
    expect([versions.sort(), replays()]).toEqual([[skill.latestVersion, version.version].sort(), 1]);
  });

  it("faults: an agent create dropped twice in a row still leaves exactly one agent", async () => {
    t.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/agents", count: 2 });
    const created = await t.client.agents.create(agent);
    expect([t.emulator.admin.list("agents").map((stored) => stored.id), t.emulator.admin.count("POST", "/agents")]).toEqual([[created.id], 3]);
  });
});

describe("caller keys", () => {
  it("faults: the same caller key in a later run returns the first object instead of a duplicate", async () => {
    const first = await t.client.agents.create(agent, { idempotencyKey: "stack/dev/Agent/reviewer/create" });
    const rerun = await t.clientWith({}).agents.create(agent, { idempotencyKey: "stack/dev/Agent/reviewer/create" });
    expect([rerun.id, t.emulator.admin.list("agents").length]).toEqual([first.id, 1]);
  });

  it("faults: the same caller key on a skill upload in a later run returns the first skill", async () => {
    const files = [{ path: "SKILL.md", content: Buffer.from(MANIFEST("code-review")) }];
    const first = await t.client.skills.create({ files }, { idempotencyKey: "stack/dev/Skill/review/create" });
    const rerun = await t.clientWith({}).skills.create({ files }, { idempotencyKey: "stack/dev/Skill/review/create" });
    expect([rerun.id, t.emulator.admin.list("skills").length]).toEqual([first.id, 1]);
  });

  it("faults: the same key with a different body is a 409, never retried", async () => {
    await t.client.agents.create(agent, { idempotencyKey: "k-1" });
    const err = await rejectionOf(t.client.agents.create({ ...agent, name: "other" }, { idempotencyKey: "k-1" }));
    expect([err instanceof ConflictError, t.emulator.admin.count("POST", "/agents")]).toEqual([true, 2]);
  });
});
