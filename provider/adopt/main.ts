#!/usr/bin/env node
// CLI of the adoption command (package bin `qoder-adopt`, `npm run adopt -- …`): flags, the token from the
// environment only (a flag would land in shell history), a summary on stdout and warnings on stderr.
import { parseArgs } from "node:util";
import { createClient, DEFAULT_BASE_URL, resolveConfig } from "../client";
import { adoptAccount, secretCommand, secretGroups } from "./index";

const USAGE = `Usage: qoder-adopt --out <dir> [--base-url <url>] [--include-archived]

Reads the Qoder account of QODER_ACCESS_TOKEN (or QODER_PAT) and writes <dir>/fleet.yaml, a fleet file that
adopts every object, with each skill's files under <dir>/skills/ and each file the API gives back under
<dir>/files/.

  --out <dir>           a new or empty directory
  --base-url <url>      the API base URL (default: QODER_BASE_URL, else ${DEFAULT_BASE_URL})
  --include-archived    also write archived objects, as new entries: adoption refuses archived objects`;

function fail(message: string, code: number): void {
  process.stderr.write(`qoder-adopt: ${message}\n`);
  process.exitCode = code;
}

async function main(): Promise<void> {
  let values: { out?: string; "base-url"?: string; "include-archived"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string" },
        "base-url": { type: "string" },
        "include-archived": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (!values.out) return fail(`--out is required\n\n${USAGE}`, 2);
  const baseUrl = values["base-url"];
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) return fail(`--base-url ${baseUrl} is not a URL`, 2);
  let token: string | undefined;
  try {
    // QODER_BASE_URL is read here too: a bad value is a usage error, said plainly.
    token = resolveConfig({ baseUrl }).token;
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), 2);
  }
  if (token === undefined) return fail("set QODER_ACCESS_TOKEN (or QODER_PAT) to a token of the account to adopt", 2);

  const client = createClient({ baseUrl });
  try {
    const result = await adoptAccount({ client, outDir: values.out, includeArchived: values["include-archived"] });
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    const counts = Object.entries(result.document).map(([section, entries]) => `${Object.keys(entries ?? {}).length} ${section}`);
    const lines = [
      `Wrote ${result.file} (${counts.join(", ") || "an empty fleet"}).`,
      "",
      "Next, in the Pulumi project:",
      `  pulumi config set fleetFile <path of ${result.file}, relative to Pulumi.yaml>`,
    ];
    for (const { notes, secrets } of secretGroups(result.secrets)) {
      lines.push(...notes.map((note) => `  ${note}`), ...secrets.map((secret) => `    ${secretCommand(secret)}`));
    }
    lines.push("  pulumi preview, then pulumi up");
    process.stdout.write(`${lines.join("\n")}\n`);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err), 1);
  } finally {
    await client.close();
  }
}

void main();
