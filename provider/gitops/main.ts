#!/usr/bin/env node
// CLI of the preview summary (package bin `qoder-preview-summary`): reads `pulumi preview --json` from a file
// or stdin and writes the Markdown for a pull request to stdout (or --out).
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { PreviewJsonError, renderPreviewSummary } from "./preview-summary";

const USAGE = `Usage: qoder-preview-summary [<preview.json>] [--title <text>] [--drift] [--out <file>] [--max-length <n>]

Reads what \`pulumi preview --json\` printed (the file, or stdin when no file or "-" is given) and writes a
Markdown summary for a pull request: what each kind creates, updates, replaces and destroys, the changed
properties, the consequences, policy violations and errors. Secrets are never printed.

Both forms of the JSON are read: the default digest, and the engine events printed with
PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true, which alone carry policy violations. The events that
\`pulumi up --json\` prints are read too, as a record of what was applied.

  --title <text>      the heading (default: the project and stack of the preview)
  --drift             the JSON is a drift check (pulumi preview --refresh --expect-no-changes --json):
                      each change reads as what pulumi up would put back
  --out <file>        append the Markdown to this file instead of writing stdout (e.g. "$GITHUB_STEP_SUMMARY")
  --max-length <n>    the longest Markdown to write, in characters (default 60000; a GitHub comment holds 65536)

Exit codes: 0 written, 1 the input is not preview JSON, 2 a usage error.`;

/** Prints a problem and returns its exit code. */
function fail(message: string, code: number): number {
  process.stderr.write(`qoder-preview-summary: ${message}\n`);
  return code;
}

function main(): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1) return fail(`one input file at most\n\n${USAGE}`, 2);
  const maxLength = values["max-length"] === undefined ? undefined : Number(values["max-length"]);
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 1000))
    return fail("--max-length takes a whole number of at least 1000", 2);
  const file = positionals[0];
  let input: string;
  try {
    input = file === undefined || file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
  } catch (err) {
    return fail(`cannot read ${file ?? "stdin"}: ${(err as Error).message}`, 2);
  }
  let markdown: string;
  try {
    markdown = renderPreviewSummary(input, { title: values.title, maxLength, drift: values.drift });
  } catch (err) {
    if (err instanceof PreviewJsonError) return fail(`${file ?? "stdin"}: ${err.message}`, 1);
    throw err;
  }
  if (values.out) fs.appendFileSync(values.out, markdown);
  else process.stdout.write(markdown);
  return 0;
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      title: { type: "string" },
      drift: { type: "boolean" },
      out: { type: "string" },
      "max-length": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

process.exitCode = main();
