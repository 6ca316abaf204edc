// The fleet stack file on the real engine: the repository's own root program deploys the review-team example
// from its stack file, previews clean, exports session presets the API accepts, keeps the credential secret,
// previews an edit of the stack file as exactly that change, and refuses an invalid file with no API request;
// and the fleet-file example, whose secret comes from the stack config through { secret: key }.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionCreateParams } from "../../provider/api/session";
import { ENGINE_TOKEN, rootFleetStack, stored, type FleetStack } from "../support/fleet-engine";
import { repoRoot } from "../support/pulumi";

const GITHUB_TOKEN = "ghp-engine0fleet0token0do0not0leak";
const TOKEN_PATH = "qoder-fleet:fleet.vaults.review-tools.credentials.github.auth.token";

interface AgentOutput {
  id: string;
  version: number;
}

describe("fleet stack file on the engine", () => {
  let stack: FleetStack;
  let outputs: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    stack = await rootFleetStack("review-team");
    // The documented way to add a secret to the fleet: it lands in Pulumi.dev.yaml as a secure: value.
    await stack.project.setConfig(TOKEN_PATH, GITHUB_TOKEN, { secret: true, path: true });
  });
  afterAll(() => stack?.dispose());

  it("fleet: after the build, the root's node_modules holds a real copy of the package, as an install would", () => {
    const installed = path.join(repoRoot, "node_modules", "pulumi-qoder");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "provider", "resources", "entry", "agent.js"))).toBe(true);
    expect(fs.realpathSync(path.join(stack.project.dir, "node_modules", "pulumi-qoder"))).toBe(installed);
  });

  it("fleet: up deploys every entry of the example stack file", async () => {
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/\+ 14 created/);
    outputs = (await stack.project.outputs()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(outputs.agents ?? {}).sort()).toEqual(["review-lead", "security-reviewer", "style-reviewer"]);
    expect(Object.keys(outputs.memoryStores?.["review-notes"] as object)).toEqual(["id", "memories"]);
  });

  it("fleet: every serialized provider is a short require of its entry module in node_modules", async () => {
    const state = JSON.parse(await stack.project.exportState()) as {
      deployment: { resources: { type: string; outputs?: { __provider?: string } }[] };
    };
    const providers = state.deployment.resources.filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/qoder:"));
    expect(providers).toHaveLength(13);
    // The root program loads the package by name from node_modules (scripts/install-self.mjs), like a user's.
    const largest = Math.max(...providers.map((resource) => Buffer.byteLength(resource.outputs?.__provider ?? "")));
    process.stdout.write(`largest serialized provider of the root program: ${largest} bytes\n`);
    expect(largest).toBeLessThanOrEqual(2048);
    for (const resource of providers)
      expect(resource.outputs?.__provider).toMatch(/require\("pulumi-qoder\/dist\/provider\/resources\/entry\/[a-z-]+\.js"\)/);
  });

  it("fleet: the coordinator's roster holds its two specialists and itself", () => {
    const agents = outputs.agents as Record<string, AgentOutput>;
    const lead = stored(stack, "agents", agents["review-lead"]!.id);
    expect(lead.multiagent).toEqual({
      type: "coordinator",
      agents: [agents["security-reviewer"]!.id, agents["style-reviewer"]!.id, { type: "self" }],
    });
  });

  it("fleet: a second preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });

  it("fleet: the coordinator's session preset is a POST /sessions body the API accepts", async () => {
    const preset = (outputs.sessions as Record<string, unknown>)["review-lead"] as Record<string, unknown>;
    const agents = outputs.agents as Record<string, AgentOutput>;
    expect(SessionCreateParams.parse(preset)).toEqual({
      agent: { type: "agent", id: agents["review-lead"]!.id, version: 1 },
      environment_id: (outputs.environments!["review-sandbox"] as { id: string }).id,
      vault_ids: [(outputs.vaults!["review-tools"] as { id: string }).id],
      resources: [
        {
          type: "memory_store",
          memory_store_id: (outputs.memoryStores!["review-notes"] as { id: string }).id,
          access: "read_write",
          instructions: "Read conventions/ before reviewing; add a file under decisions/ for each new team decision.",
        },
      ],
    });
    const response = await fetch(`${stack.emulator.baseUrl}/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${ENGINE_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(preset),
    });
    expect(response.status).toBe(201);
  });

  it("fleet: the GitHub token is encrypted in the stack file and in state", async () => {
    expect(fs.readFileSync(path.join(stack.project.dir, "Pulumi.dev.yaml"), "utf8")).not.toContain(GITHUB_TOKEN);
    expect(await stack.project.exportState()).not.toContain(GITHUB_TOKEN);
  });

  it("fleet: an edited system prompt previews as one agent update, and up applies it", async () => {
    await stack.project.setConfig("qoder-fleet:fleet.agents.style-reviewer.system", "Review for readability only.", { path: true });
    const preview = await stack.project.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/qoder:Agent: \(update\)[\s\S]*style-reviewer/);
    expect(preview.stdout).toMatch(/1 to update/);
    const style = (outputs.agents as Record<string, AgentOutput>)["style-reviewer"]!;
    await stack.project.up();
    expect(stored(stack, "agents", style.id)).toMatchObject({ system: "Review for readability only.", version: 2 });
    await stack.project.previewNoChanges();
  });

  it("fleet: an invalid stack file stops preview at its line, with no API request", async () => {
    await stack.project.setConfig("qoder-fleet:fleet.agents.review-lead.environment", "review-sandbx", { path: true });
    stack.emulator.admin.clearLog();
    const preview = await stack.project.run(["preview"], 1);
    expect(preview.stdout + preview.stderr).toMatch(
      /Pulumi\.dev\.yaml:\d+:\d+ agents\.review-lead\.environment: unknown environment "review-sandbx"; did you mean "review-sandbox"\?/,
    );
    expect(stack.emulator.admin.stats().total).toBe(0);
    await stack.project.setConfig("qoder-fleet:fleet.agents.review-lead.environment", "review-sandbox", { path: true });
    await stack.project.previewNoChanges();
  });

  it("fleet: destroy removes the fleet from state", async () => {
    await stack.project.destroy();
    const state = JSON.parse(await stack.project.exportState()) as { deployment: { resources?: unknown[] } };
    expect(state.deployment.resources ?? []).toHaveLength(0);
  });
});

describe("fleet file on the engine", () => {
  const CI_TOKEN = "ci-engine0fleet0file0token0do0not0leak";
  let stack: FleetStack;

  beforeAll(async () => {
    stack = await rootFleetStack("fleet-file", { stack: "prod" });
    await stack.project.setConfig("ciToken", CI_TOKEN, { secret: true });
  });
  afterAll(() => stack?.dispose());

  it("fleet: a fleet file named by the stack deploys, reading { secret: ciToken } from the stack config", async () => {
    await stack.project.up();
    const { vaults } = (await stack.project.outputs()) as { vaults: Record<string, { credentials: Record<string, { id: string }> }> };
    const credential = stored(stack, "vault_credentials", vaults.ci!.credentials["ci-api"]!.id);
    expect(credential.auth).toMatchObject({ type: "environment_variable", secret_name: "CI_TOKEN" });
    expect(await stack.project.exportState()).not.toContain(CI_TOKEN);
    await stack.project.previewNoChanges();
  });
});
