// The adoption command as a function: reads an account through provider/client and writes a fleet file that
// adopts every object it can, with the skills unpacked and the downloadable files written beside it. main.ts
// is its command line.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { QoderClient } from "../client";
import type { FleetDocument } from "../fleet/schema";
import { readAccount } from "./account";
import { adoptionUpdates, settle } from "./check";
import type { SecretToSet } from "./credentials";
import { draftDocument, skillDirectoryOf } from "./document";
import { writeSkillFiles } from "./skills";
import { FLEET_FILE, fleetYaml, prepareOutDir } from "./write";

export { isRepositoryToken, secretCommand } from "./write";
export type { SecretToSet } from "./credentials";

export interface AdoptOptions {
  client: QoderClient;
  /** A new or empty directory: fleet.yaml, skills/ and files/ go there. */
  outDir: string;
  /** Also write archived objects, as new entries (adoption refuses archived objects). */
  includeArchived?: boolean;
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
  const account = await readAccount(client, { includeArchived: options.includeArchived ?? false });
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
