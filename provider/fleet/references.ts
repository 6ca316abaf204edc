// References between entries of the fleet document, checked on the document as written (so they are reported
// together with schema problems): unknown keys with "did you mean", duplicates, roster rules, unique paths,
// what a deployment or a session preset mounts and where.
import { CLOUD_ONLY_RESOURCES } from "../api/deployment";
import { normalizeMemoryPath } from "../api/memory-store";
import { isRecord } from "../api/records";
import type { FleetProblem, Path } from "./problems";
import type { SecretPaths } from "./secrets";
import { didYouMean } from "./suggest";

type Loose = Record<string, unknown>;

const entries = (value: unknown): [string, Loose][] =>
  isRecord(value) ? Object.entries(value).filter((entry): entry is [string, Loose] => isRecord(entry[1])) : [];
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** One kind of entry a reference may name. */
interface Target {
  kind: string;
  section: string;
  keys: string[];
}

interface Context {
  secrets: SecretPaths;
  problems: FleetProblem[];
}

/** `value` is a key or `{ [field]: key }`: the key and where it sits, or undefined when it is neither. */
function referenceIn(value: unknown, path: Path, field?: string): { key: string; path: Path } | undefined {
  if (typeof value === "string") return { key: value, path };
  if (field && isRecord(value) && typeof value[field] === "string") return { key: value[field], path: [...path, field] };
  return undefined;
}

function checkReference(target: Target, key: string, path: Path, context: Context): void {
  if (target.keys.includes(key)) return;
  const secret = context.secrets.has(path);
  // A `secure:` reference is refused as such (plain-names.ts); whether the key exists is beside the point.
  if (secret) return;
  const named = secret ? `an unknown ${target.kind}` : `unknown ${target.kind} "${key}"`;
  if (target.keys.length === 0) {
    context.problems.push({ path, message: `${named}: the document declares no ${target.section}` });
    return;
  }
  const hint = secret ? "" : didYouMean(key, target.keys);
  const message = hint ? `${named}${hint}` : `${named}; declared ${target.section}: ${target.keys.join(", ")}`;
  context.problems.push({ path, message });
}

/**
 * Checks a list of references: each must exist and, with `once`, appear once. (Repeated MCP servers and
 * roster members are the API's own rules, which fleet/rules.ts applies with the wire schema's words.)
 */
function checkList(items: unknown, path: Path, target: Target, context: Context, options: { field?: string; once: boolean }): void {
  const seen = new Map<string, number>();
  list(items).forEach((item, index) => {
    const reference = referenceIn(item, [...path, index], options.field);
    if (!reference) return;
    if (reference.key !== "self" || target.kind !== "agent") checkReference(target, reference.key, reference.path, context);
    const first = seen.get(reference.key);
    if (!options.once) return;
    if (first !== undefined) {
      context.problems.push({ path: reference.path, message: `repeats item [${first}]; list each ${target.kind} once` });
    } else seen.set(reference.key, index);
  });
}

function targets(document: Loose): Record<string, Target> {
  const keysOf = (section: string): string[] => entries(document[section]).map(([key]) => key);
  return {
    environment: { kind: "environment", section: "environments", keys: keysOf("environments") },
    skill: { kind: "skill", section: "skills", keys: keysOf("skills") },
    mcpServer: { kind: "MCP server", section: "mcpServers", keys: keysOf("mcpServers") },
    vault: { kind: "vault", section: "vaults", keys: keysOf("vaults") },
    memoryStore: { kind: "memory store", section: "memoryStores", keys: keysOf("memoryStores") },
    agent: { kind: "agent", section: "agents", keys: keysOf("agents") },
    file: { kind: "file", section: "files", keys: keysOf("files") },
  };
}

const isCoordinator = (agent: Loose): boolean => isRecord(agent.multiagent) && Array.isArray(agent.multiagent.agents);

function checkRoster(key: string, agent: Loose, agents: Map<string, Loose>, target: Target, context: Context): void {
  if (!isRecord(agent.multiagent)) return;
  const path: Path = ["agents", key, "multiagent", "agents"];
  checkList(agent.multiagent.agents, path, target, context, { field: "agent", once: false });
  list(agent.multiagent.agents).forEach((item, index) => {
    const reference = referenceIn(item, [...path, index], "agent");
    if (!reference) return;
    const member = agents.get(reference.key);
    if (reference.key === key) {
      context.problems.push({ path: reference.path, message: "names the coordinator itself; write self instead" });
    } else if (member && isCoordinator(member)) {
      context.problems.push({
        path: reference.path,
        message: `"${reference.key}" is a coordinator itself, and a roster member may not coordinate agents of its own`,
      });
    }
  });
}

function checkAgents(document: Loose, context: Context): void {
  const all = targets(document);
  const agents = new Map(entries(document.agents));
  for (const [key, agent] of agents) {
    const path: Path = ["agents", key];
    if (key === "self")
      context.problems.push({ path, at: "key", message: '"self" is reserved for the coordinator in multiagent rosters; choose another key' });
    if (typeof agent.environment === "string") checkReference(all.environment as Target, agent.environment, [...path, "environment"], context);
    checkList(agent.skills, [...path, "skills"], all.skill as Target, context, { field: "skill", once: true });
    checkList(agent.mcpServers, [...path, "mcpServers"], all.mcpServer as Target, context, { field: "server", once: false });
    checkList(agent.vaults, [...path, "vaults"], all.vault as Target, context, { once: true });
    checkList(agent.memoryStores, [...path, "memoryStores"], all.memoryStore as Target, context, { field: "store", once: true });
    checkRoster(key, agent, agents, all.agent as Target, context);
    checkResources(agent.resources, [...path, "resources"], resourceEnvironment(document, agent.environment), all, context);
  }
}

/** The fields of a resource item that name another entry by key (a file, a memory store). */
const RESOURCE_REFERENCES = ["file", "memoryStore"] as const;

/** Each form of a resource item: the property that tells it, the API's resource type, and how messages name it. */
const RESOURCE_FORMS = [
  { field: "file", type: "file", named: "a file" },
  { field: "fileId", type: "file", named: "a file" },
  { field: "memoryStore", type: "memory_store", named: "a memory store" },
  { field: "githubRepository", type: "github_repository", named: "a GitHub repository" },
] as const;

/** The environment a deployment's or a preset's sessions use, as written: the one named, else the only one. */
function resourceEnvironment(document: Loose, named: unknown): { key: string; selfHosted: boolean } | undefined {
  const environments = entries(document.environments);
  const key = typeof named === "string" ? named : environments.length === 1 ? environments[0]?.[0] : undefined;
  const environment = environments.find(([name]) => name === key)?.[1];
  if (key === undefined || !environment) return undefined;
  return { key, selfHosted: isRecord(environment.config) && environment.config.type === "self_hosted" };
}

/**
 * The files and memory stores a resource list names exist, and what it mounts can be mounted where its
 * sessions run: a self-hosted environment mounts memory stores only (§2.4), so a file or a repository there
 * would fail every run with self_hosted_resources_unsupported_error.
 */
function checkResources(
  items: unknown,
  path: Path,
  environment: { key: string; selfHosted: boolean } | undefined,
  all: Record<string, Target>,
  context: Context,
): void {
  list(items).forEach((item, index) => {
    if (!isRecord(item)) return;
    for (const field of RESOURCE_REFERENCES) {
      if (typeof item[field] === "string") checkReference(all[field] as Target, item[field] as string, [...path, index, field], context);
    }
    // What a self-hosted environment cannot mount is the API's list (api/deployment.ts, §2.4).
    const form = RESOURCE_FORMS.find(({ field }) => item[field] !== undefined);
    if (form === undefined || !environment?.selfHosted || !CLOUD_ONLY_RESOURCES.includes(form.type)) return;
    context.problems.push({
      path: [...path, index, form.field],
      at: "key",
      message:
        `${form.named} needs a cloud environment, and "${environment.key}" is self-hosted: a self-hosted environment mounts ` +
        "memory stores only, so every session would fail with self_hosted_resources_unsupported_error",
    });
  });
}

function checkDeployments(document: Loose, context: Context): void {
  const all = targets(document);
  const environments = all.environment as Target;
  for (const [key, deployment] of entries(document.deployments)) {
    const path: Path = ["deployments", key];
    const agent = referenceIn(deployment.agent, [...path, "agent"], "agent");
    if (agent) checkReference(all.agent as Target, agent.key, agent.path, context);
    if (typeof deployment.environment === "string") checkReference(environments, deployment.environment, [...path, "environment"], context);
    else if (deployment.environment === undefined && environments.keys.length !== 1) {
      const which = environments.keys.length === 0 ? "the document declares no environments" : `name one of ${environments.keys.join(", ")}`;
      context.problems.push({ path: [...path, "environment"], message: `is required: the environment its runs use; ${which}` });
    }
    checkList(deployment.vaults, [...path, "vaults"], all.vault as Target, context, { once: true });
    checkResources(deployment.resources, [...path, "resources"], resourceEnvironment(document, deployment.environment), all, context);
    if (deployment.prompt !== undefined && deployment.initialEvents !== undefined) {
      context.problems.push({ path: [...path, "prompt"], at: "key", message: "write either prompt or initialEvents, not both" });
    } else if (deployment.prompt === undefined && deployment.initialEvents === undefined) {
      context.problems.push({
        path: [...path, "initialEvents"],
        message: "is required: the events each run starts with, or prompt: <text> for a run that starts with one user message",
      });
    }
  }
}

/**
 * Memory paths are unique among a store's live memories (CONTRACT.md "Memory stores"), compared in the one
 * spelling the fleet declares them in (`a/./b.md` is `a/b.md`). Both places are named: either may be the typo.
 */
function checkMemoryPaths(document: Loose, context: Context): void {
  for (const [key, store] of entries(document.memoryStores)) {
    const seen = new Map<string, number>();
    const pathOf = (index: number): Path => ["memoryStores", key, "memories", index, "path"];
    list(store.memories).forEach((memory, index) => {
      if (!isRecord(memory) || typeof memory.path !== "string") return;
      const normal = normalizeMemoryPath(memory.path);
      const first = seen.get(normal);
      if (first === undefined) {
        seen.set(normal, index);
        return;
      }
      const written = (list(store.memories)[first] as Loose).path;
      const shown = context.secrets.has(pathOf(index)) || context.secrets.has(pathOf(first)) ? "" : ` ("${normal}")`;
      const same = written === memory.path ? "" : ` once empty and "." segments are dropped${shown}`;
      context.problems.push({ path: pathOf(index), message: `repeats the path of memories[${first}]${same}; paths are unique in a store` });
      context.problems.push({ path: pathOf(first), message: `memories[${index}] has the same path${same}; paths are unique in a store` });
    });
  }
}

/** The API keeps one active credential per MCP server in a vault (CONTRACT.md "Vaults": refused with 409). */
function checkCredentialUrls(document: Loose, context: Context): void {
  for (const [vaultKey, vault] of entries(document.vaults)) {
    const seen = new Map<string, string>();
    for (const [key, credential] of entries(vault.credentials)) {
      const url = isRecord(credential.auth) ? credential.auth.mcpServerUrl : undefined;
      if (typeof url !== "string") continue;
      const first = seen.get(url);
      const path: Path = ["vaults", vaultKey, "credentials", key, "auth", "mcpServerUrl"];
      if (first !== undefined)
        context.problems.push({ path, message: `is also the URL of credential "${first}"; a vault holds one credential per MCP server` });
      else seen.set(url, key);
    }
  }
}

export function referenceProblems(document: unknown, secrets: SecretPaths): FleetProblem[] {
  const context: Context = { secrets, problems: [] };
  if (!isRecord(document)) return [];
  checkAgents(document, context);
  checkDeployments(document, context);
  checkMemoryPaths(document, context);
  checkCredentialUrls(document, context);
  return context.problems;
}
