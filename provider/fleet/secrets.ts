// Secrets in the fleet document: which paths hold one (a `secure:` value of the stack file, a credential's
// write-only field, or a GitHub repository's token), `{ secret: <config key> }` references resolved from the
// stack config, and plain-text secrets refused. No value of a secret path is ever put into a message.
import { isRecord } from "../api/records";
import { formatPath, valueAt, type FleetProblem, type Path } from "./problems";
import { SECRET_FIELDS } from "./schema";

/** Stack configuration as the program sees it (Pulumi's runtime config, or a stand-in in tests). */
export interface ConfigSource {
  /** The Pulumi project name: the namespace of unqualified keys. */
  project: string;
  /** A value by full key (`qoder-fleet:fleet`); objects arrive as JSON text. */
  get(key: string): string | undefined;
  /** True when the stack file stores the key encrypted (`secure:`). */
  isSecret(key: string): boolean;
}

export type Form = "stack" | "file";

export function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

function isSecretRef(value: unknown): value is { secret: string } {
  return isRecord(value) && typeof value.secret === "string" && Object.keys(value).length === 1;
}

/** Paths of every credential secret field present in the document (`vaults.v.credentials.c.auth.token`, …). */
export function credentialSecretPaths(data: unknown): Path[] {
  const out: Path[] = [];
  const visit = (value: unknown, path: Path): void => {
    if (!isRecord(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_FIELDS.includes(key) && inner !== undefined) out.push([...path, key]);
      else visit(inner, [...path, key]);
    }
  };
  const vaults = isRecord(data) ? data.vaults : undefined;
  if (!isRecord(vaults)) return out;
  for (const [vaultKey, vault] of Object.entries(vaults)) {
    const credentials = isRecord(vault) ? vault.credentials : undefined;
    if (!isRecord(credentials)) continue;
    for (const [key, credential] of Object.entries(credentials)) {
      if (isRecord(credential)) visit(credential.auth, ["vaults", vaultKey, "credentials", key, "auth"]);
    }
  }
  return out;
}

/** The sections whose entries mount GitHub repositories, each with a `token`: deployments, and agents' presets. */
const RESOURCE_SECTIONS = ["deployments", "agents"] as const;

/** Paths of every resource token present in the document (`deployments.d.resources[0].token`, …). */
export function resourceTokenPaths(data: unknown): Path[] {
  const out: Path[] = [];
  for (const section of RESOURCE_SECTIONS) {
    const entries = isRecord(data) ? data[section] : undefined;
    if (!isRecord(entries)) continue;
    for (const [key, entry] of Object.entries(entries)) {
      const resources = isRecord(entry) ? entry.resources : undefined;
      if (!Array.isArray(resources)) continue;
      resources.forEach((resource: unknown, index) => {
        if (isRecord(resource) && resource.token !== undefined) out.push([section, key, "resources", index, "token"]);
      });
    }
  }
  return out;
}

/** True for the place of a resource token, whether or not the document sets it. */
export function isResourceTokenPath(path: Path): boolean {
  return (
    path.length === 5 &&
    RESOURCE_SECTIONS.includes(path[0] as (typeof RESOURCE_SECTIONS)[number]) &&
    path[2] === "resources" &&
    typeof path[3] === "number" &&
    path[4] === "token"
  );
}

/** Every secret field present in the document: credential secrets and resource tokens. */
export function secretFieldPaths(data: unknown): Path[] {
  return [...credentialSecretPaths(data), ...resourceTokenPaths(data)];
}

/**
 * Values that may be written in plain text or read from a secret of the stack config: a deployment's
 * environment variables written `{ secret: <config key> }` (a fleet file in git need not hold them).
 */
export function secretReferencePaths(data: unknown): Path[] {
  const out: Path[] = [];
  const deployments = isRecord(data) ? data.deployments : undefined;
  if (!isRecord(deployments)) return out;
  for (const [key, deployment] of Object.entries(deployments)) {
    const variables = isRecord(deployment) ? deployment.environmentVariables : undefined;
    if (!isRecord(variables)) continue;
    for (const [name, value] of Object.entries(variables)) if (isSecretRef(value)) out.push(["deployments", key, "environmentVariables", name]);
  }
  return out;
}

/** Every path whose value must be treated as secret: `secure:` values and credential secret fields. */
export class SecretPaths {
  constructor(private readonly paths: readonly Path[]) {}

  /** A value at or under a secret path is secret. */
  has(path: Path): boolean {
    return this.paths.some((secret) => isPrefix(secret, path)) || SECRET_FIELDS.includes(String(path[path.length - 1]));
  }
}

/** `githubToken` → `qoder-fleet:githubToken`; a qualified `other:key` stays as it is. */
export function fullConfigKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function shortKey(key: string, project: string): string {
  return key.startsWith(`${project}:`) ? key.slice(project.length + 1) : key;
}

interface Resolution {
  /** The document with every `{ secret: key }` replaced by the value it names. */
  data: unknown;
  problems: FleetProblem[];
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let current = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) current = current[segment] as Record<string | number, unknown>;
  current[path[path.length - 1] as string | number] = value;
}

/**
 * Resolves `{ secret: key }` references and refuses plain-text secrets: in a stack file a credential secret or
 * a repository token must be `secure:` (set with `pulumi config set --path --secret`), in a fleet file a
 * `{ secret: key }`.
 */
export function resolveSecrets(
  data: unknown,
  options: { form: Form; config: ConfigSource; securePaths: readonly Path[] | undefined; fleetKey: string },
): Resolution {
  const copy = structuredClone(data);
  const problems: FleetProblem[] = [];
  const optional = secretReferencePaths(data);
  for (const path of [...secretFieldPaths(data), ...optional]) {
    const value = valueAt(data, path);
    if (isSecretRef(value)) {
      const resolved = readSecret(value.secret, options.config);
      if ("problem" in resolved) problems.push({ path: [...path, "secret"], message: resolved.problem });
      else setAt(copy, path, resolved.value);
    } else if (typeof value === "string" && options.form === "file") {
      problems.push({
        path,
        message: "is a secret written in plain text; use { secret: <config key> } and `pulumi config set --secret <config key> <value>`",
      });
    } else if (typeof value === "string" && options.securePaths && !options.securePaths.some((secure) => isPrefix(secure, path))) {
      const command = `pulumi config set --path --secret '${options.fleetKey}.${formatPath(path)}' <value>`;
      problems.push({ path, message: `is a secret stored in plain text; encrypt it with \`${command}\`` });
    }
  }
  return { data: copy, problems };
}

/** Every string held at a secret path: what no message may contain, and what the builder marks secret. */
export function secretValues(data: unknown, secrets: SecretPaths): string[] {
  const out: string[] = [];
  const visit = (value: unknown, path: Path): void => {
    if (typeof value === "string" && secrets.has(path)) out.push(value);
    else if (isSecretRef(value))
      return; // the name of a config key, not a secret
    else if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isRecord(value)) for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
  };
  visit(data, []);
  return out.filter((value) => value !== "");
}

/**
 * The last guard: a rule that quotes a value (the API's own messages do, "duplicate MCP server name 'x'")
 * cannot know the value came from a secret, so any secret text left in a message is replaced here.
 */
export function redactProblems(problems: FleetProblem[], values: readonly string[]): FleetProblem[] {
  if (values.length === 0) return problems;
  return problems.map((problem) => {
    let message = problem.message;
    for (const value of values) {
      message = message.split(`"${value}"`).join('"<secret>"').split(`'${value}'`).join("'<secret>'");
      if (value.length >= 6) message = message.split(value).join("<secret>");
    }
    return message === problem.message ? problem : { ...problem, message };
  });
}

function readSecret(key: string, config: ConfigSource): { value: string } | { problem: string } {
  const full = fullConfigKey(key, config.project);
  const value = config.get(full);
  const command = `pulumi config set --secret ${shortKey(full, config.project)} <value>`;
  if (value === undefined) return { problem: `names the stack secret "${full}", which is not set; run \`${command}\`` };
  if (!config.isSecret(full)) return { problem: `names "${full}", which is stored in plain text; run \`${command}\` to encrypt it` };
  if (value === "") return { problem: `names the stack secret "${full}", which is empty` };
  return { value };
}
