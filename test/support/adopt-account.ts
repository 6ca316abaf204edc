// An account built in the console, as adoption meets it: one object of every kind, made through the client
// (a coordinator with members, a skill bound by an agent, an OAuth credential, a store with memories, a file
// the API gives back, an upload it does not, a session's file, and deployments that mount them).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EmulatorAdmin } from "../../emulator";
import type { QoderClient } from "../../provider/client";
import { repoRoot } from "./pulumi";

export const ADOPT_SKILLS = path.join(repoRoot, "test", "fixtures", "adopt", "skills");

/** Every write-only value the seed sends: none may appear in anything adoption writes or prints. */
export const SEEDED_SECRETS = {
  bearer: "ghp-adopt0seed0bearer0do0not0leak",
  access: "oauth-adopt0seed0access0do0not0leak",
  refresh: "oauth-adopt0seed0refresh0do0not0leak",
  clientSecret: "oauth-adopt0seed0client0do0not0leak",
  envValue: "env-adopt0seed0value0do0not0leak",
  repositoryToken: "ghp-adopt0seed0repository0do0not0leak",
  variable: "sentry-adopt0seed0variable0do0not0leak",
} as const;

/** The seeded files' contents: the checklist is one the API gives back, the runbook a user's upload. */
export const SEEDED_FILES = {
  checklist: "# Review checklist\n\n- Tests pass\n- Errors name the fix\n",
  runbook: "# Runbook\n\nRestart the service.\n",
  sessionNotes: "notes a session wrote\n",
} as const;

/** Output directories that do not exist yet, each under a temporary folder that `dispose` removes. */
export function outDirs(): { fresh(): string; dispose(): void } {
  const roots: string[] = [];
  return {
    fresh() {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-adopt-"));
      roots.push(root);
      return path.join(root, "out");
    },
    dispose: () => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })),
  };
}

const GITHUB = { type: "url" as const, name: "github", url: "https://api.githubcopilot.com/mcp/" };

export interface SeededAccount {
  environments: { sandbox: string; onPrem: string };
  skills: { codeReview: string; triage: string };
  vault: string;
  credentials: { github: string; linear: string; ci: string };
  store: string;
  memories: string[];
  agents: { security: string; style: string; lead: string };
  files: { checklist: string; runbook: string; sessionNotes: string };
  deployments: { nightly: string; releaseNotes: string };
}

/**
 * The account. `admin` makes what no API call can: a file the API gives back (made by a session, in the real
 * service) and a session's own file.
 */
export async function seedAccount(client: QoderClient, admin: EmulatorAdmin): Promise<SeededAccount> {
  const sandbox = await client.environments.create({
    name: "Review Sandbox",
    description: "Where reviews run",
    config: {
      type: "cloud",
      networking: { type: "limited", allowedHosts: ["api.github.com"], allowPackageManagers: true },
      packages: { pip: ["ruff==0.6.9"] },
      setupScript: "git config --global user.name reviewer\n",
    },
    metadata: { team: "platform" },
  });
  const onPrem = await client.environments.create({ name: "on-prem", config: { type: "self_hosted" } });
  const codeReview = await client.skills.create({
    files: path.join(ADOPT_SKILLS, "code-review"),
    displayTitle: "Code review checklist",
    metadata: { team: "platform" },
  });
  const triage = await client.skills.create({ files: path.join(ADOPT_SKILLS, "triage") });

  const vault = await client.vaults.create({ displayName: "Review Tools", metadata: { team: "platform" } });
  const github = await client.vaults.credentials.create(vault.id, {
    auth: { type: "static_bearer", mcpServerUrl: GITHUB.url, token: SEEDED_SECRETS.bearer },
  });
  const linear = await client.vaults.credentials.create(vault.id, {
    auth: {
      type: "mcp_oauth",
      mcpServerUrl: "https://mcp.linear.app/sse",
      accessToken: SEEDED_SECRETS.access,
      expiresAt: "2030-01-01T00:00:00Z",
      refresh: {
        clientId: "review-team",
        refreshToken: SEEDED_SECRETS.refresh,
        tokenEndpoint: "https://linear.app/oauth/token",
        tokenEndpointAuth: { type: "client_secret_basic", clientSecret: SEEDED_SECRETS.clientSecret },
        scope: "read",
      },
    },
    metadata: { owner: "alice" },
  });
  const ci = await client.vaults.credentials.create(vault.id, {
    auth: {
      type: "environment_variable",
      secretName: "CI_TOKEN",
      secretValue: SEEDED_SECRETS.envValue,
      networking: { type: "limited", allowedHosts: ["ci.example.com"] },
    },
  });

  const store = await client.memoryStores.create({ name: "Review Notes", description: "Conventions the team applies" });
  const memories = [
    await client.memoryStores.memories.create(store.id, { path: "conventions/naming.md", content: "# Naming\nFunctions are verbs.\n" }),
    await client.memoryStores.memories.create(store.id, { path: "decisions/errors.md", content: "Errors name the fix.", metadata: { by: "alice" } }),
  ];

  const security = await client.agents.create({
    name: "Security Reviewer",
    model: { id: "ultimate", effort: "high" },
    system: "You review pull requests for security problems only.\nReport each finding with a fix.\n",
    description: "Finds vulnerabilities",
    tools: [
      { type: "agent_toolset_20260401", enabledTools: ["Read", "Grep"] },
      { type: "mcp_toolset", mcpServerName: "github", defaultConfig: { permissionPolicy: { type: "always_ask" } } },
    ],
    mcpServers: [GITHUB],
    skills: [{ type: "custom", skillId: codeReview.id }],
    metadata: { team: "platform" },
  });
  const style = await client.agents.create({
    name: "Style Reviewer",
    model: "auto",
    tools: [
      { type: "agent_toolset_20260401" },
      { type: "custom", name: "lint", description: "Runs the linter", inputSchema: { type: "object", properties: { path: { type: "string" } } } },
    ],
    skills: [
      { type: "custom", skillId: triage.id, version: triage.latestVersion },
      { type: "qoder", skillId: "pdf" },
    ],
  });
  const lead = await client.agents.create({
    name: "Review Lead",
    model: "ultimate",
    tools: [{ type: "agent_toolset_20260401" }, { type: "mcp_toolset", mcpServerName: "github" }],
    mcpServers: [GITHUB],
    multiagent: { type: "coordinator", agents: [security.id, { type: "agent", id: style.id, version: style.version }, { type: "self" }] },
  });

  const upload = (name: string, content: string, metadata?: Record<string, string>) =>
    client.files.create({ content: Buffer.from(content), filename: name, mediaType: "text/markdown", ...(metadata ? { metadata } : {}) });
  const checklist = await upload("checklist.md", SEEDED_FILES.checklist, { team: "platform" });
  admin.patch("files", checklist.id, { downloadable: true });
  const runbook = await upload("runbook.md", SEEDED_FILES.runbook);
  const sessionNotes = await upload("session-notes.md", SEEDED_FILES.sessionNotes);
  admin.patch("files", sessionNotes.id, { downloadable: true, scope: { id: "sess_01a232e6b53d70008a5ce9941f1dd1bd", type: "session" } });

  const nightly = await client.deployments.create({
    name: "Nightly Review",
    description: "Reviews yesterday's pull requests",
    agent: security.id,
    environmentId: sandbox.id,
    schedule: { type: "cron", expression: "0 2 * * 1-5", timezone: "Europe/Berlin" },
    initialEvents: [{ type: "user.message", content: [{ type: "text", text: "Review the pull requests opened yesterday." }] }],
    resources: [
      { type: "file", fileId: checklist.id, mountPath: "/workspace/checklist.md" },
      { type: "file", fileId: runbook.id },
      { type: "memory_store", memoryStoreId: store.id, access: "read_only", instructions: "What earlier runs found." },
      {
        type: "github_repository",
        url: "https://github.com/acme/api",
        authorizationToken: SEEDED_SECRETS.repositoryToken,
        checkout: { type: "branch", name: "main" },
      },
    ],
    vaultIds: [vault.id],
    environmentVariables: `LOG_LEVEL=info\nREGION=eu-west-1\nSENTRY_API_KEY=${SEEDED_SECRETS.variable}`,
    metadata: { team: "platform" },
  });
  await client.deployments.pause(nightly.id);
  const releaseNotes = await client.deployments.create({
    name: "Release Notes",
    agent: style.id,
    environmentId: sandbox.id,
    initialEvents: [
      { type: "system.message", content: [{ type: "text", text: "Write for customers, not engineers." }] },
      { type: "user.message", content: [{ type: "text", text: "Draft the notes of the next release." }] },
    ],
  });
  return {
    environments: { sandbox: sandbox.id, onPrem: onPrem.id },
    skills: { codeReview: codeReview.id, triage: triage.id },
    vault: vault.id,
    credentials: { github: github.id, linear: linear.id, ci: ci.id },
    store: store.id,
    memories: memories.map((memory) => memory.id),
    agents: { security: security.id, style: style.id, lead: lead.id },
    files: { checklist: checklist.id, runbook: runbook.id, sessionNotes: sessionNotes.id },
    deployments: { nightly: nightly.id, releaseNotes: releaseNotes.id },
  };
}
