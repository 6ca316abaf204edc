// The fleet document (z.strictObject throughout, so a misspelled property is an error, never ignored): the
// entries of every kind, keyed by stable keys. Each entry derives from its kind's descriptor (fleet/derive.ts):
// the body fields come from the wire schemas in provider/api, and only what the fleet writes its own way (names
// that default to the key, references by key, files, deletionPolicy, adoptId, options) is stated here.
import { z } from "zod";
import * as environment from "../api/environment";
import * as memory from "../api/memory-store";
import * as skill from "../api/skill";
import * as vault from "../api/vault";
import * as agent from "../api/agent";
import { SECRET_AUTH_PATHS } from "../kinds/credential-auth";
import { environmentKind } from "../kinds/environment";
import { memoryKind } from "../kinds/memory";
import { memoryStoreKind } from "../kinds/memory-store";
import { skillKind } from "../kinds/skill";
import { vaultKind } from "../kinds/vault";
import { vaultCredentialKind } from "../kinds/vault-credential";
import { camelSchema } from "./camel";
import { fleetEntry, fleetKind, wireField } from "./derive";
import { AGENT_ENTRY, FleetAgent } from "./schema-agent";
import { DEPLOYMENT_ENTRY, FILE_ENTRY, FleetDeployment, FleetFile } from "./schema-deployment";
import { adoptId, contentFile, deletionPolicy, Entries, ResourceOptions, secretOrRef } from "./schema-parts";

/**
 * Credential fields the API never returns (CONTRACT.md "Vaults", W): the fleet wants them secret. Their names,
 * from the VaultCredential kind's secret paths inside `auth`.
 */
export const SECRET_FIELDS: readonly string[] = [...new Set(SECRET_AUTH_PATHS.map((path) => path[path.length - 1]!))];

const ENVIRONMENT = fleetKind(environmentKind, environment.EnvironmentCreateParams);
export const ENVIRONMENT_ENTRY = fleetEntry(
  ENVIRONMENT,
  {
    name: wireField(ENVIRONMENT, "name").optional().meta({ description: "Environment name; defaults to the key." }),
    deletionPolicy: deletionPolicy('"delete" (default; archives instead while sessions use it) or "archive".'),
    adoptId: adoptId("env", "environment"),
    options: ResourceOptions.optional(),
  },
  {
    describe: {
      config: "{ type: cloud, networking?, packages?, setupScript? } or { type: self_hosted }; default cloud, limited networking.",
    },
  },
);
export const FleetEnvironment = z.strictObject(ENVIRONMENT_ENTRY.shape).meta({ description: "A container environment sessions run in." });

export const FleetMcpServer = z
  .strictObject({
    url: agent.McpServer.shape.url,
    name: agent.McpServer.shape.name.optional().meta({ description: "The name agents see; defaults to the key." }),
  })
  .meta({ description: "An MCP server agents can name in their mcpServers." });

const SKILL = fleetKind(skillKind, skill.SkillCreateParams);
export const SKILL_ENTRY = fleetEntry(SKILL, {
  directory: z.string().min(1).meta({ description: "A directory with SKILL.md at its top, relative to the file that declares the fleet." }),
  allowOutsideProject: z
    .boolean()
    .optional()
    .meta({ description: "Lets directory lie outside the project (the directory of Pulumi.yaml); off by default." }),
  adoptId: adoptId("skill", "skill"),
  options: ResourceOptions.optional(),
});
export const FleetSkill = z
  .strictObject(SKILL_ENTRY.shape)
  .meta({ description: "A custom skill uploaded from a directory; new content becomes a new version." });

const CREDENTIAL = fleetKind(vaultCredentialKind, vault.VaultCredentialCreateParams);
export const CREDENTIAL_ENTRY = fleetEntry(CREDENTIAL, {
  // The secret fields may be `{ secret: <config key> }` references (fleet/secrets.ts resolves them).
  auth: camelSchema(vault.CredentialAuth, {
    replace: Object.fromEntries(SECRET_FIELDS.map((name) => [name, secretOrRef])),
  }),
  deletionPolicy: deletionPolicy('"delete" (default) or "archive".'),
  adoptId: adoptId("vcred", "credential"),
  options: ResourceOptions.optional(),
});
export const FleetCredential = z
  .strictObject(CREDENTIAL_ENTRY.shape)
  .meta({ description: "A credential in the vault; its secret fields become Pulumi secrets." });

const VAULT = fleetKind(vaultKind, vault.VaultCreateParams);
export const VAULT_ENTRY = fleetEntry(VAULT, {
  displayName: wireField(VAULT, "displayName").optional().meta({ description: "1–255 characters; defaults to the key." }),
  deletionPolicy: deletionPolicy('"delete" (default: with its credentials) or "archive".'),
  adoptId: adoptId("vault", "vault"),
  credentials: Entries(FleetCredential, "Credentials by key."),
  options: ResourceOptions.optional(),
});
export const FleetVault = z
  .strictObject(VAULT_ENTRY.shape)
  .meta({ description: "A vault of credentials sessions can use. displayName and metadata changes replace it." });

/**
 * A memory path names its Memory resource and keys the stack output, so it must be safe to show (no control
 * characters, no traversal in any encoding) and have one spelling: `a/./b.md` and `a//b.md` become `a/b.md`.
 */
const FleetMemoryPath = memory.MemoryPath.superRefine((path, context) => {
  const problem = memory.unsafeMemoryPath(path);
  if (problem) context.addIssue({ code: "custom", message: problem, input: path });
}).transform(memory.normalizeMemoryPath);

const MEMORY = fleetKind(memoryKind, memory.MemoryCreateParams, { stated: { content: ["content", "contentFile"] } });
export const MEMORY_ENTRY = fleetEntry(MEMORY, {
  path: FleetMemoryPath,
  content: memory.MemoryContent.optional(),
  contentFile: contentFile("The document text read from this file instead (UTF-8, non-empty, ≤100 KB)"),
  adoptId: adoptId("mem", "memory"),
  options: ResourceOptions.optional(),
});
export const FleetMemory = z
  .strictObject(MEMORY_ENTRY.shape)
  // Exactly one of content and contentFile (fleet/content-files.ts reports it in words).
  .meta({ description: "A seed document; its path is its stable key.", oneOf: [{ required: ["content"] }, { required: ["contentFile"] }] });

const MEMORY_STORE = fleetKind(memoryStoreKind, memory.MemoryStoreCreateParams);
export const MEMORY_STORE_ENTRY = fleetEntry(MEMORY_STORE, {
  name: wireField(MEMORY_STORE, "name").optional().meta({ description: "Store name; defaults to the key." }),
  deletionPolicy: deletionPolicy('"archive" (default: keeps what agents wrote) or "delete".'),
  adoptId: adoptId("memstore", "memory store"),
  memories: z.array(FleetMemory).optional().meta({ description: "Seed documents the store starts with." }),
  options: ResourceOptions.optional(),
});
export const FleetMemoryStore = z.strictObject(MEMORY_STORE_ENTRY.shape).meta({ description: "A memory store sessions can attach." });

export const FleetDocument = z
  .strictObject({
    environments: Entries(FleetEnvironment, "Environments by key."),
    mcpServers: Entries(FleetMcpServer, "MCP servers by key, for agents' mcpServers."),
    skills: Entries(FleetSkill, "Skills by key, each uploaded from a directory."),
    vaults: Entries(FleetVault, "Vaults by key, with their credentials."),
    memoryStores: Entries(FleetMemoryStore, "Memory stores by key, with seed memories."),
    files: Entries(FleetFile, "Files by key, each uploaded from a file of the repository for deployments and sessions to mount."),
    agents: Entries(FleetAgent, "Agents by key."),
    deployments: Entries(FleetDeployment, "Deployments by key: agents run on a schedule or by hand."),
  })
  .meta({
    title: "Qoder fleet",
    description: "A Qoder Cloud Agents fleet: what `pulumi up` makes the account hold.",
  });
export type FleetDocument = z.infer<typeof FleetDocument>;

/** Each kind's entry, by the kind's type: what the fleet declares of it, derived from its descriptor. */
export const FLEET_ENTRIES = {
  Environment: ENVIRONMENT_ENTRY,
  Skill: SKILL_ENTRY,
  Vault: VAULT_ENTRY,
  VaultCredential: CREDENTIAL_ENTRY,
  MemoryStore: MEMORY_STORE_ENTRY,
  Memory: MEMORY_ENTRY,
  Agent: AGENT_ENTRY,
  File: FILE_ENTRY,
  Deployment: DEPLOYMENT_ENTRY,
} as const;
export type FleetEnvironment = z.infer<typeof FleetEnvironment>;
export type FleetSkill = z.infer<typeof FleetSkill>;
export type FleetVault = z.infer<typeof FleetVault>;
export type FleetCredential = z.infer<typeof FleetCredential>;
export type FleetMemoryStore = z.infer<typeof FleetMemoryStore>;
export type FleetMemory = z.infer<typeof FleetMemory>;
export type FleetMcpServer = z.infer<typeof FleetMcpServer>;
export { FleetAgent, FleetDeployment, FleetFile };
