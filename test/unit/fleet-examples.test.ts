// The example stack files load without a problem, and the program declares them as docs/stack-file.md says: one
// resource per entry, session presets that name the agent's environment, vaults and memory stores.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkSkillDirectory, fleetProgram, loadFleet, type FleetOutputs } from "../../provider/fleet";
import { configOf, PROJECT } from "../fixtures/fleet/harness";

const examples = path.resolve(__dirname, "..", "..", "examples");
const declared: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const projects: string[] = [];

/** An example copied into a project directory, its stack file extended with what `pulumi config set` adds. */
function exampleProject(name: string, stackFile: string, extraConfig = "") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-example-"));
  projects.push(dir);
  fs.cpSync(path.join(examples, name), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
  const file = path.join(dir, stackFile);
  const text = fs.readFileSync(file, "utf8").replace(/^config:\n/m, `config:\n${extraConfig}`);
  fs.writeFileSync(file, text);
  const stack = /^Pulumi\.(.+)\.yaml$/.exec(stackFile)?.[1] ?? "dev";
  return { projectDir: dir, workDir: dir, stack, config: configOf(text), checkSkillDirectory };
}

function resolved<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((value) => resolve(value as T)));
}

async function declare(options: Parameters<typeof fleetProgram>[0]): Promise<FleetOutputs> {
  const outputs = await fleetProgram(options);
  await resolved(outputs as never);
  return outputs;
}

describe("fleet examples", () => {
  // Each test is a run of its own (a new mock monitor), which declares the stack's identity again.
  beforeEach(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          declared.push({ type: args.type.replace("pulumi-nodejs:dynamic/qoder:", ""), name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs, version: 1 } };
        },
        call: () => ({}),
      },
      PROJECT,
      "dev",
      false,
    );
  });
  afterEach(() => {
    declared.length = 0;
    for (const dir of projects.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fleet examples: minimal declares one environment and one agent, whose preset uses that environment", async () => {
    const outputs = await declare(exampleProject("minimal", "Pulumi.dev.yaml"));
    expect(declared.map((resource) => `${resource.type} ${resource.name}`)).toEqual([
      "StackIdentity qoder-stack-identity",
      "Environment sandbox",
      "Agent helper",
    ]);
    // Idempotency keys and owner metadata derive from the stack's own identity, not its names alone.
    expect(declared[2]!.inputs.__identity).toBe(`qoder-stack-identity-id/${PROJECT}/dev/Agent/helper`);
    expect(await resolved(outputs.sessions.helper!)).toEqual({
      agent: { type: "agent", id: "helper-id", version: 1 },
      environment_id: "sandbox-id",
      vault_ids: [],
      resources: [],
    });
  });

  it("fleet examples: review-team declares its identity and twelve resources, members before their coordinator", async () => {
    await declare(reviewTeamProject());
    const names = declared.map((resource) => `${resource.type} ${resource.name}`);
    expect(names).toHaveLength(13);
    expect(names[0]).toBe("StackIdentity qoder-stack-identity");
    expect(names.indexOf("Agent review-lead")).toBeGreaterThan(names.indexOf("Agent style-reviewer"));
    const lead = declared.find((resource) => resource.name === "review-lead")!;
    expect(lead.inputs.multiagent).toEqual({ type: "coordinator", agents: ["security-reviewer-id", "style-reviewer-id", { type: "self" }] });
    const security = declared.find((resource) => resource.name === "security-reviewer")!;
    expect(security.inputs.tools).toEqual([
      { type: "agent_toolset_20260401", enabledTools: ["Read", "Grep", "Glob", "Bash"] },
      { type: "mcp_toolset", mcpServerName: "github", defaultConfig: { permissionPolicy: { type: "always_ask" } } },
    ]);
  });

  it("fleet examples: a skill directory is passed relative to the program's working directory", async () => {
    const options = reviewTeamProject();
    expect((await loadFleet(options)).skillDirectory("code-review")).toBe("skills/code-review");
    const nested = await loadFleet({ ...options, workDir: path.join(options.projectDir, "dist", "program") });
    expect(nested.skillDirectory("code-review")).toBe("../../skills/code-review");
  });

  it("fleet examples: fleet-file reads its secret from the stack config", async () => {
    const secret = "  qoder-fleet:ciToken:\n    secure: plain:ci-example\n";
    const fleet = await loadFleet(exampleProject("fleet-file", "Pulumi.prod.yaml", secret));
    expect(fleet.file).toBe("fleet.yaml");
    expect(fleet.document.vaults?.ci?.credentials?.["ci-api"]?.auth).toMatchObject({ secretValue: "ci-example" });
    expect(fleet.secrets.has(["vaults", "ci", "credentials", "ci-api", "auth", "secretValue"])).toBe(true);
  });
});

/** review-team after `pulumi config set --path --secret …github.auth.token`, which adds a secure: value. */
function reviewTeamProject() {
  const options = exampleProject("review-team", "Pulumi.dev.yaml");
  const file = path.join(options.projectDir, "Pulumi.dev.yaml");
  const url = "              mcpServerUrl: https://api.githubcopilot.com/mcp/\n";
  const text = fs.readFileSync(file, "utf8").replace(url, `${url}              token:\n                secure: plain:ghp-example\n`);
  fs.writeFileSync(file, text);
  return { ...options, config: configOf(text) };
}
