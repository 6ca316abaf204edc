// What qoder-adopt writes: an output directory of its own, fleet.yaml with a header saying where it came from
// and what to do next, and the commands that set the credential secrets and repository tokens. Never a secret
// value: none is known.
import { promises as fs } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { Document, parse } from "yaml";
import type { FleetDocument } from "../fleet/schema";
import { formatPath } from "../fleet/problems";
import type { SecretToSet } from "./credentials";

export const FLEET_FILE = "fleet.yaml";

/** Refuses a directory that holds anything, so a run never mixes with (or overwrites) other files. */
export async function prepareOutDir(dir: string): Promise<void> {
  const entries = await fs.readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  if (entries.length > 0) throw new Error(`--out ${dir} is not empty; name a new or empty directory`);
  await fs.mkdir(dir, { recursive: true });
}

/**
 * `pulumi config set --secret <key> <value>`. Leaving out `<value>` makes Pulumi prompt for it, which keeps
 * the value out of the shell's history; the header says so.
 */
export function secretCommand(secret: SecretToSet): string {
  return `pulumi config set --secret ${secret.configKey} <value>`;
}

/** A deployment's repository token (`deployments.<key>.resources[<i>].token`), not a credential's secret. */
export const isRepositoryToken = (secret: SecretToSet): boolean => secret.path[0] === "deployments";

/** What to tell the user about each group of secrets: credentials are rotated, repository tokens are not sent. */
export const SECRET_NOTES = {
  credentials: [
    "Set every credential secret; the API never returns them, so adoption rotates each credential to the value",
    "you set (leave out <value> and Pulumi prompts for it, keeping it out of your shell history):",
  ],
  tokens: [
    "Set the token each deployment clones a GitHub repository with. The API never returns it and adoption does",
    "not send it: the deployment keeps the token it holds until its resources next change, which sends this one:",
  ],
} as const;

function header(source: { baseUrl: string; secrets: SecretToSet[]; warnings: string[] }): string {
  const lines = [
    `Written by qoder-adopt from the Qoder account at ${source.baseUrl}.`,
    "Each entry's adoptId names the object it takes over: the first `pulumi up` adopts these objects instead of",
    "creating new ones (it refuses an archived object, or one whose fixed fields differ from the entry).",
    "",
    "Next, in the Pulumi project (paths are relative to the directory of Pulumi.yaml):",
    "  pulumi config set fleetFile <path of this file>",
  ];
  const groups = [
    { notes: SECRET_NOTES.credentials, secrets: source.secrets.filter((secret) => !isRepositoryToken(secret)) },
    { notes: SECRET_NOTES.tokens, secrets: source.secrets.filter(isRepositoryToken) },
  ];
  for (const { notes, secrets } of groups) {
    if (secrets.length === 0) continue;
    lines.push(...notes.map((note) => `  ${note}`), ...secrets.map((secret) => `    ${secretCommand(secret)}    # ${formatPath(secret.path)}`));
  }
  lines.push("  pulumi preview, then pulumi up");
  if (source.warnings.length > 0) {
    lines.push(
      "",
      "Not exactly as the account holds it (qoder-adopt printed these warnings too):",
      ...source.warnings.map((warning) => `  - ${warning}`),
    );
  }
  return lines.map((line) => (line === "" ? "" : ` ${line}`)).join("\n");
}

/**
 * The fleet as YAML. Read back, it must equal the document: a value the YAML layer changed would be a
 * change the first `pulumi up` makes, so that is a fault here rather than a surprise there.
 */
export function fleetYaml(document: FleetDocument, source: Parameters<typeof header>[0]): string {
  const yaml = new Document(document);
  yaml.commentBefore = header(source);
  // No line folding: prompts and memory contents keep their lines, written as literal blocks.
  const text = yaml.toString({ lineWidth: 0 });
  if (!isDeepStrictEqual(parse(text), document)) throw new Error("qoder-adopt: fleet.yaml would not read back as the document it was made from");
  return text;
}
