// qoder-audit against an emulator account of which a stack export (built here with the account's real ids)
// manages a part: the unmanaged objects by kind with ids, names and notes (another stack's, this stack's lost
// orphan, a credential in a managed vault), the archived ones only on request, the state's objects the account
// lacks, the table and the JSON, the three ways to give the state, usage errors, and the fleet file of
// --adopt-out that adopts the unmanaged objects and nothing the stack manages.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { type AuditIo, runAudit } from "../../provider/audit/cli";
import { auditAccount, type AuditReport, parseStackExport, type StackState } from "../../provider/audit";
import { createClient, type QoderClient } from "../../provider/client";

const TOKEN = "pt-audit-test-token-do-not-leak";
const IDENTITY = "stack_0a1b2c";
const OTHER_OWNER = "stack_ffff/team-b/prod/Agent/triage";
const EVENTS = [{ type: "user.message" as const, content: [{ type: "text" as const, text: "Go." }] }];
const SKILL_MD = "---\nname: code-review\ndescription: Reviews code\n---\n# Code review\n";

let emulator: RunningEmulator;
let client: QoderClient;
let tmp: string;
/** The account's ids by role. */
const ids: Record<string, string> = {};
let exportText: string;

/** `pulumi stack export` of stack qoder-fleet/dev managing `managed` (kind, resource name, id, parent id). */
function stackExport(managed: [kind: string, name: string, id: string, parent?: string][]): string {
  const urn = (type: string, name: string) => `urn:pulumi:dev::qoder-fleet::${type}::${name}`;
  const parentField: Record<string, string> = { VaultCredential: "vaultId", Memory: "memoryStoreId" };
  const resources = [
    { urn: urn("pulumi:pulumi:Stack", "qoder-fleet-dev"), custom: false, type: "pulumi:pulumi:Stack" },
    {
      urn: urn("pulumi-nodejs:dynamic/qoder:StackIdentity", "qoder-stack-identity"),
      custom: true,
      id: IDENTITY,
      type: "pulumi-nodejs:dynamic/qoder:StackIdentity",
    },
    ...managed.map(([kind, name, id, parent]) => {
      const type = `pulumi-nodejs:dynamic/qoder:${kind}`;
      const props = parent ? { [parentField[kind]!]: parent } : {};
      return {
        urn: urn(type, name),
        custom: true,
        id,
        type,
        inputs: props,
        outputs: { ...props, metadata: { "pulumi-qoder.owner": `${IDENTITY}/x` } },
      };
    }),
  ];
  return JSON.stringify({ version: 3, deployment: { manifest: { version: "v3.248.0" }, resources } });
}

/** An io that records output and answers `pulumi` from `pulumi`. */
function io(options: { stdin?: string; pulumi?: AuditIo["pulumi"]; env?: Record<string, string> } = {}) {
  const out = { stdout: "", stderr: "", pulumiCalls: [] as string[][] };
  const value: AuditIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    readStdin: async () => options.stdin ?? "",
    stdinIsTty: options.stdin === undefined,
    env: options.env ?? { QODER_ACCESS_TOKEN: TOKEN, QODER_BASE_URL: emulator.baseUrl },
    pulumi: async (args, cwd) => {
      out.pulumiCalls.push([...args, `cwd=${cwd}`]);
      if (!options.pulumi) throw new Error("no pulumi here");
      return options.pulumi(args, cwd);
    },
  };
  return { io: value, out };
}

beforeAll(async () => {
  emulator = await startEmulator({ tokens: [TOKEN] });
  client = createClient({ baseUrl: emulator.baseUrl, token: TOKEN });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-audit-"));
  const owned = (name: string) => ({ "pulumi-qoder.owner": `${IDENTITY}/qoder-fleet/dev/${name}` });

  // Managed by the stack.
  ids.sandbox = (await client.environments.create({ name: "sandbox", metadata: owned("Environment/sandbox") })).id;
  ids.tools = (await client.vaults.create({ displayName: "tools" })).id;
  ids.github = (
    await client.vaults.credentials.create(ids.tools, {
      auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "ghp-secret-1" },
    })
  ).id;
  ids.notes = (await client.memoryStores.create({ name: "notes" })).id;
  ids.naming = (await client.memoryStores.memories.create(ids.notes, { path: "conventions/naming.md", content: "Verbs." })).id;
  ids.reviewer = (await client.agents.create({ name: "reviewer", model: "auto" })).id;
  ids.nightly = (await client.deployments.create({ name: "nightly", agent: ids.reviewer, environmentId: ids.sandbox, initialEvents: EVENTS })).id;

  // Not managed by it.
  ids.triage = (await client.agents.create({ name: "triage", model: "auto", metadata: { "pulumi-qoder.owner": OTHER_OWNER } })).id;
  ids.orphan = (await client.agents.create({ name: "old-reviewer", model: "auto", metadata: owned("Agent/old-reviewer") })).id;
  ids.linear = (
    await client.vaults.credentials.create(ids.tools, {
      auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/linear", token: "lin-secret-2" },
    })
  ).id;
  ids.scratch = (await client.memoryStores.memories.create(ids.notes, { path: "scratch.md", content: "An agent wrote this." })).id;
  ids.ops = (await client.vaults.create({ displayName: "ops" })).id;
  ids.pager = (
    await client.vaults.credentials.create(ids.ops, {
      auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/pager", token: "pd-secret-3" },
    })
  ).id;
  ids.codeReview = (await client.skills.create({ files: [{ path: "SKILL.md", content: new TextEncoder().encode(SKILL_MD) }] })).id;
  ids.runbook = (await client.files.create({ content: Buffer.from("# Runbook\n"), filename: "runbook.md", mediaType: "text/markdown" })).id;
  ids.weekly = (await client.deployments.create({ name: "weekly", agent: ids.reviewer, environmentId: ids.sandbox, initialEvents: EVENTS })).id;
  ids.oldEnv = (await client.environments.create({ name: "old-env" })).id;
  await client.environments.archive(ids.oldEnv);
  // A session's output is not the account's own object.
  const sessionFile = await client.files.create({ content: Buffer.from("notes\n"), filename: "session-notes.md", mediaType: "text/markdown" });
  emulator.admin.patch("files", sessionFile.id, { scope: { id: "sess_1", type: "session" } });

  exportText = stackExport([
    ["Environment", "sandbox", ids.sandbox],
    ["Vault", "tools", ids.tools],
    ["VaultCredential", "tools/github", ids.github, ids.tools],
    ["MemoryStore", "notes", ids.notes],
    ["Memory", "notes/naming", ids.naming, ids.notes],
    ["Agent", "reviewer", ids.reviewer],
    ["Deployment", "nightly", ids.nightly],
    ["Agent", "gone", "agent_00000000000000000000000000000000"],
  ]);
});
afterAll(async () => {
  await client?.close();
  await emulator?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const state = (): StackState => parseStackExport(exportText, "export");

describe("qoder-audit: the account against the state", () => {
  let report: AuditReport;
  beforeAll(async () => {
    report = await auditAccount({ client, state: state() });
  });

  it("audit: lists every live object the stack does not manage, parents before children, with its notes", () => {
    expect(report.unmanaged.map(({ kind, id, name, note }) => [kind, id, name, note])).toEqual([
      ["Skill", ids.codeReview, "code-review", ""],
      ["Vault", ids.ops, "ops", ""],
      ["VaultCredential", ids.linear, "https://mcp.example.com/linear", `in Vault ${ids.tools}, which the stack manages`],
      ["VaultCredential", ids.pager, "https://mcp.example.com/pager", ""],
      ["Memory", ids.scratch, "scratch.md", `in MemoryStore ${ids.notes}, which the stack manages`],
      ["File", ids.runbook, "runbook.md", ""],
      ["Agent", ids.triage, "triage", 'created by stack team-b/prod as Agent "triage"'],
      ["Agent", ids.orphan, "old-reviewer", 'created by this stack as Agent "old-reviewer", but not in its state'],
      ["Deployment", ids.weekly, "weekly", ""],
    ]);
    expect(report).toMatchObject({
      total: 16,
      managed: 7,
      includeArchived: false,
      stack: { project: "qoder-fleet", stack: "dev", identity: IDENTITY },
    });
  });

  it("audit: says which managed objects an unmanaged one uses, and who created it", () => {
    const weekly = report.unmanaged.find((object) => object.id === ids.weekly);
    expect(weekly?.usesManaged?.sort()).toEqual([ids.reviewer, ids.sandbox].sort());
    expect(report.unmanaged.find((object) => object.id === ids.orphan)?.owner).toEqual({
      value: `${IDENTITY}/qoder-fleet/dev/Agent/old-reviewer`,
      project: "qoder-fleet",
      stack: "dev",
      type: "Agent",
      name: "old-reviewer",
      thisStack: true,
    });
  });

  it("audit: what the state holds and the account lacks is reported apart", () => {
    expect(report.missing).toEqual([{ kind: "Agent", id: "agent_00000000000000000000000000000000", resource: "gone" }]);
  });

  it("audit: archived objects only with includeArchived", async () => {
    const all = await auditAccount({ client, state: state(), includeArchived: true });
    expect(all.unmanaged.find((object) => object.id === ids.oldEnv)).toMatchObject({
      kind: "Environment",
      name: "old-env",
      archived: true,
      note: "archived",
    });
    expect(all.total).toBe(17);
  });
});

describe("qoder-audit: the command", () => {
  const statePath = () => {
    const file = path.join(tmp, "state.json");
    fs.writeFileSync(file, exportText);
    return file;
  };

  it("audit: --state prints the table and the summary, and warns about the state's missing object", async () => {
    const { io: audit, out } = io();
    expect(await runAudit(["--state", statePath()], audit)).toBe(0);
    const lines = out.stdout.split("\n");
    expect(lines[0]).toMatch(/^KIND {13}ID {2,}NAME {2,}NOTE$/);
    expect(lines.find((line) => line.includes(ids.triage!))).toMatch(
      new RegExp(`^Agent {12}${ids.triage} +triage +created by stack team-b/prod as Agent "triage"$`),
    );
    expect(out.stdout).toContain(
      `\n9 of 16 objects of the account at ${emulator.baseUrl} are not managed by stack qoder-fleet/dev. Archived objects are left out (--include-archived lists them).\n`,
    );
    expect(out.stderr).toBe(
      `warning: 1 object in the state of stack qoder-fleet/dev is not in the account at ${emulator.baseUrl}: Agent agent_00000000000000000000000000000000 ("gone"). ` +
        "Deleted outside Pulumi? `pulumi refresh` drops them from the state.\n",
    );
    expect(out.stdout + out.stderr).not.toContain(TOKEN);
  });

  it("audit: --json from stdin gives the report as data", async () => {
    const { io: audit, out } = io({ stdin: exportText });
    expect(await runAudit(["--json", "--include-archived"], audit)).toBe(0);
    const json = JSON.parse(out.stdout) as AuditReport;
    expect(json).toMatchObject({ baseUrl: emulator.baseUrl, total: 17, managed: 7, includeArchived: true });
    expect(json.unmanaged.map((object) => object.id)).toContain(ids.oldEnv);
  });

  it("audit: --stack runs pulumi stack export and takes the account's base URL from the stack's config", async () => {
    const config = { "qoder:baseUrl": { value: emulator.baseUrl, secret: false }, "qoder:token": { secret: true } };
    const { io: audit, out } = io({
      env: { QODER_ACCESS_TOKEN: TOKEN, QODER_BASE_URL: "http://127.0.0.1:9/not-this-one" },
      pulumi: async (args) => ({ code: 0, stderr: "", stdout: args[0] === "stack" ? exportText : JSON.stringify(config) }),
    });
    expect(await runAudit(["--stack", "dev", "--cwd", tmp], audit)).toBe(0);
    expect(out.pulumiCalls).toEqual([
      ["stack", "export", "--stack", "dev", `cwd=${tmp}`],
      ["config", "--json", "--stack", "dev", `cwd=${tmp}`],
    ]);
    expect(out.stdout).toContain(`9 of 16 objects of the account at ${emulator.baseUrl}`);
  });

  it("audit: a failed pulumi stack export is a failure that says which", async () => {
    const { io: audit, out } = io({ pulumi: async () => ({ code: 255, stdout: "", stderr: "error: no stack named 'prod' found\n" }) });
    expect(await runAudit(["--stack", "prod"], audit)).toBe(1);
    expect(out.stderr).toBe("qoder-audit: pulumi stack export --stack prod failed (exit 255): error: no stack named 'prod' found\n");
  });

  it("audit: usage errors exit 2 before any request", async () => {
    emulator.admin.clearLog();
    const cases: [string[], Record<string, string> | undefined, RegExp][] = [
      [["--stack", "dev", "--state", "x.json"], undefined, /give --stack or --state, not both/],
      [["--cwd", "."], undefined, /--cwd goes with --stack/],
      [[], undefined, /give the stack's state: --stack <name>, --state <file>, or `pulumi stack export \| qoder-audit`/],
      [["--state", path.join(tmp, "nope.json")], undefined, /--state .*nope\.json: no such file/],
      [["--state", statePath()], { QODER_BASE_URL: emulator.baseUrl }, /set QODER_ACCESS_TOKEN \(or QODER_PAT\) to a token of the account to audit/],
      [["--state", statePath(), "--region", "eu"], { QODER_ACCESS_TOKEN: TOKEN }, /--region must be "intl" or "cn"/],
      [["--state", "-"], undefined, /stdin is not JSON/],
    ];
    for (const [argv, env, message] of cases) {
      const { io: audit, out } = io({ env });
      expect(await runAudit(argv, audit), argv.join(" ")).toBe(2);
      expect(out.stderr).toMatch(message);
    }
    expect(emulator.admin.stats().total).toBe(0);
  });

  it("audit: --adopt-out writes a fleet file that adopts the unmanaged objects, and none the stack manages", async () => {
    const outDir = path.join(tmp, "adopt");
    const { io: audit, out } = io();
    expect(await runAudit(["--state", statePath(), "--adopt-out", outDir], audit)).toBe(0);
    const fleet = parse(fs.readFileSync(path.join(outDir, "fleet.yaml"), "utf8")) as Record<string, Record<string, { adoptId?: string }> | undefined>;
    const adopted = Object.values(fleet).flatMap((section) => Object.values(section ?? {}).map((entry) => entry.adoptId));
    expect(adopted).toEqual(expect.arrayContaining([ids.ops, ids.codeReview, ids.triage, ids.orphan]));
    for (const managed of [ids.sandbox, ids.tools, ids.notes, ids.reviewer, ids.nightly]) expect(adopted).not.toContain(managed);
    // The unmanaged vault comes with its credential, whose secret the user sets.
    expect(out.stdout).toMatch(/Credential secrets to set:\n {2}pulumi config set --secret \S+ <value>\n/);
    // A child of a managed parent, and a deployment that runs a managed agent, cannot be written here: said so.
    expect(out.stderr).toContain(
      `warning: VaultCredential "https://mcp.example.com/linear" (${ids.linear}) is left out: it lives in Vault ${ids.tools}, which the stack manages; ` +
        `declare it in that stack (a VaultCredential with vaultId: <that resource's id> and adoptId: "${ids.linear}")`,
    );
    expect(out.stderr).toContain(`warning: Deployment "weekly" (${ids.weekly}) uses `);
    expect(out.stdout + out.stderr + fs.readFileSync(path.join(outDir, "fleet.yaml"), "utf8")).not.toMatch(
      /ghp-secret-1|lin-secret-2|pd-secret-3|pt-audit0/,
    );
  });
});
