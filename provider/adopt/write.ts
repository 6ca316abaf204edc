// What qoder-adopt writes: an output directory of its own, fleet.yaml with a header saying where it came from
// and what to do next, and the commands that set the credential secrets, repository tokens and secret
// variables. Never a secret value: none is written, not even a variable's, which the API does return.
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

/** A deployment's repository token (`deployments.<key>.resources[<i>].token`). */
export const isRepositoryToken = (secret: SecretToSet): boolean => secret.path[0] === "deployments" && secret.path[2] === "resources";

/** A deployment's variable whose name marks it a secret (`deployments.<key>.environmentVariables.<name>`). */
export const isVariableSecret = (secret: SecretToSet): boolean => secret.path[0] === "deployments" && secret.path[2] === "environmentVariables";

/**
 * The secrets to set in groups, each with what to tell the user about it: a credential is rotated to the value
 * set, a repository token is not sent, a variable is compared with the one the API holds.
 */
export function secretGroups(secrets: readonly SecretToSet[]): { notes: readonly string[]; secrets: SecretToSet[] }[] {
  const groups = [
    {
      notes: [
        "Set every credential secret; the API never returns them, so adoption rotates each credential to the value",
        "you set (leave out <value> and Pulumi prompts for it, keeping it out of your shell history):",
      ],
      secrets: secrets.filter((secret) => !isRepositoryToken(secret) && !isVariableSecret(secret)),
    },
    {
      notes: [
        "Set the token each deployment clones a GitHub repository with. The API never returns it and adoption does",
        "not send it: the deployment keeps the token it holds until its resources next change, which sends this one:",
      ],
      secrets: secrets.filter(isRepositoryToken),
    },
    {
      notes: [
        "Set each deployment variable whose name marks it a secret to the value it holds (the console shows it;",
        "qoder-adopt writes it nowhere). Another value is a change: adoption updates the deployment to it:",
      ],
      secrets: secrets.filter(isVariableSecret),
    },
  ];
  return groups.filter((group) => group.secrets.length > 0);
}

function header(source: { baseUrl: string; secrets: SecretToSet[]; warnings: string[] }): string {
  const lines = [
    `Written by qoder-adopt from the Qoder account at ${source.baseUrl}.`,
    "Each entry's adoptId names the object it takes over: the first `pulumi up` adopts these objects instead of",
    "creating new ones (it refuses an archived object, or one whose fixed fields differ from the entry).",
    "",
    "Next, in the Pulumi project (paths are relative to the directory of Pulumi.yaml):",
    "  pulumi config set fleetFile <path of this file>",
  ];
  for (const { notes, secrets } of secretGroups(source.secrets)) {
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
