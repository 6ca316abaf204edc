// The draft checked the way `pulumi up` will check it: the fleet's own validation (an entry it refuses is left
// out, so the file always loads), then the resources' own diff rules on each adopted entry, to say in advance
// which adoptions will also update the object. Local only: no API call.
import * as path from "node:path";
import { pick } from "../api/records";
import { agentKind } from "../kinds/agent";
import { deploymentKind } from "../kinds/deployment";
import { bodyFields, type AnyKind } from "../kinds/descriptor";
import { environmentKind } from "../kinds/environment";
import { memoryStoreKind } from "../kinds/memory-store";
import { changedFields, type Props } from "../lifecycle/rules";
import { agentDefinition, mcpServerOf } from "../fleet/agent-definition";
import { deploymentDefinition, environmentKeyOf, type DeploymentIds } from "../fleet/deployment-definition";
import { checkFile } from "../fleet/file-check";
import { formatPath, type FleetProblem, type Path } from "../fleet/problems";
import type { FleetDocument } from "../fleet/schema";
import { isPrefix, type ConfigSource } from "../fleet/secrets";
import { checkSkillDirectory } from "../fleet/skill-directory";
import { validateFleet } from "../fleet/validate";
import type { Account } from "./account";
import { adoptedInputs, variablesAsHeld } from "./deployments";
import type { Draft } from "./document";

/** Every `{ secret: key }` resolves: the values are not known here, and the fleet only needs them set. */
const SECRETS_SET: ConfigSource = { project: "qoder-adopt", get: () => "set-by-the-user", isSecret: () => true };

/** The entry a problem belongs to: a credential or memory inside its parent, else the top-level entry. */
function entryPath(problem: FleetProblem): Path {
  const at = problem.path;
  const nested = (at[0] === "vaults" && at[2] === "credentials") || (at[0] === "memoryStores" && at[2] === "memories");
  const entry = at.slice(0, nested ? 4 : 2);
  // A problem of the whole document is a fault of this command, not of one object: nothing to leave out.
  if (entry.length < 2) throw new Error(`qoder-adopt built a fleet document the fleet refuses: ${problem.message}`);
  return entry;
}

function removeAt(document: FleetDocument, at: Path): void {
  const parent = at.slice(0, -1).reduce<unknown>((value, segment) => (value as Record<string | number, unknown>)?.[segment], document);
  const last = at[at.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (parent && typeof parent === "object") delete (parent as Record<string, unknown>)[String(last)];
}

async function problemsOf(document: FleetDocument, outDir: string): Promise<FleetProblem[]> {
  const result = await validateFleet({
    data: document,
    form: "file",
    fleetKey: "qoder-adopt:fleet",
    config: SECRETS_SET,
    checkSkillDirectory: (directory, how) =>
      checkSkillDirectory({ absolute: path.resolve(outDir, directory), shown: directory, projectDir: outDir, ...how }),
    checkFile: (file, how) => checkFile({ absolute: path.resolve(outDir, file), shown: file, projectDir: outDir, ...how }),
  });
  return "problems" in result ? result.problems : [];
}

/**
 * Leaves out every entry the fleet refuses, until it refuses none (leaving out an entry can break a
 * reference to it, which the next round finds). `outDir` holds the unpacked skills and written files the check reads.
 */
export async function settle(draft: Draft, outDir: string): Promise<Draft> {
  const document = structuredClone(draft.document);
  const warnings = [...draft.warnings];
  let secrets = [...draft.secrets];
  for (let problems = await problemsOf(document, outDir); problems.length > 0; problems = await problemsOf(document, outDir)) {
    const dropped = new Map<string, { at: Path; messages: string[] }>();
    for (const problem of problems) {
      const at = entryPath(problem);
      const found = dropped.get(formatPath(at)) ?? { at, messages: [] };
      found.messages.push(`${formatPath(problem.path)}: ${problem.message}`);
      dropped.set(formatPath(at), found);
    }
    // Deepest first, and list items from the end, so removing one never shifts another.
    const order = [...dropped.values()].sort((a, b) => b.at.length - a.at.length || Number(b.at[b.at.length - 1]) - Number(a.at[a.at.length - 1]));
    for (const { at, messages } of order) {
      removeAt(document, at);
      warnings.push(`${formatPath(at)} is left out, since the fleet would refuse it: ${messages.join("; ")}`);
      secrets = secrets.filter((secret) => !isPrefix(at, secret.path));
    }
  }
  const skillFiles = new Map([...draft.skillFiles].filter(([key]) => document.skills?.[key] !== undefined));
  const fileContents = new Map([...draft.fileContents].filter(([key]) => document.files?.[key] !== undefined));
  return { document, skillFiles, fileContents, secrets, warnings };
}

/** The fields of a kind that `pulumi up` would change on the remote object to match the entry (its own diff rules). */
function changes(kind: object, remote: object, declared: object): string[] {
  const fields = bodyFields(kind);
  return changedFields((kind as AnyKind).fields, pick(remote as Props, fields), pick(declared as Props, fields));
}

/** Adopted entries whose object adoption will also update, and the fields it will change. */
export async function adoptionUpdates(document: FleetDocument, account: Account): Promise<string[]> {
  const out: string[] = [];
  const note = (kind: string, key: string, id: string, fields: string[]) => {
    if (fields.length > 0)
      out.push(
        `${kind} "${key}" (${id}): adopting it also updates ${fields.join(", ")}, which the fleet cannot state exactly as the account holds them`,
      );
  };
  const skillById = new Map(account.skills.map((skill) => [skill.skill.id, skill.skill]));
  const agentById = new Map(account.agents.map((agent) => [agent.id, agent]));
  const ids = {
    skill: (key: string) => {
      const id = document.skills?.[key]?.adoptId ?? `skill_new_${key}`;
      return { id, latestVersion: skillById.get(id)?.latestVersion ?? "new" };
    },
    agent: (key: string) => {
      const id = document.agents?.[key]?.adoptId ?? `agent_new_${key}`;
      return { id, version: agentById.get(id)?.version ?? 1 };
    },
    mcpServer: (key: string) => mcpServerOf(document, key),
  };
  for (const [key, entry] of Object.entries(document.agents ?? {})) {
    const remote = entry.adoptId ? agentById.get(entry.adoptId) : undefined;
    if (!remote) continue;
    note("agent", key, remote.id, changes(agentKind, remote, agentDefinition(key, entry, ids)));
  }
  for (const [key, entry] of Object.entries(document.environments ?? {})) {
    const remote = account.environments.find((environment) => environment.id === entry.adoptId);
    if (!remote) continue;
    note("environment", key, remote.id, changes(environmentKind, remote, entry));
  }
  for (const [key, entry] of Object.entries(document.memoryStores ?? {})) {
    const remote = account.memoryStores.find((store) => store.store.id === entry.adoptId)?.store;
    if (!remote) continue;
    note("memory store", key, remote.id, changes(memoryStoreKind, remote, entry));
  }
  // An entry that names an object written anew (no adoptId) moves the deployment to the new one: a change.
  const adopted = (section: keyof FleetDocument, kind: string) => (key: string) => {
    const entry = (document[section] as Record<string, { adoptId?: string }> | undefined)?.[key];
    return entry?.adoptId ?? `${kind}_new_${key}`;
  };
  const deploymentIds: DeploymentIds = {
    agent: (key) => ({ id: adopted("agents", "agent")(key), version: agentById.get(document.agents?.[key]?.adoptId ?? "")?.version ?? 1 }),
    environment: adopted("environments", "env"),
    vault: adopted("vaults", "vault"),
    memoryStore: adopted("memoryStores", "memstore"),
    file: adopted("files", "file"),
  };
  for (const [key, entry] of Object.entries(document.deployments ?? {})) {
    const remote = entry.adoptId ? account.deployments.find((deployment) => deployment.id === entry.adoptId) : undefined;
    const environment = environmentKeyOf(document, entry.environment);
    if (!remote || environment === undefined) continue;
    const defined = deploymentDefinition(key, entry, environment, deploymentIds);
    const declared = { ...defined, environmentVariables: variablesAsHeld(entry.environmentVariables, remote) };
    note("deployment", key, remote.id, changes(deploymentKind, adoptedInputs(remote, declared.resources as Props[] | undefined), declared));
  }
  return out;
}
