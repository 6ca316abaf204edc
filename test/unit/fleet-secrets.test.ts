// Secret values of the fleet reach the resources as Pulumi secrets: every `secure:` value of the stack file
// (a credential token, but also anything else a person chose to encrypt) and every `{ secret: key }`, also
// where the builder moves or rebuilds it (MCP servers, toolsets, skills, rosters, presets, stack outputs).
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { declareFleet, validateFleet, type ConfigSource, type FleetOutputs, type LoadedFleet } from "../../provider/fleet";

const declared = new Map<string, Record<string, unknown>>();
vi.mock("../../provider/resources/agent", () => ({ Agent: recorder("Agent") }));
vi.mock("../../provider/resources/environment", () => ({ Environment: recorder("Environment") }));
vi.mock("../../provider/resources/memory", () => ({ Memory: recorder("Memory") }));
vi.mock("../../provider/resources/memory-store", () => ({ MemoryStore: recorder("MemoryStore") }));
vi.mock("../../provider/resources/skill", () => ({ Skill: recorder("Skill") }));
vi.mock("../../provider/resources/vault", () => ({ Vault: recorder("Vault") }));
vi.mock("../../provider/resources/vault-credential", () => ({ VaultCredential: recorder("VaultCredential") }));

/**
 * Each resource class records the args it was declared with, and looks like a resource to the builder. Its
 * `name` output echoes the input without its secrecy: the builder must not count on the engine to carry it.
 */
function recorder(kind: string) {
  return class {
    readonly id = pulumi.output(`${kind}-id`);
    readonly version = pulumi.output(1);
    readonly latestVersion = pulumi.output("1");
    readonly skillName = pulumi.output("skill");
    readonly name: pulumi.Output<unknown>;
    constructor(name: string, args: Record<string, unknown>) {
      declared.set(`${kind} ${name}`, args);
      this.name = pulumi.unsecret(pulumi.output(args.name ?? "name"));
    }
  };
}

const config: ConfigSource = {
  project: "qoder-fleet",
  get: (key) => (key === "qoder-fleet:githubToken" ? "ghp-from-config" : undefined),
  isSecret: (key) => key === "qoder-fleet:githubToken",
};

const document = {
  vaults: {
    tools: {
      credentials: {
        github: { auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "ghp-secure" } },
        ci: { auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/ci", token: { secret: "githubToken" } } },
      },
    },
  },
  agents: { reviewer: { model: "auto", system: "a prompt someone encrypted", description: "plain" } },
};

async function declaredFleet(
  data: unknown,
  securePaths: (string | number)[][],
  skillDirectory: (key: string) => string = (key) => key,
): Promise<FleetOutputs> {
  const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths, config });
  if (!("fleet" in result)) throw new Error(JSON.stringify(result.problems));
  return declareFleet({ ...result.fleet, file: "Pulumi.dev.yaml", skillDirectory } as LoadedFleet);
}

const isSecret = (value: unknown): Promise<boolean> => pulumi.isSecret(pulumi.output(value));
const outputValueOf = (value: unknown): Promise<unknown> => new Promise((resolve) => (pulumi.output(value) as pulumi.Output<unknown>).apply(resolve));

describe("fleet secrets", () => {
  beforeEach(async () => {
    declared.clear();
    await declaredFleet(document, [
      ["vaults", "tools", "credentials", "github", "auth", "token"],
      ["agents", "reviewer", "system"],
    ]);
  });

  it("fleet secrets: a secure: credential token is declared as a Pulumi secret", async () => {
    const auth = declared.get("VaultCredential tools/github")?.auth as Record<string, unknown>;
    expect(await isSecret(auth.token)).toBe(true);
    expect(auth.mcpServerUrl).toBe("https://mcp.example.com/github");
  });

  it("fleet secrets: a { secret: key } token is the config value, declared as a Pulumi secret", async () => {
    const auth = declared.get("VaultCredential tools/ci")?.auth as Record<string, unknown>;
    expect(await isSecret(auth.token)).toBe(true);
    expect(await new Promise((resolve) => pulumi.output(auth.token as string).apply(resolve))).toBe("ghp-from-config");
  });

  it("fleet secrets: any other secure: value is a secret too, and plain values stay plain", async () => {
    const agent = declared.get("Agent reviewer") as Record<string, unknown>;
    expect(await isSecret(agent.system)).toBe(true);
    expect(agent.description).toBe("plain");
  });
});

/** Every field an agent's entry can move into another place, with a `secure:` value the builder must keep. */
const rebuilt = {
  environments: { sandbox: {} },
  skills: { lint: { directory: "skills/lint/" } },
  memoryStores: { notes: {} },
  mcpServers: { github: { url: "https://mcp.example.com/github?token=mcp-url-token", name: "github-internal" } },
  agents: {
    reviewer: {
      name: "reviewer-secret-name",
      model: "auto",
      description: "plain",
      mcpServers: [
        {
          server: "github",
          configs: [{ name: "delete_repository", permissionPolicy: { type: "always_deny" } }],
          defaultConfig: { permissionPolicy: { type: "always_ask" } },
        },
      ],
      skills: ["lint", { qoder: "internal-review-skill" }],
      memoryStores: [{ store: "notes", access: "read_only", instructions: "plain instructions" }],
    },
    lead: { model: "auto", tools: [{ type: "agent_toolset_20260401" }], multiagent: { type: "coordinator", agents: ["reviewer", "self"] } },
  },
};

const rebuiltSecurePaths = [
  ["skills", "lint", "directory"],
  ["mcpServers", "github", "url"],
  ["mcpServers", "github", "name"],
  ["agents", "reviewer", "name"],
  ["agents", "reviewer", "mcpServers", 0, "configs", 0, "name"],
  ["agents", "reviewer", "mcpServers", 0, "defaultConfig", "permissionPolicy", "type"],
  ["agents", "reviewer", "skills", 1, "qoder"],
  ["agents", "reviewer", "memoryStores", 0, "access"],
  ["agents", "lead", "multiagent", "type"],
  ["agents", "lead", "multiagent", "agents", 1],
];

/** What those paths hold. */
const rebuiltSecrets = [
  "skills/lint/",
  "https://mcp.example.com/github?token=mcp-url-token",
  "github-internal",
  "reviewer-secret-name",
  "delete_repository",
  "always_ask",
  "internal-review-skill",
  "read_only",
  "coordinator",
  "self",
];

/** Where a value shows a secret in plain text: outside every Output marked secret. */
async function plainSecretsIn(value: unknown, at: string): Promise<string[]> {
  if (pulumi.Output.isInstance(value)) return (await pulumi.isSecret(value)) ? [] : plainSecretsIn(await outputValueOf(value), at);
  if (typeof value === "string") return rebuiltSecrets.filter((secret) => value.includes(secret)).map(() => at);
  if (value === null || typeof value !== "object") return [];
  const inner = await Promise.all(Object.entries(value).map(([key, item]) => plainSecretsIn(item, `${at}.${key}`)));
  return inner.flat();
}

/** The value at a path of a declared resource's args. */
const inputAt = (resource: string, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((value, segment) => (value as Record<string | number, unknown>)[segment], declared.get(resource));

describe("fleet secrets in rebuilt fields", () => {
  let outputs: FleetOutputs;

  beforeEach(async () => {
    declared.clear();
    // Relative to the program, as the loader passes it: not the text the document holds.
    outputs = await declaredFleet(rebuilt, rebuiltSecurePaths, (key) => `../skills/${key}`);
  });

  it("fleet secrets: a secure MCP server url and name are secrets in mcpServers and in the toolset naming it", async () => {
    const secret = [
      ["mcpServers", 0, "url"],
      ["mcpServers", 0, "name"],
      ["tools", 0, "mcpServerName"],
    ];
    expect(await Promise.all(secret.map((path) => isSecret(inputAt("Agent reviewer", ...path))))).toEqual([true, true, true]);
    expect([inputAt("Agent reviewer", "mcpServers", 0, "type"), inputAt("Agent reviewer", "tools", 0, "type")]).toEqual(["url", "mcp_toolset"]);
  });

  it("fleet secrets: secure values of an agent's MCP configs and defaultConfig are secrets", async () => {
    const secret = [
      ["tools", 0, "configs", 0, "name"],
      ["tools", 0, "defaultConfig", "permissionPolicy", "type"],
    ];
    expect(await Promise.all(secret.map((path) => isSecret(inputAt("Agent reviewer", ...path))))).toEqual([true, true]);
    expect(inputAt("Agent reviewer", "tools", 0, "configs", 0, "permissionPolicy")).toEqual({ type: "always_deny" });
  });

  it("fleet secrets: secure skill and roster values are secrets, the ids they resolve to stay plain", async () => {
    const secret = [
      inputAt("Agent reviewer", "skills", 1, "skillId"),
      inputAt("Agent lead", "multiagent", "type"),
      inputAt("Agent lead", "multiagent", "agents", 1, "type"),
    ];
    const ids = [inputAt("Agent reviewer", "skills", 0, "skillId"), inputAt("Agent lead", "multiagent", "agents", 0)];
    expect(await Promise.all(secret.map(isSecret))).toEqual([true, true, true]);
    expect(await Promise.all(ids.map(isSecret))).toEqual([false, false]);
    expect(await Promise.all(ids.map(outputValueOf))).toEqual(["Skill-id", "Agent-id"]);
  });

  it("fleet secrets: a secure skill directory is a secret, though the builder rewrites it", async () => {
    expect(await isSecret(inputAt("Skill lint", "directory"))).toBe(true);
    expect(await outputValueOf(inputAt("Skill lint", "directory"))).toBe("../skills/lint");
  });

  it("fleet secrets: a secure memory-store access makes the session preset a secret", async () => {
    expect([await isSecret(outputs.sessions.reviewer), await isSecret(outputs.sessions.lead)]).toEqual([true, false]);
  });

  it("fleet secrets: a secure agent name is a secret in the agents stack output", async () => {
    expect([await isSecret(outputs.agents.reviewer!.name), await isSecret(outputs.agents.lead!.name)]).toEqual([true, false]);
    expect(await outputValueOf(outputs.agents.lead!.name)).toBe("lead");
  });

  it("fleet secrets: no declared input and no stack output shows a secure value in plain text", async () => {
    const inputs = await Promise.all([...declared].map(([name, args]) => plainSecretsIn(args, name)));
    expect([...inputs.flat(), ...(await plainSecretsIn(outputs, "outputs"))]).toEqual([]);
  });
});
