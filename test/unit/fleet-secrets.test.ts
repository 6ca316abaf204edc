// Secret values of the fleet reach the resources as Pulumi secrets: every `secure:` value of the stack file
// (a credential token, but also anything else a person chose to encrypt) and every `{ secret: key }`.
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { declareFleet, validateFleet, type ConfigSource, type LoadedFleet } from "../../provider/fleet";

/** Each resource class records the args it was declared with, and looks like a resource to the builder. */
const declared = new Map<string, Record<string, unknown>>();
vi.mock("../../provider/resources/agent", () => ({ Agent: recorder("Agent") }));
vi.mock("../../provider/resources/environment", () => ({ Environment: recorder("Environment") }));
vi.mock("../../provider/resources/memory", () => ({ Memory: recorder("Memory") }));
vi.mock("../../provider/resources/memory-store", () => ({ MemoryStore: recorder("MemoryStore") }));
vi.mock("../../provider/resources/skill", () => ({ Skill: recorder("Skill") }));
vi.mock("../../provider/resources/vault", () => ({ Vault: recorder("Vault") }));
vi.mock("../../provider/resources/vault-credential", () => ({ VaultCredential: recorder("VaultCredential") }));

function recorder(kind: string) {
  return class {
    readonly id = pulumi.output(`${kind}-id`);
    readonly version = pulumi.output(1);
    readonly latestVersion = pulumi.output("1");
    readonly skillName = pulumi.output("skill");
    readonly name = pulumi.output("name");
    constructor(name: string, args: Record<string, unknown>) {
      declared.set(`${kind} ${name}`, args);
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

async function declaredFleet(): Promise<void> {
  const securePaths = [
    ["vaults", "tools", "credentials", "github", "auth", "token"],
    ["agents", "reviewer", "system"],
  ];
  const result = await validateFleet({ data: document, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths, config });
  if (!("fleet" in result)) throw new Error(JSON.stringify(result.problems));
  declareFleet({ ...result.fleet, file: "Pulumi.dev.yaml", skillDirectory: (key) => key } as LoadedFleet);
}

const isSecret = (value: unknown): Promise<boolean> => pulumi.isSecret(pulumi.output(value));

describe("fleet secrets", () => {
  beforeEach(async () => {
    declared.clear();
    await declaredFleet();
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
