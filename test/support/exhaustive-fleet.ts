// One program that sets every field of every kind (the no-drift loop of DESIGN.md), with the secret values
// it declares so tests can prove none of them reaches state in plain text.

/** Every write-only value the program declares. */
export const DECLARED_SECRETS = [
  "ghp-exhaustive-bearer-token",
  "oauth-exhaustive-access-token",
  "oauth-exhaustive-refresh-token",
  "oauth-exhaustive-client-secret",
  "env-exhaustive-secret-value",
] as const;

export const SKILL_FILES: Record<string, string> = {
  "skills/review/SKILL.md": "---\nname: review\ndescription: Reviews pull requests\n---\n# Review\nRead the diff twice.\n",
  "skills/review/checklists/security.md": "- secrets\n- injection\n",
  "skills/triage/SKILL.md": "---\nname: triage\ndescription: Sorts new issues\n---\n# Triage\n",
};

const [bearer, access, refresh, clientSecret, envValue] = DECLARED_SECRETS;

export const EXHAUSTIVE_PROGRAM = `
const qoder = require("pulumi-qoder");
const owner = { team: "platform", owner: "alice" };

const sandbox = new qoder.Environment("sandbox", {
  name: "sandbox",
  description: "Where reviews run",
  config: {
    type: "cloud",
    networking: { type: "limited", allowedHosts: ["api.github.com"], allowPackageManagers: true, allowMcpServers: true },
    packages: { apt: ["jq"], cargo: ["ripgrep"], gem: ["rake"], go: ["golang.org/x/tools/cmd/goimports@latest"], npm: ["typescript@5"], pip: ["requests"] },
    setupScript: "#!/bin/bash\\necho ready\\n",
  },
  metadata: owner,
  deletionPolicy: "archive",
});
const onPrem = new qoder.Environment("on-prem", { name: "on-prem", config: { type: "self_hosted" } });

const review = new qoder.Skill("review", { directory: "skills/review", displayTitle: "Code review", metadata: owner });
const triage = new qoder.Skill("triage", { directory: "skills/triage" });

const vault = new qoder.Vault("integrations", { displayName: "integrations", metadata: owner, deletionPolicy: "delete" });
const github = new qoder.VaultCredential("github", {
  vaultId: vault.id,
  auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "${bearer}" },
  metadata: owner,
});
const issues = new qoder.VaultCredential("issues", {
  vaultId: vault.id,
  auth: {
    type: "mcp_oauth",
    mcpServerUrl: "https://mcp.example.com/issues",
    accessToken: "${access}",
    expiresAt: "2027-06-01T00:00:00Z",
    refresh: {
      clientId: "fleet-client",
      refreshToken: "${refresh}",
      tokenEndpoint: "https://auth.example.com/oauth/token",
      tokenEndpointAuth: { type: "client_secret_basic", clientSecret: "${clientSecret}" },
      resource: "https://mcp.example.com/issues",
      scope: "issues:read issues:write",
    },
  },
});
const apiKey = new qoder.VaultCredential("api-key", {
  vaultId: vault.id,
  auth: {
    type: "environment_variable",
    secretName: "SEARCH_API_KEY",
    secretValue: "${envValue}",
    networking: { type: "limited", allowedHosts: ["search.example.com"] },
    injectionLocation: { header: true, body: false },
  },
  deletionPolicy: "archive",
});

const notes = new qoder.MemoryStore("notes", { name: "notes", description: "What reviewers learned", metadata: owner, deletionPolicy: "delete" });
const style = new qoder.Memory("style", { memoryStoreId: notes.id, path: "guides/style.md", content: "Prefer small pull requests.", metadata: owner });

const researcher = new qoder.Agent("researcher", { name: "researcher", model: "auto" });
const writer = new qoder.Agent("writer", { name: "writer", model: { id: "ultimate" }, system: "Write release notes." });
const lead = new qoder.Agent("lead", {
  name: "lead",
  model: { id: "ultimate", effort: "high", contextWindow: 200000 },
  system: "Coordinate the review.",
  description: "Splits reviews between specialists",
  tools: [
    {
      type: "agent_toolset_20260401",
      enabledTools: ["Bash", "Read", "Grep"],
      configs: [{ name: "Bash", enabled: true, permissionPolicy: { type: "always_ask" } }],
      defaultConfig: { enabled: true, permissionPolicy: { type: "always_allow" } },
    },
    { type: "mcp_toolset", mcpServerName: "github", defaultConfig: { permissionPolicy: { type: "always_ask" } } },
    {
      type: "custom",
      name: "post_comment",
      description: "Posts a review comment",
      inputSchema: { type: "object", properties: { filePath: { type: "string" }, lineNumber: { type: "integer" } }, required: ["filePath"] },
    },
  ],
  mcpServers: [{ type: "url", name: "github", url: "https://mcp.example.com/github" }],
  skills: [
    { type: "custom", skillId: review.id, version: review.latestVersion },
    { type: "custom", skillId: triage.id },
  ],
  metadata: owner,
  multiagent: { type: "coordinator", agents: [researcher.id, { type: "agent", id: writer.id, version: writer.version }, { type: "self" }] },
});

exports.lead = { id: lead.id, version: lead.version, skills: lead.skills };
exports.reviewVersion = review.latestVersion;
exports.ids = [sandbox.id, onPrem.id, triage.id, github.id, issues.id, apiKey.id, style.id];
`;
