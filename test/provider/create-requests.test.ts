// One API request per create: an answer the API made for this very call (its created_at against the response's
// Date) is trusted as it is, for every kind; a replay is verified with a read, and a stale one walks on to the
// next key; a retry after a dropped connection, or a destroy and an identical create in one process, stays correct.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { agentLifecycle as agent } from "../../provider/lifecycle/agent";
import { deploymentLifecycle as deployment } from "../../provider/lifecycle/deployment";
import type { Lifecycle } from "../../provider/lifecycle/engine";
import { environmentLifecycle as environment } from "../../provider/lifecycle/environment";
import { fileLifecycle as file } from "../../provider/lifecycle/file";
import { memoryLifecycle as memory } from "../../provider/lifecycle/memory";
import { memoryStoreLifecycle as store } from "../../provider/lifecycle/memory-store";
import type { Props } from "../../provider/lifecycle/rules";
import { skillLifecycle as skill } from "../../provider/lifecycle/skill";
import { vaultCredentialLifecycle as credential } from "../../provider/lifecycle/vault-credential";
import { vaultLifecycle as vault } from "../../provider/lifecycle/vault";
import { checkAndCreate, skillDirectory, skillManifest, useProvider } from "../support/provider";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const h = useProvider();
let dirs: ReturnType<typeof skillDirectory>[] = [];
afterEach(() => {
  dirs.forEach((dir) => dir.dispose());
  dirs = [];
});

const identity = (type: string, name: string) => `stack_requests/p/s/${type}/${name}`;

/** The requests one create sends, by method and route (`POST /agents`, `GET /agents/:agent_id`). */
async function requestsOf(lifecycle: Lifecycle, inputs: Props): Promise<{ id: string; outs: Props; requests: string[] }> {
  const checked = await lifecycle.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  h.emulator.admin.clearLog();
  const created = await lifecycle.create(checked.inputs ?? inputs);
  const requests = h.emulator.admin.requests().map((entry) => `${entry.method} ${entry.route}`);
  return { id: created.id, outs: created.outs ?? {}, requests };
}

describe("create: one request per created resource", () => {
  beforeEach(() => {
    mkdirSync(join(h.projectDir, "docs"), { recursive: true });
    writeFileSync(join(h.projectDir, "docs", "runbook.md"), "# Runbook\n\nRestart the worker.\n");
  });

  it("create: every kind sends its create and nothing else, and the outputs are the create's answer", async () => {
    const dir = skillDirectory({ "SKILL.md": skillManifest("review") });
    dirs.push(dir);
    const counts: Record<string, string[]> = {};
    const made = async (kind: string, lifecycle: Lifecycle, inputs: Props) => {
      const result = await requestsOf(lifecycle, { ...inputs, __identity: identity(kind, "one") });
      counts[kind] = result.requests;
      // What a read records is what the create's answer gave: refresh right after finds nothing to change.
      expect((await lifecycle.read(result.id, result.outs)).props, kind).toEqual(result.outs);
      return result;
    };
    const env = await made("Environment", environment, { name: "sandbox" });
    const reviewer = await made("Agent", agent, { name: "reviewer", model: "ultimate", tools: [{ type: "agent_toolset_20260401" }] });
    await made("Skill", skill, { directory: dir.dir });
    const safe = await made("Vault", vault, { displayName: "ci" });
    await made("VaultCredential", credential, {
      vaultId: safe.id,
      auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "bearer-for-the-request-count" },
    });
    const notes = await made("MemoryStore", store, { name: "notes" });
    await made("Memory", memory, { memoryStoreId: notes.id, path: "a.md", content: "one" });
    await made("File", file, { path: "docs/runbook.md" });
    const schedule = { cron: "0 3 * * *", timezone: "Europe/Berlin" };
    const initialEvents = [{ type: "user.message", content: "Audit the dependencies." }];
    const nightly = { agent: reviewer.id, environmentId: env.id, schedule, initialEvents };
    await made("Deployment", deployment, { name: "nightly", ...nightly });
    await made("PausedDeployment", deployment, { name: "paused", paused: true, ...nightly });
    expect(counts).toEqual({
      Environment: ["POST /environments"],
      Agent: ["POST /agents"],
      Skill: ["POST /skills"],
      Vault: ["POST /vaults"],
      VaultCredential: ["POST /vaults/:vault_id/credentials"],
      MemoryStore: ["POST /memory_stores"],
      Memory: ["POST /memory_stores/:memory_store_id/memories"],
      File: ["POST /files"],
      Deployment: ["POST /deployments"],
      PausedDeployment: ["POST /deployments", "POST /deployments/:deployment_id/pause"],
    });
  });
});

describe("create: replays are read back", () => {
  const notes = { name: "notes", deletionPolicy: "delete", __identity: identity("MemoryStore", "notes") };
  const posts = () => h.emulator.admin.requests().filter((entry) => entry.method === "POST");

  it("create: a retry after the connection dropped past the commit gets its own object back, with no read", async () => {
    h.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: "/memory_stores", count: 1 });
    const { id, requests } = await requestsOf(store, notes);
    // The retry's answer is a replay, but of an object made during this very call: it is ours and live.
    expect(requests).toEqual(["POST /memory_stores", "POST /memory_stores"]);
    expect(posts().map((entry) => [entry.fault, entry.replayed])).toEqual([
      ["drop-after-commit", undefined],
      [undefined, true],
    ]);
    expect(h.emulator.admin.list("memory_stores").map((stored) => stored.id)).toEqual([id]);
  });

  it("create: a re-run replaying an earlier run's create reads it back and keeps it while it is live", async () => {
    const first = await checkAndCreate(store, notes);
    // Older than the replay could be fresh: one second of Date resolution past the time the call takes.
    await sleep(2_100);
    const again = await requestsOf(store, notes);
    expect([again.id, again.requests]).toEqual([first.id, ["POST /memory_stores", "GET /memory_stores/:memory_store_id"]]);
  });

  it("create: a replay of an object archived since is read back, and the next key creates a new one", async () => {
    const first = await checkAndCreate(store, notes);
    h.emulator.admin.archive("memory_stores", first.id);
    await sleep(2_100);
    const again = await requestsOf(store, notes);
    expect(again.id).not.toBe(first.id);
    expect(again.requests).toEqual(["POST /memory_stores", "GET /memory_stores/:memory_store_id", "POST /memory_stores"]);
    expect(posts().map((entry) => entry.replayed === true)).toEqual([true, false]);
  });

  it("create: destroyed and created again with the same body in one process, the young replay is still read back", async () => {
    // A delete-before-replace with an unchanged body: the old key's replay is milliseconds old, and stale.
    const first = await checkAndCreate(store, notes);
    await store.delete(first.id, first.outs);
    const again = await requestsOf(store, notes);
    expect(again.id).not.toBe(first.id);
    expect(again.requests).toEqual(["POST /memory_stores", "GET /memory_stores/:memory_store_id", "POST /memory_stores"]);
    expect(h.emulator.admin.get("memory_stores", again.id)).toMatchObject({ archived_at: null });
  });
});
