// The adoption command as a function: reads an account through provider/client and writes a fleet file that
// adopts every object it can, with the skills unpacked and the downloadable files written beside it. main.ts
// is its command line.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { QoderClient } from "../client";
import type { FleetDocument } from "../fleet/schema";
import { type Account, readAccount } from "./account";
import { adoptionUpdates, settle } from "./check";
import type { SecretToSet } from "./credentials";
import { draftDocument, skillDirectoryOf } from "./document";
import { writeSkillFiles } from "./skills";
import { FLEET_FILE, fleetYaml, prepareOutDir } from "./write";

export { isRepositoryToken, isVariableSecret, secretCommand, secretGroups } from "./write";
export type { SecretToSet } from "./credentials";

export interface AdoptOptions {
  client: QoderClient;
  /** A new or empty directory: fleet.yaml, skills/ and files/ go there. */
  outDir: string;
  /** Also write archived objects, as new entries (adoption refuses archived objects). */
  includeArchived?: boolean;
  /** Only the objects with these ids (qoder-audit's unmanaged ones); a credential or memory also needs its parent's id. */
  only?: ReadonlySet<string>;
}

export interface AdoptResult {
  /** The fleet file written. */
  file: string;
  document: FleetDocument;
  /** The config keys the user must set before `pulumi up`: credential secrets and repository tokens. */
  secrets: SecretToSet[];
  /** What is left out, recreated, or will change on adoption. */
  warnings: string[];
}

export async function adoptAccount(options: AdoptOptions): Promise<AdoptResult> {
  const { client, outDir } = options;
  await prepareOutDir(outDir);
  const read = await readAccount(client, { includeArchived: options.includeArchived ?? false });
  const account = options.only ? onlyIds(read, options.only) : read;
  const draft = await draftDocument(account, client);
  // Written before the check, which reads each skill directory and file as `pulumi up` will.
  for (const [key, files] of draft.skillFiles) await writeSkillFiles(path.join(outDir, skillDirectoryOf(key)), files);
  const filePath = (key: string) => path.join(outDir, String(draft.document.files?.[key]?.path));
  for (const [key, content] of draft.fileContents) {
    await fs.mkdir(path.dirname(filePath(key)), { recursive: true });
    await fs.writeFile(filePath(key), content);
  }
  const settled = await settle(draft, outDir);
  for (const key of draft.skillFiles.keys()) {
    if (!settled.skillFiles.has(key)) await fs.rm(path.join(outDir, skillDirectoryOf(key)), { recursive: true, force: true });
  }
  for (const key of draft.fileContents.keys()) if (!settled.fileContents.has(key)) await fs.rm(filePath(key), { force: true });
  const warnings = [...settled.warnings, ...(await adoptionUpdates(settled.document, account))];
  const file = path.join(outDir, FLEET_FILE);
  await fs.writeFile(file, fleetYaml(settled.document, { baseUrl: account.baseUrl, secrets: settled.secrets, warnings }));
  return { file, document: settled.document, secrets: settled.secrets, warnings };
}

/** The account with only the objects `only` names; children go with their parent, and only when named too. */
function onlyIds(account: Account, only: ReadonlySet<string>): Account {
  const named = <T extends { id: string }>(items: T[]): T[] => items.filter((item) => only.has(item.id));
  return {
    ...account,
    environments: named(account.environments),
    skills: account.skills.filter((skill) => only.has(skill.skill.id)),
    vaults: account.vaults.filter((vault) => only.has(vault.vault.id)).map((vault) => ({ ...vault, credentials: named(vault.credentials) })),
    memoryStores: account.memoryStores.filter((store) => only.has(store.store.id)).map((store) => ({ ...store, memories: named(store.memories) })),
    agents: named(account.agents),
    files: account.files.filter((file) => only.has(file.file.id)),
    deployments: named(account.deployments),
    owners: new Map([...account.owners].filter(([id]) => only.has(id))),
  };
}
