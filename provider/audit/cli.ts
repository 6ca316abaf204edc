// The `qoder-audit` command line, apart from the process (main.ts) so tests run it in-process: flags, the
// stack's state from a file, stdin or `pulumi stack export --stack`, the account's token from the environment
// only (a flag would land in shell history, as with qoder-adopt), the table or JSON on stdout, warnings on
// stderr, and the exit code (0 done, 1 failed, 2 usage: a bad flag, no token, a state that is no export).
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import { parseArgs } from "node:util";
import { createClient, DEFAULT_BASE_URL, parseRegion, type QoderClient, resolveConnection, resolveToken } from "../client";
import { isRepositoryToken, secretCommand } from "../adopt";
import { type AdoptUnmanagedResult, adoptUnmanaged, auditAccount, formatTable, missingWarning, stackName } from "./index";
import { parseStackExport, type StackState, StateError } from "./state";

export const USAGE = `Usage: qoder-audit (--stack <name> [--cwd <dir>] | --state <file> | < state.json)
                   [--base-url <url>] [--region intl|cn] [--include-archived] [--json] [--adopt-out <dir>]

Lists what the Qoder account of QODER_ACCESS_TOKEN (or QODER_PAT) holds that a Pulumi stack does not manage,
by kind, with ids and names. The stack's state is the JSON of \`pulumi stack export\`.

  --stack <name>        run \`pulumi stack export --stack <name>\` (in --cwd, default: here); the stack's
                        qoder:baseUrl and qoder:region are read from its config
  --state <file>        a saved \`pulumi stack export\`; - reads stdin (as does no --stack and no --state)
  --base-url <url>      the API base URL (default: the stack's qoder:baseUrl, QODER_BASE_URL, the region,
                        else ${DEFAULT_BASE_URL})
  --region intl|cn      the region, when no base URL is set
  --include-archived    also list archived objects
  --json                the report as JSON
  --adopt-out <dir>     also write <dir>/fleet.yaml (a new or empty directory): a qoder-adopt fleet file that
                        adopts only the unmanaged objects`;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What the command needs from its process; tests hand in their own. */
export interface AuditIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  stdinIsTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Runs `pulumi <args>` in `cwd`. */
  pulumi(args: string[], cwd: string): Promise<CommandResult>;
  /** Builds the API client (tests point it at an emulator). */
  client?(options: { baseUrl: string; token: string }): QoderClient;
}

interface Flags {
  stack?: string;
  cwd?: string;
  state?: string;
  "base-url"?: string;
  region?: string;
  "include-archived"?: boolean;
  json?: boolean;
  "adopt-out"?: string;
  help?: boolean;
}

class UsageError extends Error {}

/** Runs the command; resolves with its exit code. */
export async function runAudit(argv: readonly string[], io: AuditIo): Promise<number> {
  const fail = (message: string, code: number): number => {
    io.stderr(`qoder-audit: ${message}\n`);
    return code;
  };
  let flags: Flags;
  try {
    flags = parseFlags(argv);
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
  if (flags.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let client: QoderClient | undefined;
  try {
    const { state, config } = await readState(flags, io);
    const connection = connect(flags, config, io);
    client = io.client ? io.client(connection) : createClient({ ...connection, userAgent: "pulumi-qoder (qoder-audit)" });
    const report = await auditAccount({ client, state, includeArchived: flags["include-archived"] });
    const warning = missingWarning(report);
    if (warning) io.stderr(`warning: ${warning}\n`);
    let adopted: AdoptUnmanagedResult | undefined;
    if (flags["adopt-out"] !== undefined) {
      adopted = await adoptUnmanaged({ client, report, outDir: flags["adopt-out"] });
      for (const note of [...adopted.notes, ...adopted.warnings]) io.stderr(`warning: ${note}\n`);
    }
    if (flags.json) {
      const adopt = adopted && {
        file: adopted.file,
        secrets: adopted.secrets.map((secret) => secret.configKey),
        notes: adopted.notes,
        warnings: adopted.warnings,
      };
      io.stdout(`${JSON.stringify({ ...report, ...(adopt ? { adopt } : {}) }, null, 2)}\n`);
    } else {
      io.stdout(formatTable(report));
      if (adopted) io.stdout(adoptionSummary(adopted, report.unmanaged.length, stackName(report)));
    }
    return 0;
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), err instanceof UsageError || err instanceof StateError ? 2 : 1);
  } finally {
    await client?.close();
  }
}

function parseFlags(argv: readonly string[]): Flags {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: "string" },
      cwd: { type: "string" },
      state: { type: "string" },
      "base-url": { type: "string" },
      region: { type: "string" },
      "include-archived": { type: "boolean" },
      json: { type: "boolean" },
      "adopt-out": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.stack !== undefined && values.state !== undefined) throw new Error("give --stack or --state, not both");
  if (values.cwd !== undefined && values.stack === undefined) throw new Error("--cwd goes with --stack");
  return values;
}

/** The stack's config that says where its account is (never its token: that comes from the environment). */
interface StackConfig {
  baseUrl?: string;
  region?: string;
}

async function readState(flags: Flags, io: AuditIo): Promise<{ state: StackState; config: StackConfig }> {
  if (flags.stack !== undefined) {
    const cwd = flags.cwd ?? process.cwd();
    const exported = await io.pulumi(["stack", "export", "--stack", flags.stack], cwd);
    if (exported.code !== 0) throw new Error(`pulumi stack export --stack ${flags.stack} failed (exit ${exported.code}): ${exported.stderr.trim()}`);
    const state = parseStackExport(exported.stdout, `the export of stack ${flags.stack}`);
    return { state, config: await stackConfig(flags.stack, cwd, io) };
  }
  if (flags.state !== undefined && flags.state !== "-") {
    const text = await fs.readFile(flags.state, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--state ${flags.state}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
    });
    return { state: parseStackExport(text, flags.state), config: {} };
  }
  if (flags.state === undefined && io.stdinIsTty) {
    throw new UsageError(`give the stack's state: --stack <name>, --state <file>, or \`pulumi stack export | qoder-audit\`\n\n${USAGE}`);
  }
  return { state: parseStackExport(await io.readStdin(), "stdin"), config: {} };
}

/** `qoder:baseUrl` and `qoder:region` of the stack, as `pulumi config --json` shows them (secrets stay hidden). */
async function stackConfig(stack: string, cwd: string, io: AuditIo): Promise<StackConfig> {
  const listed = await io.pulumi(["config", "--json", "--stack", stack], cwd);
  if (listed.code !== 0) throw new Error(`pulumi config --stack ${stack} failed (exit ${listed.code}): ${listed.stderr.trim()}`);
  const values = JSON.parse(listed.stdout) as Record<string, { value?: unknown; secret?: boolean }>;
  const plain = (key: string) => {
    const entry = values[key];
    return entry && !entry.secret && typeof entry.value === "string" ? entry.value : undefined;
  };
  return { baseUrl: plain("qoder:baseUrl"), region: plain("qoder:region") };
}

/** The account's base URL and token: flags, then the stack's config, then the environment, as the provider orders them. */
function connect(flags: Flags, config: StackConfig, io: AuditIo): { baseUrl: string; token: string } {
  const names = {
    baseUrl: flags["base-url"] !== undefined ? "--base-url" : "qoder:baseUrl",
    region: flags.region !== undefined ? "--region" : "qoder:region",
  };
  let baseUrl: string;
  try {
    const region = parseRegion(flags.region ?? config.region, names);
    baseUrl = resolveConnection({ baseUrl: flags["base-url"] ?? config.baseUrl, region, env: io.env }, names).baseUrl;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { token } = resolveToken({ env: io.env });
  if (token === undefined) throw new UsageError("set QODER_ACCESS_TOKEN (or QODER_PAT) to a token of the account to audit");
  return { baseUrl, token };
}

function adoptionSummary(result: AdoptUnmanagedResult, unmanaged: number, stack: string): string {
  const counts = Object.entries(result.document).map(([section, entries]) => `${Object.keys(entries ?? {}).length} ${section}`);
  const lines = [
    "",
    `Wrote ${result.file} (${counts.join(", ") || "an empty fleet"}), adopting what it can of the ${unmanaged} objects ${stack} does not manage.`,
    "Its header says what to set and run next; deploy it as its own stack, or move its entries into a stack you have.",
  ];
  const credentials = result.secrets.filter((secret) => !isRepositoryToken(secret));
  const tokens = result.secrets.filter(isRepositoryToken);
  if (credentials.length > 0) lines.push("Credential secrets to set:", ...credentials.map((secret) => `  ${secretCommand(secret)}`));
  if (tokens.length > 0) lines.push("GitHub repository tokens to set:", ...tokens.map((secret) => `  ${secretCommand(secret)}`));
  return `${lines.join("\n")}\n`;
}

/** The process's own input and output, and the `pulumi` on PATH. */
export function processIo(): AuditIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    stdinIsTty: Boolean(process.stdin.isTTY),
    env: process.env,
    pulumi: (args, cwd) =>
      new Promise((resolve, reject) => {
        execFile("pulumi", [...args, "--non-interactive"], { cwd, maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
          const code = err && typeof err.code === "number" ? err.code : err ? undefined : 0;
          if (code === undefined) {
            const missing = (err as NodeJS.ErrnoException | null)?.code === "ENOENT";
            reject(new Error(missing ? "pulumi is not on PATH: run `pulumi stack export > state.json` and give --state state.json" : String(err)));
          } else resolve({ code, stdout, stderr });
        });
      }),
  };
}
