// What a document with files and deployments declares: the File and Deployment resources and their inputs
// (references by key resolved to the named resources' outputs, so Pulumi orders them), the stack outputs, and
// the session presets that gain files and GitHub repositories, whose tokens stay Pulumi secrets.
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { declareFleet, validateFleet, type ConfigSource, type FleetOutputs, type LoadedFleet } from "../../provider/fleet";

/** Every resource the builder declares, in order, with the args it passed. */
const declared: { kind: string; name: string; args: Record<string, unknown>; opts: Record<string, unknown> }[] = [];
vi.mock("../../provider/resources/agent", () => ({ Agent: recorder("Agent") }));
vi.mock("../../provider/resources/deployment", () => ({ Deployment: recorder("Deployment") }));
vi.mock("../../provider/resources/environment", () => ({ Environment: recorder("Environment") }));
vi.mock("../../provider/resources/file", () => ({ File: recorder("File") }));
vi.mock("../../provider/resources/memory", () => ({ Memory: recorder("Memory") }));
vi.mock("../../provider/resources/memory-store", () => ({ MemoryStore: recorder("MemoryStore") }));
vi.mock("../../provider/resources/skill", () => ({ Skill: recorder("Skill") }));
vi.mock("../../provider/resources/vault", () => ({ Vault: recorder("Vault") }));
vi.mock("../../provider/resources/vault-credential", () => ({ VaultCredential: recorder("VaultCredential") }));

/** A resource class that records its args; its outputs are `<name>-id`, version 3, and fixed server values. */
function recorder(kind: string) {
  return class {
    readonly id: pulumi.Output<string>;
    readonly version = pulumi.output(3);
    readonly latestVersion = pulumi.output("1");
    readonly skillName = pulumi.output("skill");
    readonly name: pulumi.Output<unknown>;
    readonly sizeBytes = pulumi.output(68);
    readonly status = pulumi.output("active");
    readonly scheduleDescription = pulumi.output("At 02:00, Monday through Friday (Europe/Berlin)");
    constructor(name: string, args: Record<string, unknown>, opts: Record<string, unknown> = {}) {
      declared.push({ kind, name, args, opts });
      this.id = pulumi.output(`${name}-id`);
      this.name = pulumi.output(args.name ?? name);
    }
  };
}

const config: ConfigSource = {
  project: "qoder-fleet",
  get: (key) => (key === "qoder-fleet:docsToken" ? "ghp-from-config" : undefined),
  isSecret: (key) => key === "qoder-fleet:docsToken",
};

const document = {
  environments: { sandbox: {} },
  vaults: { tools: {} },
  memoryStores: { notes: {} },
  files: {
    runbook: { path: "files/runbook.md", name: "runbook.md", mediaType: "text/markdown", metadata: { team: "platform" }, options: { protect: true } },
    checklist: { path: "docs/checklist.md", adoptId: "file_0123456789abcdef0123456789abcdef" },
  },
  agents: {
    reviewer: {
      model: "auto",
      memoryStores: ["notes"],
      resources: [
        { file: "runbook", mountPath: "/workspace/runbook.md" },
        { githubRepository: "https://github.com/acme/web", token: "ghp-preset", checkout: { type: "commit", sha: "abc123" } },
      ],
    },
  },
  deployments: {
    nightly: {
      agent: { agent: "reviewer", pin: true },
      description: "Reviews what was opened yesterday.",
      vaults: ["tools"],
      schedule: { cron: "0 2 * * 1-5", timezone: "Europe/Berlin" },
      prompt: "Review yesterday's pull requests.",
      resources: [
        { file: "runbook" },
        { memoryStore: "notes", access: "read_only", instructions: "Notes from earlier runs." },
        { githubRepository: "https://github.com/acme/api", token: "ghp-deployment", mountPath: "/workspace/api" },
        { githubRepository: "https://github.com/acme/docs", token: { secret: "docsToken" } },
        { fileId: "file_fedcba9876543210fedcba9876543210", mountPath: "/workspace/report.md" },
      ],
      environmentVariables: { LOG_LEVEL: "info", DOCS_TOKEN: { secret: "docsToken" } },
      metadata: { owner: "platform" },
      paused: true,
      adoptId: "dep_0123456789abcdef0123456789abcdef",
      options: { retainOnDelete: true },
    },
    manual: {
      name: "Release notes",
      agent: "reviewer",
      initialEvents: [
        { type: "system.message", content: "Write for customers." },
        { type: "user.message", content: [{ type: "text", text: "Draft the notes for the next release." }] },
      ],
    },
  },
};

/** The paths `pulumi config set --path --secret` leaves encrypted in the stack file. */
const securePaths = [
  ["agents", "reviewer", "resources", 1, "token"],
  ["deployments", "nightly", "resources", 2, "token"],
];

async function declaredFleet(data: unknown = document): Promise<FleetOutputs> {
  const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths, config });
  if (!("fleet" in result)) throw new Error(JSON.stringify(result.problems));
  const fleet = { ...result.fleet, file: "Pulumi.dev.yaml", skillDirectory: (key: string) => key, filePath: (key: string) => `../project/${key}.md` };
  return declareFleet(fleet as LoadedFleet);
}

const resolved = <T>(value: unknown): Promise<T> =>
  new Promise((resolve) => (pulumi.output(value) as pulumi.Output<unknown>).apply((inner) => resolve(inner as T)));
const isSecret = (value: unknown): Promise<boolean> => pulumi.isSecret(pulumi.output(value));
const argsOf = (kind: string, name: string) => declared.find((resource) => resource.kind === kind && resource.name === name)!;

describe("fleet deployments", () => {
  let outputs: FleetOutputs;
  beforeEach(async () => {
    declared.length = 0;
    outputs = await declaredFleet();
  });

  it("fleet deployments: files are declared before the agents and deployments that mount them, deployments last", () => {
    expect(declared.map((resource) => `${resource.kind} ${resource.name}`)).toEqual([
      "Environment sandbox",
      "Vault tools",
      "MemoryStore notes",
      "File runbook",
      "File checklist",
      "Agent reviewer",
      "Deployment nightly",
      "Deployment manual",
    ]);
  });

  it("fleet deployments: a File takes its path as the loader places it, and its name, media type, metadata and options", async () => {
    const runbook = argsOf("File", "runbook");
    expect(runbook.args).toEqual({
      name: "runbook.md",
      metadata: { team: "platform" },
      mediaType: "text/markdown",
      path: "../project/runbook.md",
    });
    expect(runbook.opts).toEqual({ protect: true });
    expect(argsOf("File", "checklist").args).toEqual({ adoptId: "file_0123456789abcdef0123456789abcdef", path: "../project/checklist.md" });
  });

  it("fleet deployments: a Deployment takes the named resources' outputs: the pinned agent, the only environment, vaults, files, stores", async () => {
    const { args, opts } = argsOf("Deployment", "nightly");
    expect(Object.keys(args)).toEqual([
      "name",
      "description",
      "agent",
      "environmentId",
      "schedule",
      "initialEvents",
      "resources",
      "vaultIds",
      "environmentVariables",
      "metadata",
      "paused",
      "adoptId",
    ]);
    expect(
      await resolved({
        ...args,
        resources: (args.resources as Record<string, unknown>[]).map(({ authorizationToken: _token, ...rest }) => rest),
      }),
    ).toEqual({
      name: "nightly",
      description: "Reviews what was opened yesterday.",
      agent: { id: "reviewer-id", version: 3 },
      environmentId: "sandbox-id",
      schedule: { cron: "0 2 * * 1-5", timezone: "Europe/Berlin" },
      initialEvents: [{ type: "user.message", content: [{ type: "text", text: "Review yesterday's pull requests." }] }],
      resources: [
        { type: "file", fileId: "runbook-id" },
        { type: "memory_store", memoryStoreId: "notes-id", access: "read_only", instructions: "Notes from earlier runs." },
        { type: "github_repository", url: "https://github.com/acme/api", mountPath: "/workspace/api" },
        { type: "github_repository", url: "https://github.com/acme/docs" },
        { type: "file", fileId: "file_fedcba9876543210fedcba9876543210", mountPath: "/workspace/report.md" },
      ],
      vaultIds: ["tools-id"],
      environmentVariables: { LOG_LEVEL: "info", DOCS_TOKEN: "ghp-from-config" },
      metadata: { owner: "platform" },
      paused: true,
      adoptId: "dep_0123456789abcdef0123456789abcdef",
    });
    expect(opts).toEqual({ retainOnDelete: true });
  });

  it("fleet deployments: an agent by key follows its latest version; initialEvents and a name pass as written", async () => {
    expect(await resolved(argsOf("Deployment", "manual").args)).toEqual({
      name: "Release notes",
      agent: "reviewer-id",
      environmentId: "sandbox-id",
      initialEvents: document.deployments.manual.initialEvents,
    });
  });

  it("fleet deployments: repository tokens are Pulumi secrets, whether secure: or { secret: key }", async () => {
    const resources = argsOf("Deployment", "nightly").args.resources as Record<string, unknown>[];
    expect(await Promise.all([resources[2]!.authorizationToken, resources[3]!.authorizationToken].map(isSecret))).toEqual([true, true]);
    expect(await Promise.all([resources[2]!.authorizationToken, resources[3]!.authorizationToken].map((token) => resolved(token)))).toEqual([
      "ghp-deployment",
      "ghp-from-config",
    ]);
    expect(await isSecret(resources[0]!.fileId)).toBe(false);
  });

  it("fleet deployments: an environment variable written { secret: key } is the config value, a Pulumi secret; the others stay plain", async () => {
    const variables = argsOf("Deployment", "nightly").args.environmentVariables as Record<string, unknown>;
    expect(await Promise.all([variables.DOCS_TOKEN, variables.LOG_LEVEL].map(isSecret))).toEqual([true, false]);
  });

  it("fleet deployments: the stack outputs give each file's id and size, each deployment's id, status and schedule in words", async () => {
    expect(await resolved(outputs.files)).toEqual({ runbook: { id: "runbook-id", sizeBytes: 68 }, checklist: { id: "checklist-id", sizeBytes: 68 } });
    expect(await resolved(outputs.deployments)).toEqual({
      nightly: { id: "nightly-id", status: "active", scheduleDescription: "At 02:00, Monday through Friday (Europe/Berlin)" },
      manual: { id: "manual-id", status: "active", scheduleDescription: "At 02:00, Monday through Friday (Europe/Berlin)" },
    });
  });

  it("fleet deployments: an agent's session preset mounts its memory stores, then its files and repositories, the token secret", async () => {
    const preset = outputs.sessions.reviewer!;
    expect(await isSecret(preset)).toBe(true);
    expect(await resolved(preset)).toEqual({
      agent: { type: "agent", id: "reviewer-id", version: 3 },
      environment_id: "sandbox-id",
      vault_ids: [],
      resources: [
        { type: "memory_store", memory_store_id: "notes-id", access: "read_write" },
        { type: "file", file_id: "runbook-id", mount_path: "/workspace/runbook.md" },
        {
          type: "github_repository",
          url: "https://github.com/acme/web",
          authorization_token: "ghp-preset",
          checkout: { type: "commit", sha: "abc123" },
        },
      ],
    });
  });

  it("fleet deployments: a preset whose agent mounts no repository and encrypts nothing stays plain", async () => {
    const { resources: _resources, ...plain } = document.agents.reviewer;
    declared.length = 0;
    const out = await declaredFleet({ ...document, agents: { reviewer: { ...plain, resources: [{ file: "runbook" }] } } });
    expect(await isSecret(out.sessions.reviewer)).toBe(false);
    expect((await resolved<{ resources: unknown[] }>(out.sessions.reviewer)).resources).toEqual([
      { type: "memory_store", memory_store_id: "notes-id", access: "read_write" },
      { type: "file", file_id: "runbook-id" },
    ]);
  });
});
