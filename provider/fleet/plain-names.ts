// Values that cannot be secret, because Pulumi keeps them in plain text whatever the fleet does: a memory's
// path (it names the Memory resource and keys the memoryStores output) and a reference to another entry by
// its key (resource names and dependencies). A `secure:` value there would be printed by `up` and stored in
// state as written, so it is an error that says why and what to do instead. No value is ever quoted.
import type { FleetProblem, Path } from "./problems";

type Matcher = (path: Path) => boolean;

const MEMORY_PATH_MESSAGE =
  "a memory path names its resource and is stored in plain text; it cannot be a secret: write it in plain text, or keep the secret in the content";

const REFERENCE_MESSAGE =
  "names another entry by its key, and Pulumi keeps resource names and dependencies in plain text; it cannot be a secret: write the key in plain text";

const isIndex = (segment: unknown): boolean => typeof segment === "number";

/** `agents.<key>.<list>[i]`, or `agents.<key>.<list>[i].<field>` when the item is a map. */
const agentList =
  (list: string, field?: string): Matcher =>
  (path) =>
    path[0] === "agents" &&
    path[2] === list &&
    isIndex(path[3]) &&
    (path.length === 4 || (field !== undefined && path.length === 5 && path[4] === field));

/** `<section>.<key>.resources[i].<field>`: a resource item naming a file or a memory store. */
const resourceReference =
  (section: string): Matcher =>
  (path) =>
    path[0] === section && path[2] === "resources" && isIndex(path[3]) && path.length === 5 && (path[4] === "file" || path[4] === "memoryStore");

const REFERENCES: Matcher[] = [
  (path) => path[0] === "agents" && path[2] === "environment" && path.length === 3,
  agentList("skills", "skill"),
  agentList("mcpServers", "server"),
  agentList("vaults"),
  agentList("memoryStores", "store"),
  (path) =>
    path[0] === "agents" &&
    path[2] === "multiagent" &&
    path[3] === "agents" &&
    isIndex(path[4]) &&
    (path.length === 5 || (path.length === 6 && path[5] === "agent")),
  resourceReference("agents"),
  (path) => path[0] === "deployments" && path.length === 3 && (path[2] === "environment" || path[2] === "agent"),
  (path) => path[0] === "deployments" && path[2] === "agent" && path[3] === "agent" && path.length === 4,
  (path) => path[0] === "deployments" && path[2] === "vaults" && isIndex(path[3]) && path.length === 4,
  resourceReference("deployments"),
];

const isMemoryPath: Matcher = (path) =>
  path.length === 5 && path[0] === "memoryStores" && path[2] === "memories" && isIndex(path[3]) && path[4] === "path";

/**
 * One problem per `secure:` value (paths relative to the fleet) where a secret cannot stay secret. A roster's
 * `self` is a word, not a key: the builder keeps it secret like any other value.
 */
export function unsecretableProblems(valueAt: (path: Path) => unknown, securePaths: readonly Path[]): FleetProblem[] {
  return securePaths.flatMap((path): FleetProblem[] => {
    if (isMemoryPath(path)) return [{ path, message: MEMORY_PATH_MESSAGE }];
    if (REFERENCES.some((matches) => matches(path)) && valueAt(path) !== "self") return [{ path, message: REFERENCE_MESSAGE }];
    return [];
  });
}
