// Adoption on the real engine: an account built outside Pulumi is read by the compiled qoder-adopt, and the
// root program deploys the fleet file it wrote (the separate-file form). `pulumi up` takes every object over:
// no collection gains an object, every id and version stays, the credentials rotate to the secrets set, the
// deployments stay as they were (paused, their repository token untouched) with the file the API gave back
// uploaded from files/, and a second preview shows no change.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator";
import { deploymentSecrets } from "../../emulator/routes/deployment";
import { credentialSecrets } from "../../emulator/routes/vault";
import { createClient } from "../../provider/client";
import { SEEDED_SECRETS, seedAccount, type SeededAccount } from "../support/adopt-account";
import { ENGINE_TOKEN, rootFleetStack, stored, type FleetStack } from "../support/fleet-engine";
import { repoRoot } from "../support/pulumi";

const COLLECTIONS = [
  "agents",
  "agent_versions",
  "environments",
  "skills",
  "skill_versions",
  "vaults",
  "vault_credentials",
  "memory_stores",
  "memories",
  "files",
  "deployments",
  "deployment_runs",
];

/** What each adopted credential is rotated to: `<config key>-rotated`, set as a stack secret. */
const rotated = (configKey: string) => `${configKey}-rotated0value`;

interface Outputs {
  environments: Record<string, { id: string }>;
  skills: Record<string, { id: string; latestVersion: string }>;
  vaults: Record<string, { id: string; credentials: Record<string, { id: string }> }>;
  memoryStores: Record<string, { id: string }>;
  agents: Record<string, { id: string; version: number }>;
  files: Record<string, { id: string; sizeBytes: number }>;
  deployments: Record<string, { id: string; status: string; scheduleDescription: string | null }>;
}

describe("adoption on the engine", () => {
  let stack: FleetStack;
  let seeded: SeededAccount;
  let secretKeys: string[];
  let before: Record<string, number>;
  let agentsBefore: Record<string, unknown>[];
  let deploymentsBefore: Record<string, unknown>[];
  let outDir: string;

  const counts = () => Object.fromEntries(COLLECTIONS.map((collection) => [collection, stack.emulator.admin.list(collection).length]));

  beforeAll(async () => {
    const emulator = await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 });
    const client = createClient({ baseUrl: emulator.baseUrl, token: ENGINE_TOKEN });
    seeded = await seedAccount(client, emulator.admin);
    await client.close();
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-adopted-"));
    // The compiled command, as the package's bin runs it; asynchronously, since the emulator is in this process.
    const adopt = await promisify(execFile)(
      process.execPath,
      [path.join(repoRoot, "dist/provider/adopt/main.js"), "--out", path.join(outDir, "fleet"), "--base-url", emulator.baseUrl],
      {
        env: { ...process.env, QODER_ACCESS_TOKEN: ENGINE_TOKEN },
      },
    );
    secretKeys = [...adopt.stdout.matchAll(/pulumi config set --secret (\S+) <value>/g)].map((match) => match[1]!);

    stack = await rootFleetStack(path.join(outDir, "fleet"), { stack: "prod", emulator });
    await stack.project.setConfig("qoder-fleet:fleetFile", "fleet.yaml");
    for (const key of secretKeys) await stack.project.setConfig(key, rotated(key), { secret: true });
    // The variable is set to the value the deployment holds, as the header asks: adoption then changes nothing.
    await stack.project.setConfig("nightly-review-sentry_api_key", SEEDED_SECRETS.variable, { secret: true });
    before = counts();
    agentsBefore = stack.emulator.admin.list("agents");
    deploymentsBefore = stack.emulator.admin.list("deployments");
  });
  afterAll(async () => {
    await stack?.dispose();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("adopt: qoder-adopt asked for the five credential secrets, the repository token and the secret variable", () => {
    expect(secretKeys).toHaveLength(7);
    expect(secretKeys).toEqual(expect.arrayContaining(["nightly-review-api-token", "nightly-review-sentry_api_key"]));
  });

  it("adopt: up adopts every object, and no collection gains an object", async () => {
    const result = await stack.project.up();
    // 17 resources (2 of them the seeded store's memories, 1 file, 2 deployments) besides the stack and its
    // identity: created in state, adopted remotely.
    expect(result.stdout).toMatch(/\+ 19 created/);
    expect(counts()).toEqual(before);
  });

  it("adopt: every object keeps its id, and agents and skills keep their versions", async () => {
    const outputs = (await stack.project.outputs()) as unknown as Outputs;
    expect(outputs.environments["review-sandbox"]?.id).toBe(seeded.environments.sandbox);
    expect(outputs.environments["on-prem"]?.id).toBe(seeded.environments.onPrem);
    expect([outputs.skills["code-review"]?.id, outputs.skills.triage?.id]).toEqual([seeded.skills.codeReview, seeded.skills.triage]);
    expect(outputs.vaults["review-tools"]?.id).toBe(seeded.vault);
    expect(
      Object.values(outputs.vaults["review-tools"]?.credentials ?? {})
        .map((credential) => credential.id)
        .sort(),
    ).toEqual(Object.values(seeded.credentials).sort());
    expect(outputs.memoryStores["review-notes"]?.id).toBe(seeded.store);
    expect(Object.fromEntries(Object.entries(outputs.agents).map(([key, agent]) => [key, agent.id]))).toEqual({
      "security-reviewer": seeded.agents.security,
      "style-reviewer": seeded.agents.style,
      "review-lead": seeded.agents.lead,
    });
    // An update would have bumped the version: adoption found the declared agents equal to the account's.
    expect(stack.emulator.admin.list("agents")).toEqual(agentsBefore);
    for (const skill of Object.values(outputs.skills)) expect(stored(stack, "skills", skill.id).latest_version).toBe(skill.latestVersion);
  });

  it("adopt: the deployments and the file the API gave back keep their ids, and no deployment changed", async () => {
    const outputs = (await stack.project.outputs()) as unknown as Outputs;
    expect(outputs.files).toEqual({ checklist: { id: seeded.files.checklist, sizeBytes: expect.any(Number) } });
    expect(Object.fromEntries(Object.entries(outputs.deployments).map(([key, deployment]) => [key, [deployment.id, deployment.status]]))).toEqual({
      "nightly-review": [seeded.deployments.nightly, "paused"],
      "release-notes": [seeded.deployments.releaseNotes, "active"],
    });
    // An update or a pause would have changed updated_at: adoption found each deployment equal to its entry.
    expect(stack.emulator.admin.list("deployments")).toEqual(deploymentsBefore);
  });

  it("adopt: the repository token is not sent on adoption: the deployment keeps the one it holds, as the header says", () => {
    expect(deploymentSecrets(stack.emulator.state, seeded.deployments.nightly)).toEqual([SEEDED_SECRETS.repositoryToken]);
  });

  it("adopt: each credential now holds the secret set in the stack config, which state keeps encrypted", async () => {
    const github = credentialSecrets(stack.emulator.state, seeded.credentials.github);
    const linear = credentialSecrets(stack.emulator.state, seeded.credentials.linear);
    expect(github?.token).toBe(rotated("review-tools-api-githubcopilot-com-token"));
    expect(linear?.["refresh.refresh_token"]).toBe(rotated("review-tools-mcp-linear-app-refresh-token"));
    const state = await stack.project.exportState();
    for (const key of secretKeys) expect(state).not.toContain(rotated(key));
    for (const secret of Object.values(SEEDED_SECRETS)) expect(state).not.toContain(secret);
  });

  it("adopt: a second preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });
});
