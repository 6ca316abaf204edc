// Turns an account read by account.ts into a draft fleet document: keys for every object, references by key,
// skill and file contents to write, the secrets the user must set, and a warning for each thing left out or
// recreated.
import * as path from "node:path";
import type { Agent, Deployment, QoderClient, SkillFile } from "../client";
import type {
  FleetAgent,
  FleetDeployment,
  FleetDocument,
  FleetEnvironment,
  FleetFile,
  FleetMcpServer,
  FleetMemoryStore,
  FleetSkill,
  FleetVault,
} from "../fleet/schema";
import { readMemories, type Account, type AccountMemoryStore } from "./account";
import { agentEntry, type AgentContext } from "./agents";
import { credentialEntry, credentialName, type SecretToSet } from "./credentials";
import { deploymentEntry, nameBeforeArchive, type DeploymentContext } from "./deployments";
import { environmentEntry, memoryEntry, memoryStoreEntry, vaultEntry } from "./entries";
import { fileEntry, LocalNames, unmanagedFileNote, uploadProblem } from "./files";
import { KeyAllocator } from "./keys";
import { skillZipFiles } from "../client/skill-content";
import { skillEntry } from "./skills";

export interface Draft {
  document: FleetDocument;
  /** Files of each skill entry, by key, to unpack into `skills/<key>/`. */
  skillFiles: Map<string, SkillFile[]>;
  /** The content of each `files` entry, by key, to write at its `path`. */
  fileContents: Map<string, Uint8Array>;
  secrets: SecretToSet[];
  warnings: string[];
}

/** Where skill entries point, relative to fleet.yaml. */
export const skillDirectoryOf = (key: string): string => `skills/${key}`;

/** Where file entries point, relative to fleet.yaml: `files/<name>`, by the API's filename. */
const FILES_DIRECTORY = "files";

type Section<T> = Record<string, T>;

const subject = (kind: string, key: string, id: string) => `${kind} "${key}" (${id})`;

function archivedNote(kind: string, key: string, id: string): string {
  return (
    `${subject(kind, key, id)} is archived, and adoption refuses archived objects: it is written without adoptId, ` +
    `so \`pulumi up\` creates a new ${kind} from it (delete the entry to leave it out)`
  );
}

/** Keys in the order objects were created, written out sorted, so the file is the same on every run. */
function sorted<T>(section: Section<T>): Section<T> | undefined {
  const keys = Object.keys(section).sort();
  return keys.length === 0 ? undefined : Object.fromEntries(keys.map((key) => [key, section[key] as T]));
}

class DraftBuilder {
  readonly warnings: string[] = [];
  readonly secrets: SecretToSet[] = [];
  readonly skillFiles = new Map<string, SkillFile[]>();
  readonly environments: Section<FleetEnvironment> = {};
  readonly skills: Section<FleetSkill> = {};
  readonly vaults: Section<FleetVault> = {};
  readonly memoryStores: Section<FleetMemoryStore> = {};
  readonly mcpServers: Section<FleetMcpServer> = {};
  readonly agents: Section<FleetAgent> = {};
  readonly files: Section<FleetFile> = {};
  readonly deployments: Section<FleetDeployment> = {};
  readonly fileContents = new Map<string, Uint8Array>();
  private readonly environmentKeys = new Map<string, string>();
  private readonly vaultKeys = new Map<string, string>();
  private readonly storeKeys = new Map<string, string>();
  private readonly fileKeys = new Map<string, string>();
  private readonly skillKeys = new Map<string, { key: string; latestVersion: string }>();
  private readonly agentKeys = new Map<string, { key: string; version: number; coordinator: boolean; adopted: boolean }>();
  private readonly serverKeys = new Map<string, string>();
  private readonly servers = new KeyAllocator();
  // Unqualified keys of the project namespace that the fleet itself uses (load.ts) stay free.
  private readonly secretKeys = new KeyAllocator(["fleet", "fleetfile"]);

  constructor(private readonly account: Account) {}

  addEnvironments(): void {
    const keys = new KeyAllocator();
    for (const environment of this.account.environments) {
      const key = keys.allocate(environment.name, "environment");
      const { entry, unknown } = environmentEntry(environment);
      if (unknown.length > 0)
        this.warn(subject("environment", key, environment.id), `config fields the fleet cannot declare are left out: ${unknown.join(", ")}`);
      if (environment.archivedAt) this.warnings.push(archivedNote("environment", key, environment.id));
      this.environments[key] = entry;
      this.environmentKeys.set(environment.id, key);
    }
  }

  addSkills(): void {
    const keys = new KeyAllocator();
    for (const account of this.account.skills) {
      const key = keys.allocate(account.version.name || account.skill.displayTitle, "skill");
      const files = skillZipFiles(account.zip);
      if ("problem" in files) {
        this.warn(subject("skill", key, account.skill.id), `left out: ${files.problem}`);
        continue;
      }
      this.skillFiles.set(key, files.files);
      this.skills[key] = skillEntry(account, skillDirectoryOf(key));
      this.skillKeys.set(account.skill.id, { key, latestVersion: account.skill.latestVersion });
    }
  }

  addVaults(): void {
    const keys = new KeyAllocator();
    for (const { vault, credentials } of this.account.vaults) {
      const key = keys.allocate(vault.displayName, "vault");
      if (vault.archivedAt) this.warnings.push(archivedNote("vault", key, vault.id));
      const entries: NonNullable<FleetVault["credentials"]> = {};
      const credentialKeys = new KeyAllocator();
      for (const credential of credentials) {
        const name = credentialKeys.allocate(credentialName(credential), "credential");
        const built = credentialEntry(credential, {
          vault: key,
          credential: name,
          secretKeys: this.secretKeys,
          vaultRecreated: Boolean(vault.archivedAt),
        });
        if ("problem" in built) {
          this.warn(subject("credential", `${key}/${name}`, credential.id), `left out: ${built.problem}`);
          continue;
        }
        if (credential.archivedAt && !vault.archivedAt) this.warnings.push(archivedNote("credential", `${key}/${name}`, credential.id));
        entries[name] = built.entry;
        this.secrets.push(...built.secrets);
      }
      this.vaults[key] = { ...vaultEntry(vault), ...(Object.keys(entries).length > 0 ? { credentials: sorted(entries) } : {}) };
      this.vaultKeys.set(vault.id, key);
    }
  }

  async addMemoryStores(client: QoderClient): Promise<void> {
    const keys = new KeyAllocator();
    for (const account of this.account.memoryStores) {
      const key = keys.allocate(account.store.name, "memory-store");
      const entry = memoryStoreEntry(account.store);
      if (account.store.archivedAt) this.warnings.push(archivedNote("memory store", key, account.store.id));
      this.memoryStores[key] = { ...entry, ...(await this.memoriesOf(client, entry, account)) };
      this.storeKeys.set(account.store.id, key);
    }
  }

  /** A store's memories, adopted with it (or created anew with a store that is). */
  private async memoriesOf(client: QoderClient, entry: FleetMemoryStore, account: AccountMemoryStore) {
    if (account.memories.length === 0) return {};
    const memories = await readMemories(client, account);
    return { memories: memories.map((memory) => memoryEntry(memory, Boolean(entry.adoptId))) };
  }

  addAgents(): void {
    const keys = new KeyAllocator(["self"]);
    const ordered: [string, Agent][] = this.account.agents.map((agent) => [keys.allocate(agent.name, "agent"), agent]);
    for (const [key, agent] of ordered) {
      this.agentKeys.set(agent.id, { key, version: agent.version, coordinator: Boolean(agent.multiagent), adopted: !agent.archivedAt });
    }
    const context: AgentContext = {
      skill: (id) => this.skillKeys.get(id),
      agent: (id) => this.agentKeys.get(id),
      mcpServer: (server) => this.mcpServerKey(server),
    };
    for (const [key, agent] of ordered) {
      const { entry, notes } = agentEntry(agent, context);
      for (const note of notes) this.warn(subject("agent", key, agent.id), note);
      if (agent.archivedAt) this.warnings.push(archivedNote("agent", key, agent.id));
      this.agents[key] = entry;
    }
  }

  /**
   * A `files` entry for each file whose content the API gave back, written under `files/`; any other file
   * has none (the fleet would refuse its missing path), and deployments mount it by id.
   */
  addFiles(): void {
    const keys = new KeyAllocator();
    const names = new LocalNames();
    for (const account of this.account.files) {
      const { file } = account;
      const problem = account.content ? uploadProblem(file) : undefined;
      if (!account.content || problem) {
        this.warnings.push(unmanagedFileNote(problem ? { ...account, unreadable: problem } : account));
        continue;
      }
      const key = keys.allocate(path.parse(file.filename).name, "file");
      const localName = names.allocate(file.filename);
      this.files[key] = fileEntry(file, `${FILES_DIRECTORY}/${localName}`, localName);
      this.fileContents.set(key, account.content);
      this.fileKeys.set(file.id, key);
      if (file.expiresAt)
        this.warn(
          subject("file", key, file.id),
          `it expires at ${file.expiresAt}, which the fleet cannot declare; the next pulumi up after that uploads it again`,
        );
    }
  }

  /**
   * Live deployments are adopted. An archived one (listed with includeArchived) has lost its name to the
   * archive (`<name>_archived_<seconds>`): it is written anew under the name it had, paused, unless a live
   * deployment holds that name now (names are unique among live deployments) or a later archived one claims it.
   */
  addDeployments(): void {
    const keys = new KeyAllocator();
    const claims = this.archivedNameClaims();
    const context: DeploymentContext = {
      agent: (id) => this.agentKeys.get(id),
      environment: (id) => this.environmentKeys.get(id),
      vault: (id) => this.vaultKeys.get(id),
      memoryStore: (id) => this.storeKeys.get(id),
      file: (id) => this.fileKeys.get(id),
      secretKey: (name) => this.secretKeys.allocate(name, "repository-token"),
    };
    for (const deployment of this.account.deployments) {
      const archived = Boolean(deployment.archivedAt);
      const name = archived ? nameBeforeArchive(deployment.name) : deployment.name;
      if (archived && claims.get(name) !== deployment.id) {
        const claim = claims.get(name);
        const why = claim ? `the later archived deployment ${claim} is written under that name instead` : "a live deployment holds that name now";
        this.warnings.push(`deployment "${name}" (${deployment.id}) is archived and left out: ${why}`);
        continue;
      }
      const key = keys.allocate(name, "deployment");
      const built = deploymentEntry(deployment, key, context);
      if ("problem" in built) {
        this.warn(subject("deployment", key, deployment.id), `left out: ${built.problem}`);
        continue;
      }
      for (const note of built.notes) this.warn(subject("deployment", key, deployment.id), note);
      if (archived) {
        this.warnings.push(
          `${subject("deployment", key, deployment.id)} is archived, and adoption refuses archived objects: it is written without adoptId, ` +
            `under the name it had before (${name}) and paused, so \`pulumi up\` creates a new deployment that starts no run until you ` +
            "set paused: false (delete the entry to leave it out)",
        );
      }
      this.deployments[key] = built.entry;
      this.secrets.push(...built.secrets);
    }
  }

  /** Per name an archived deployment had, the id of the one to write anew: none when a live one has the name, else the newest. */
  private archivedNameClaims(): Map<string, string> {
    const live = new Set(this.account.deployments.filter((deployment) => !deployment.archivedAt).map((deployment) => deployment.name));
    const newestFirst = (a: Deployment, b: Deployment) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    const claims = new Map<string, string>();
    for (const deployment of this.account.deployments.filter((one) => one.archivedAt).sort(newestFirst)) {
      const name = nameBeforeArchive(deployment.name);
      if (!live.has(name) && !claims.has(name)) claims.set(name, deployment.id);
    }
    return claims;
  }

  /** One `mcpServers` entry per name and URL: agents that share a server share its entry. */
  private mcpServerKey(server: { name: string; url: string }): string {
    const identity = JSON.stringify([server.name, server.url]);
    const known = this.serverKeys.get(identity);
    if (known) return known;
    const key = this.servers.allocate(server.name, "mcp-server");
    this.serverKeys.set(identity, key);
    this.mcpServers[key] = { url: server.url, name: server.name };
    return key;
  }

  private warn(who: string, note: string): void {
    this.warnings.push(`${who}: ${note}`);
  }

  draft(): Draft {
    const document: FleetDocument = {
      environments: sorted(this.environments),
      mcpServers: sorted(this.mcpServers),
      skills: sorted(this.skills),
      vaults: sorted(this.vaults),
      memoryStores: sorted(this.memoryStores),
      files: sorted(this.files),
      agents: sorted(this.agents),
      deployments: sorted(this.deployments),
    };
    const present = Object.fromEntries(Object.entries(document).filter(([, section]) => section !== undefined)) as FleetDocument;
    return { document: present, skillFiles: this.skillFiles, fileContents: this.fileContents, secrets: this.secrets, warnings: this.warnings };
  }
}

/** The draft of an account; `client` reads memory contents where they are written out. */
export async function draftDocument(account: Account, client: QoderClient): Promise<Draft> {
  const builder = new DraftBuilder(account);
  builder.addEnvironments();
  builder.addSkills();
  builder.addVaults();
  await builder.addMemoryStores(client);
  builder.addFiles();
  builder.addAgents();
  builder.addDeployments();
  const draft = builder.draft();
  for (const [id, owner] of account.owners) {
    draft.warnings.push(
      `${id} is managed by a pulumi-qoder stack (${owner}): adopting it makes two stacks manage one object; remove it from one of them`,
    );
  }
  return draft;
}
