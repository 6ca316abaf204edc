// The adoption command where the account holds what the fleet cannot adopt as it is: archived objects, a
// roster member the account no longer lists, a tool shape the fleet does not know. And its command line.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createClient, type Agent, type QoderClient } from "../../provider/client";
import { adoptAccount } from "../../provider/adopt";
import { agentEntry } from "../../provider/adopt/agents";
import { KeyAllocator, slug } from "../../provider/adopt/keys";
import { exec, repoRoot } from "../support/pulumi";
import { outDirs, SEEDED_FILES, SEEDED_SECRETS, seedAccount } from "../support/adopt-account";

const TOKEN = "pt-adopt-edges-test-token";

describe("adoption edges", () => {
  let emulator: RunningEmulator;
  let client: QoderClient;
  const dirs = outDirs();
  const freshDir = dirs.fresh;

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

  /** A coordinator of `member` and itself, with `member` archived afterwards. */
  async function coordinatorOfArchivedMember() {
    const member = await client.agents.create({ name: "Helper", model: "auto" });
    const lead = await client.agents.create({
      name: "Lead",
      model: "auto",
      tools: [{ type: "agent_toolset_20260401" }],
      multiagent: { type: "coordinator", agents: [member.id, { type: "self" }] },
    });
    await client.agents.archive(member.id);
    return { member, lead };
  }

  it("adopt: an object another stack created loses the provider's owner key, and a warning names that stack", async () => {
    const owner = "stack_ab12/fleet/dev/Agent/helper";
    const agent = await client.agents.create({ name: "Helper", model: "auto", metadata: { team: "platform", "pulumi-qoder.owner": owner } });
    const result = await adoptAccount({ client, outDir: freshDir() });
    expect(result.document.agents?.helper?.metadata).toEqual({ team: "platform" });
    expect(result.warnings).toContainEqual(expect.stringContaining(`${agent.id} is managed by a pulumi-qoder stack (${owner})`));
  });

  it("adopt: a roster member the account no longer lists is left out, and the coordinator's update is announced", async () => {
    const { member, lead } = await coordinatorOfArchivedMember();
    const result = await adoptAccount({ client, outDir: freshDir() });
    expect(Object.keys(result.document.agents ?? {})).toEqual(["lead"]);
    expect(result.document.agents?.lead?.multiagent).toEqual({ type: "coordinator", agents: ["self"] });
    expect(result.warnings).toEqual([
      `agent "lead" (${lead.id}): its roster member ${member.id} is not an agent this account lists (archived or gone); left out`,
      `agent "lead" (${lead.id}): adopting it also updates multiagent, which the fleet cannot state exactly as the account holds them`,
    ]);
  });

  it("adopt: with includeArchived an archived agent is written without adoptId, to be created anew", async () => {
    const { member } = await coordinatorOfArchivedMember();
    const result = await adoptAccount({ client, outDir: freshDir(), includeArchived: true });
    expect(result.document.agents?.helper).toEqual({ name: "Helper", model: "auto" });
    expect(result.document.agents?.lead?.multiagent).toEqual({ type: "coordinator", agents: ["helper", "self"] });
    expect(result.warnings).toContainEqual(
      expect.stringContaining(`agent "helper" (${member.id}) is archived, and adoption refuses archived objects`),
    );
  });

  it("adopt: an archived store is recreated with its memories, read one by one with their content", async () => {
    const store = await client.memoryStores.create({ name: "Old notes" });
    await client.memoryStores.memories.create(store.id, { path: "b.md", content: "second", metadata: { by: "bob" } });
    await client.memoryStores.memories.create(store.id, { path: "a.md", content: "first" });
    await client.memoryStores.archive(store.id);
    const result = await adoptAccount({ client, outDir: freshDir(), includeArchived: true });
    expect(result.document.memoryStores?.["old-notes"]).toEqual({
      name: "Old notes",
      memories: [
        { path: "a.md", content: "first" },
        { path: "b.md", content: "second", metadata: { by: "bob" } },
      ],
    });
  });

  it("adopt: with includeArchived an archived vault is written anew with its credentials, none of them adopted", async () => {
    const vault = await client.vaults.create({ displayName: "old tools" });
    await client.vaults.credentials.create(vault.id, {
      auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/", token: "tok-adopt0edge0old" },
    });
    await client.vaults.archive(vault.id);
    const result = await adoptAccount({ client, outDir: freshDir(), includeArchived: true });
    expect(result.document.vaults?.["old-tools"]).toEqual({
      displayName: "old tools",
      credentials: {
        "mcp-example-com": {
          auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/", token: { secret: "old-tools-mcp-example-com-token" } },
        },
      },
    });
  });

  it("adopt: an entry the fleet would refuse is left out with the fleet's own reason", async () => {
    // An archived credential and its live successor serve one MCP server: recreating both is refused.
    const vault = await client.vaults.create({ displayName: "tools" });
    const auth = { type: "static_bearer" as const, mcpServerUrl: "https://mcp.example.com/", token: "tok-adopt0edge0one" };
    const old = await client.vaults.credentials.create(vault.id, { auth });
    await client.vaults.credentials.archive(vault.id, old.id);
    const current = await client.vaults.credentials.create(vault.id, { auth: { ...auth, token: "tok-adopt0edge0two" } });
    const result = await adoptAccount({ client, outDir: freshDir(), includeArchived: true });
    const credentials = result.document.vaults?.tools?.credentials ?? {};
    expect(Object.values(credentials).map((credential) => credential.adoptId)).toEqual([current.id]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        /^vaults\.tools\.credentials\.mcp-example-com-2 is left out, since the fleet would refuse it: .*a vault holds one credential per MCP server/,
      ),
    );
    expect(result.secrets.map((secret) => secret.configKey)).toEqual(["tools-mcp-example-com-token"]);
  });

  it("adopt: a tool shape the fleet cannot declare is left out with a warning", () => {
    const agent = {
      id: "agent_01a232e6b53d70008a5ce9941f1dd1bd",
      name: "Future",
      model: "auto",
      description: "",
      system: "",
      tools: [{ type: "agent_toolset_20260401" }, { type: "web_toolset_20270101", region: "eu" }],
      mcpServers: [],
      skills: [],
      metadata: {},
      multiagent: null,
      version: 1,
    } as unknown as Agent;
    const context = { skill: () => undefined, agent: () => undefined, mcpServer: () => "unused" };
    const { entry, notes } = agentEntry(agent, context);
    expect(entry.tools).toEqual([{ type: "agent_toolset_20260401" }]);
    expect(notes).toEqual(["tools[1] (type web_toolset_20270101) has a shape the fleet cannot declare; left out"]);
  });

  it("adopt: keys are valid, unique and stable; the oldest object keeps the plain key", () => {
    expect(slug("Revue Équipe / Lead", "agent")).toBe("revue-equipe-lead");
    expect(slug("GITHUB_TOKEN", "credential")).toBe("github_token");
    expect(slug("  ***  ", "agent")).toBe("agent");
    const keys = new KeyAllocator(["self"]);
    expect(["Self", "Reviewer", "reviewer", "REVIEWER", "x".repeat(80)].map((name) => keys.allocate(name, "agent"))).toEqual([
      "self-2",
      "reviewer",
      "reviewer-2",
      "reviewer-3",
      "x".repeat(64),
    ]);
  });
});

describe("qoder-adopt command line", () => {
  let emulator: RunningEmulator;
  const dirs = outDirs();

  function run(args: string[], env: Record<string, string>) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const name of ["QODER_ACCESS_TOKEN", "QODER_PAT"]) if (!(name in env)) delete childEnv[name];
    return exec(process.execPath, ["--import", "tsx", "provider/adopt/main.ts", ...args], repoRoot, childEnv);
  }

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [TOKEN] });
    const client = createClient({ baseUrl: emulator.baseUrl, token: TOKEN });
    await seedAccount(client, emulator.admin);
    await client.close();
  });
  afterAll(async () => {
    await emulator?.stop();
    dirs.dispose();
  });

  it("qoder-adopt: writes the fleet file and prints the secret commands, never the token", { timeout: 60_000 }, async () => {
    const out = dirs.fresh();
    const result = await run(["--out", out, "--base-url", emulator.baseUrl], { QODER_PAT: TOKEN });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Wrote ${path.join(out, "fleet.yaml")} (2 environments, 1 mcpServers, 2 skills, 1 vaults, 1 memoryStores, 1 files, 3 agents, 2 deployments).`,
    );
    expect(result.stdout).toContain("    pulumi config set --secret review-tools-mcp-linear-app-refresh-token <value>\n");
    expect(result.stdout).toContain(
      "  not send it: the deployment keeps the token it holds until its resources next change, which sends this one:\n" +
        "    pulumi config set --secret nightly-review-api-token <value>\n",
    );
    expect(fs.readFileSync(path.join(out, "files", "checklist.md"), "utf8")).toBe(SEEDED_FILES.checklist);
    expect(result.stderr).toContain(`warning: file "runbook.md"`);
    const written = fs.readFileSync(path.join(out, "fleet.yaml"), "utf8");
    for (const text of [result.stdout, result.stderr, written]) {
      expect(text).not.toContain(TOKEN);
      for (const secret of Object.values(SEEDED_SECRETS)) expect(text).not.toContain(secret);
    }
  });

  it("qoder-adopt: without QODER_ACCESS_TOKEN or QODER_PAT it stops before writing anything", { timeout: 60_000 }, async () => {
    const out = dirs.fresh();
    const result = await run(["--out", out, "--base-url", emulator.baseUrl], {});
    expect(result).toMatchObject({ code: 2, stderr: "qoder-adopt: set QODER_ACCESS_TOKEN (or QODER_PAT) to a token of the account to adopt\n" });
    expect(fs.existsSync(out)).toBe(false);
  });

  it("qoder-adopt: a --base-url that is no URL is refused before anything is read", { timeout: 60_000 }, async () => {
    const result = await run(["--out", dirs.fresh(), "--base-url", "api.qoder.com"], { QODER_PAT: TOKEN });
    expect(result).toMatchObject({ code: 2, stderr: "qoder-adopt: --base-url api.qoder.com is not a URL\n" });
  });

  it("qoder-adopt: a --token flag is refused, so a token never lands in shell history", { timeout: 60_000 }, async () => {
    const result = await run(["--out", "x", "--token", TOKEN], { QODER_PAT: TOKEN });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--token'");
    expect(result.stderr).not.toContain(TOKEN);
  });
});
