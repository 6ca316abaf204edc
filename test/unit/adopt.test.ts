// The adoption command against the emulator: an account seeded through the client, adopted into a fleet file
// that the fleet loader accepts, with every object adopted by its id and every reference a key.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { createClient, hashSkillDirectory, type QoderClient } from "../../provider/client";
import { checkSkillDirectory, loadFleet, type LoadedFleet } from "../../provider/fleet";
import { adoptAccount, type AdoptResult } from "../../provider/adopt";
import { ADOPT_SKILLS, outDirs, SEEDED_FILES, SEEDED_SECRETS, seedAccount, type SeededAccount } from "../support/adopt-account";

const TOKEN = "pt-adopt-unit-test-token";

/** The stack config of a project whose fleet file is `file`, with every secret the adoption asks for set. */
function stackConfig(file: string, secretKeys: string[]) {
  const values = new Map<string, string>([
    ["qoder-fleet:fleetFile", file],
    ...secretKeys.map((key): [string, string] => [`qoder-fleet:${key}`, "rotated-value"]),
  ]);
  return { project: "qoder-fleet", get: (key: string) => values.get(key), isSecret: (key: string) => key !== "qoder-fleet:fleetFile" };
}

describe("adoption of a seeded account", () => {
  let emulator: RunningEmulator;
  let client: QoderClient;
  let seeded: SeededAccount;
  let result: AdoptResult;
  let text: string;
  let fleet: LoadedFleet;
  const dirs = outDirs();
  const freshDir = dirs.fresh;

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [TOKEN] });
    client = createClient({ baseUrl: emulator.baseUrl, token: TOKEN });
    seeded = await seedAccount(client, emulator.admin);
    result = await adoptAccount({ client, outDir: freshDir() });
    text = fs.readFileSync(result.file, "utf8");
    const outDir = path.dirname(result.file);
    fleet = await loadFleet({
      projectDir: outDir,
      workDir: outDir,
      stack: "dev",
      config: stackConfig(
        "fleet.yaml",
        result.secrets.map((secret) => secret.configKey),
      ),
      checkSkillDirectory,
    });
  });
  afterAll(async () => {
    await client?.close();
    await emulator?.stop();
    dirs.dispose();
  });

  it("adopt: the written fleet file loads with the fleet loader, with no problems, once its secrets are set", () => {
    expect(fleet.file).toBe("fleet.yaml");
    expect(Object.keys(fleet.document).sort()).toEqual([
      "agents",
      "deployments",
      "environments",
      "files",
      "mcpServers",
      "memoryStores",
      "skills",
      "vaults",
    ]);
  });

  it("adopt: every object of the account is adopted by its own id", () => {
    const { document } = fleet;
    expect(document.environments).toMatchObject({
      "review-sandbox": { name: "Review Sandbox", adoptId: seeded.environments.sandbox },
      "on-prem": { name: "on-prem", config: { type: "self_hosted" }, adoptId: seeded.environments.onPrem },
    });
    expect(document.skills).toMatchObject({
      "code-review": { directory: "skills/code-review", displayTitle: "Code review checklist", adoptId: seeded.skills.codeReview },
      triage: { directory: "skills/triage", adoptId: seeded.skills.triage },
    });
    expect(document.vaults?.["review-tools"]).toMatchObject({ displayName: "Review Tools", adoptId: seeded.vault });
    const credentials = Object.values(document.vaults?.["review-tools"]?.credentials ?? {}).map((credential) => credential.adoptId);
    expect(credentials.sort()).toEqual(Object.values(seeded.credentials).sort());
    expect(document.memoryStores?.["review-notes"]).toMatchObject({
      name: "Review Notes",
      description: "Conventions the team applies",
      adoptId: seeded.store,
    });
    expect(Object.fromEntries(Object.entries(document.agents ?? {}).map(([key, agent]) => [key, agent.adoptId]))).toEqual({
      "security-reviewer": seeded.agents.security,
      "style-reviewer": seeded.agents.style,
      "review-lead": seeded.agents.lead,
    });
  });

  it("adopt: references are keys: skills, roster members (and self), and one shared MCP server entry", () => {
    const agents = fleet.document.agents!;
    expect(agents["security-reviewer"]?.skills).toEqual(["code-review"]);
    expect(agents["style-reviewer"]?.skills).toEqual([{ skill: "triage", pin: true }, { qoder: "pdf" }]);
    expect(agents["review-lead"]?.multiagent).toEqual({
      type: "coordinator",
      agents: ["security-reviewer", { agent: "style-reviewer", pin: true }, "self"],
    });
    expect(fleet.document.mcpServers).toEqual({ github: { name: "github", url: "https://api.githubcopilot.com/mcp/" } });
    expect(agents["security-reviewer"]?.mcpServers).toEqual([{ server: "github", defaultConfig: { permissionPolicy: { type: "always_ask" } } }]);
    expect(agents["review-lead"]?.mcpServers).toEqual(["github"]);
  });

  it("adopt: each skill is unpacked without its top folder, with the content hash of the uploaded version", async () => {
    const outDir = path.dirname(result.file);
    expect(fs.existsSync(path.join(outDir, "skills", "code-review", "SKILL.md"))).toBe(true);
    expect(await hashSkillDirectory(path.join(outDir, "skills", "code-review"))).toBe(
      await hashSkillDirectory(path.join(ADOPT_SKILLS, "code-review")),
    );
    expect(await hashSkillDirectory(path.join(outDir, "skills", "triage"))).toBe(await hashSkillDirectory(path.join(ADOPT_SKILLS, "triage")));
  });

  it("adopt: every credential secret is a { secret } placeholder, and none of the seeded values is written", () => {
    const linear = Object.values(fleet.document.vaults?.["review-tools"]?.credentials ?? {}).find(
      (credential) => credential.auth.type === "mcp_oauth",
    );
    expect(linear?.adoptId).toBe(seeded.credentials.linear);
    expect(result.secrets.map((secret) => secret.configKey).sort()).toEqual([
      "nightly-review-api-token",
      "nightly-review-sentry_api_key",
      "review-tools-api-githubcopilot-com-token",
      "review-tools-ci_token-secret-value",
      "review-tools-mcp-linear-app-access-token",
      "review-tools-mcp-linear-app-client-secret",
      "review-tools-mcp-linear-app-refresh-token",
    ]);
    expect(text).toContain("accessToken:\n            secret: review-tools-mcp-linear-app-access-token");
    expect(text).toContain("pulumi config set --secret review-tools-mcp-linear-app-client-secret <value>");
    for (const secret of Object.values(SEEDED_SECRETS)) expect(text).not.toContain(secret);
  });

  it("adopt: a file the API gives back is written under files/ and adopted; a user's upload gets a note; a session's file is left out", () => {
    const outDir = path.dirname(result.file);
    expect(fleet.document.files).toEqual({
      checklist: { path: "files/checklist.md", metadata: { team: "platform" }, adoptId: seeded.files.checklist },
    });
    expect(fs.readFileSync(path.join(outDir, "files", "checklist.md"), "utf8")).toBe(SEEDED_FILES.checklist);
    expect(fs.readdirSync(path.join(outDir, "files"))).toEqual(["checklist.md"]);
    expect(result.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^file "runbook\\.md" \\(${seeded.files.runbook}\\) has no files: entry, since its content cannot be written out: the API does not give it back.*` +
            `add a files: entry with that path and adoptId: ${seeded.files.runbook} \\(adoption checks that the sizes match: ${SEEDED_FILES.runbook.length} bytes\\)`,
        ),
      ),
    );
    expect(text).not.toContain(seeded.files.sessionNotes);
  });

  it("adopt: a deployment names its agent, environment, vaults, files and store by key, the file the fleet cannot upload by id", () => {
    expect(fleet.document.deployments?.["nightly-review"]).toEqual({
      name: "Nightly Review",
      description: "Reviews yesterday's pull requests",
      agent: "security-reviewer",
      environment: "review-sandbox",
      vaults: ["review-tools"],
      schedule: { cron: "0 2 * * 1-5", timezone: "Europe/Berlin" },
      prompt: "Review the pull requests opened yesterday.",
      resources: [
        { file: "checklist", mountPath: "/workspace/checklist.md" },
        { fileId: seeded.files.runbook },
        { memoryStore: "review-notes", access: "read_only", instructions: "What earlier runs found." },
        // The loader resolved the { secret } placeholder to the value the stack config holds.
        { githubRepository: "https://github.com/acme/api", token: "rotated-value", checkout: { type: "branch", name: "main" } },
      ],
      // The variable whose name marks a secret was a { secret } placeholder too.
      environmentVariables: { LOG_LEVEL: "info", REGION: "eu-west-1", SENTRY_API_KEY: "rotated-value" },
      metadata: { team: "platform" },
      paused: true,
      adoptId: seeded.deployments.nightly,
    });
  });

  it("adopt: a run that starts with more than one user message keeps its initialEvents as the API returns them", () => {
    expect(fleet.document.deployments?.["release-notes"]).toEqual({
      name: "Release Notes",
      agent: "style-reviewer",
      environment: "review-sandbox",
      initialEvents: [
        { type: "system.message", content: [{ type: "text", text: "Write for customers, not engineers." }] },
        { type: "user.message", content: [{ type: "text", text: "Draft the notes of the next release." }] },
      ],
      adoptId: seeded.deployments.releaseNotes,
    });
  });

  it("adopt: a repository token is a { secret } placeholder, listed apart from the credentials: adoption does not send it", () => {
    expect(result.secrets.find((secret) => secret.configKey === "nightly-review-api-token")?.path).toEqual([
      "deployments",
      "nightly-review",
      "resources",
      3,
      "token",
    ]);
    expect(text).toContain("token:\n          secret: nightly-review-api-token");
    expect(text).toContain(
      "#   not send it: the deployment keeps the token it holds until its resources next change, which sends this one:\n" +
        "#     pulumi config set --secret nightly-review-api-token <value>    # deployments.nightly-review.resources[3].token\n",
    );
  });

  it("adopt: a variable whose name marks a secret is a { secret } placeholder; its value, which the API returns, is written nowhere", () => {
    expect(text).toContain("SENTRY_API_KEY:\n        secret: nightly-review-sentry_api_key");
    expect(text).toContain(
      "#   qoder-adopt writes it nowhere). Another value is a change: adoption updates the deployment to it:\n" +
        "#     pulumi config set --secret nightly-review-sentry_api_key <value>    # deployments.nightly-review.environmentVariables.SENTRY_API_KEY\n",
    );
    expect(text).not.toContain(SEEDED_SECRETS.variable);
  });

  it("adopt: the file as written changes nothing on adoption but the secrets: no update is announced", () => {
    expect(result.warnings.filter((warning) => warning.includes("adopting it also updates"))).toEqual([]);
  });

  it("adopt: an adopted store's memories are adopted with it, content included", () => {
    const memories = fleet.document.memoryStores?.["review-notes"]?.memories ?? [];
    expect(memories.map((memory) => [memory.path, memory.adoptId?.startsWith("mem_"), (memory.content ?? "").length > 0])).toEqual([
      ["conventions/naming.md", true, true],
      ["decisions/errors.md", true, true],
    ]);
  });

  it("adopt: the header says where the file came from and how to go on", () => {
    expect(text.startsWith(`# Written by qoder-adopt from the Qoder account at ${emulator.baseUrl}.`)).toBe(true);
    expect(text).toContain("#   pulumi config set fleetFile <path of this file>");
    expect(text).toContain("adoption rotates each credential to the value");
  });

  it("adopt: the same account gives the same file and the same skill files", async () => {
    const again = await adoptAccount({ client, outDir: freshDir() });
    expect(fs.readFileSync(again.file, "utf8")).toBe(text);
    const skill = (file: AdoptResult) => hashSkillDirectory(path.join(path.dirname(file.file), "skills", "code-review"));
    expect(await skill(again)).toBe(await skill(result));
  });

  it("adopt: a directory that holds anything is refused before the account is read", async () => {
    const outDir = freshDir();
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(outDir, "notes.txt"), "mine");
    emulator.admin.clearLog();
    await expect(adoptAccount({ client, outDir })).rejects.toThrow(`--out ${outDir} is not empty; name a new or empty directory`);
    expect(emulator.admin.stats().total).toBe(0);
  });
});
