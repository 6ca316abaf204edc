#!/usr/bin/env node
// `npm run demo`: the fleet stack file end to end, on this machine only. Starts the local Qoder API emulator,
// deploys examples/review-team with `pulumi up`, previews a one-line change of the stack file, applies it,
// reschedules the nightly deployment (the preview says the new schedule in words, with its next runs), and
// ends with a preview that has no changes. Everything it makes lives in a temporary directory.
// Usage: npm run demo [-- --keep]   (--keep leaves the temporary project for you to explore)
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePulumiCli } from "./pulumi-cli.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const started = Date.now();
const TOKEN = "pt-demo-local-emulator-token";
const GITHUB_TOKEN = "ghp-demo0github0token0never0printed";
const TOKEN_PATH = "qoder-fleet:fleet.vaults.review-tools.credentials.github.auth.token";
const PROMPT_PATH = "qoder-fleet:fleet.agents.style-reviewer.system";
const ENVIRONMENT_PATH = "qoder-fleet:fleet.agents.review-lead.environment";
const DEPLOYMENT = "nightly-dependency-audit";
const CRON_PATH = `qoder-fleet:fleet.deployments.${DEPLOYMENT}.schedule.cron`;
const WEEKDAYS_AT_NINE = "0 9 * * 1-5";
let step = 0;

function heading(title, ...explanation) {
  step += 1;
  console.log(`\n━━ Step ${step}: ${title} ${"━".repeat(Math.max(3, 74 - title.length))}`);
  for (const line of explanation) console.log(`   ${line}`);
  console.log();
}

function shown(command) {
  console.log(`   $ ${command}`);
}

/** Runs a command with its output shown as it comes; fails the demo when it fails. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

function capture(command, args, options) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** A project directory laid out like a checkout of this repository, with the example's stack file in it. */
function makeProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qoder-fleet-demo-"));
  fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.cpSync(path.join(repoRoot, "examples", "review-team"), dir, { recursive: true });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  // A copy, not a link: the provider process runs in the program's real directory and finds the project
  // (the Pulumi.yaml that skill directories and uploaded files must stay under) above it, as in a checkout.
  fs.cpSync(path.join(repoRoot, "program"), path.join(dir, "program"), { recursive: true });
  fs.mkdirSync(path.join(dir, ".pulumi-state"));
  return dir;
}

async function main() {
  heading(
    "Build the fleet program",
    "The repository root is a Pulumi project whose program (program/index.js) reads the fleet from the",
    "stack file. It is TypeScript, so it is compiled once.",
  );
  shown("npm run build");
  await run("npm", ["run", "--silent", "build"], { cwd: repoRoot });

  heading("Find the Pulumi CLI", "The pinned version is used from PATH or its cache, or built from Go modules once (minutes).");
  const cli = await ensurePulumiCli({ log: (line) => console.log(`   ${line}`) });
  console.log(`   pulumi v${cli.version} (${cli.source}) in ${cli.binDir}`);

  heading("Start the local Qoder API emulator", "A faithful stand-in for the Qoder API: nothing leaves this machine.");
  const { startEmulator } = await import(path.join(repoRoot, "dist", "emulator", "index.js"));
  const emulator = await startEmulator({ tokens: [TOKEN], port: 0 });
  console.log(`   listening on ${emulator.baseUrl}`);

  const dir = makeProject();
  const env = {
    ...process.env,
    PATH: [cli.binDir, process.env.PATH].join(path.delimiter),
    PULUMI_HOME: path.join(dir, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".pulumi-state")}`,
    PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  };
  const pulumi = (...args) => run("pulumi", [...args, "--non-interactive"], { cwd: dir, env });
  const pulumiQuiet = (...args) => capture("pulumi", [...args, "--non-interactive"], { cwd: dir, env });

  try {
    heading(
      "Create a stack from the example stack file",
      `The project is ${dir}: Pulumi.yaml, and examples/review-team's Pulumi.dev.yaml, skills/ and files/.`,
      "State goes to a file:// backend in that directory, and secrets are encrypted with a passphrase.",
    );
    shown("pulumi stack init dev");
    pulumiQuiet("stack", "init", "dev");
    shown(`pulumi config set qoder:baseUrl ${emulator.baseUrl}`);
    pulumiQuiet("config", "set", "qoder:baseUrl", emulator.baseUrl);
    shown("pulumi config set --secret qoder:token <token>");
    pulumiQuiet("config", "set", "--secret", "qoder:token", TOKEN);
    shown(`pulumi config set --path --secret '${TOKEN_PATH}' <GitHub token>`);
    pulumiQuiet("config", "set", "--path", "--secret", TOKEN_PATH, GITHUB_TOKEN);
    const stackFile = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
    const secureLine = stackFile.split("\n").findIndex((line) => line.trim() === "token:");
    console.log("\n   The GitHub token is now in the stack file, encrypted:");
    for (const line of stackFile.split("\n").slice(secureLine, secureLine + 2)) console.log(`     ${line.trim()}`);

    heading(
      "Deploy the fleet",
      "pulumi up validates the whole stack file first (problems are listed with file:line:column and",
      "nothing is touched), then creates the environment, skill, vault, memory store, three agents, the",
      "runbook file and the nightly deployment that mounts it.",
    );
    shown("pulumi up --yes --suppress-outputs");
    await pulumi("up", "--yes", "--suppress-outputs");

    heading("Read what the stack exports", "Every id and version, and per agent a ready POST /sessions body. The review lead's preset:");
    shown("pulumi stack output sessions --json");
    const sessions = JSON.parse(pulumiQuiet("stack", "output", "sessions", "--json"));
    console.log(JSON.stringify(sessions["review-lead"], null, 2).replace(/^/gm, "   "));
    console.log("\n   And the nightly deployment, its schedule in words:");
    shown("pulumi stack output deployments --json");
    const deployments = JSON.parse(pulumiQuiet("stack", "output", "deployments", "--json"));
    console.log(JSON.stringify(deployments[DEPLOYMENT], null, 2).replace(/^/gm, "   "));

    heading(
      "Change one line of the stack file",
      "In a real repository this edit is a pull request; CI posts the preview below as the review diff.",
      "Here the style reviewer gets a new system prompt.",
    );
    shown(`pulumi config set --path '${PROMPT_PATH}' 'Review for readability only: names, structure and tests.'`);
    pulumiQuiet("config", "set", "--path", PROMPT_PATH, "Review for readability only: names, structure and tests.");
    shown("pulumi preview --diff --suppress-outputs");
    await pulumi("preview", "--diff", "--suppress-outputs");

    heading("Apply the change", "On merge the pipeline runs pulumi up: the agent is updated in place and its version goes up.");
    shown("pulumi up --yes --skip-preview --suppress-outputs");
    await pulumi("up", "--yes", "--skip-preview", "--suppress-outputs");

    heading(
      "Reschedule the nightly audit",
      "The audit moves from every night at 03:00 to weekdays at 09:00. The preview says the new schedule",
      "in words and lists its next runs, computed before anything is sent to the API.",
    );
    shown(`pulumi config set --path '${CRON_PATH}' '${WEEKDAYS_AT_NINE}'`);
    pulumiQuiet("config", "set", "--path", CRON_PATH, WEEKDAYS_AT_NINE);
    shown("pulumi preview --diff --suppress-outputs");
    await pulumi("preview", "--diff", "--suppress-outputs");

    heading("Apply the new schedule", "The deployment is updated in place: same id, and its runs so far are kept.");
    shown("pulumi up --yes --skip-preview --suppress-outputs");
    await pulumi("up", "--yes", "--skip-preview", "--suppress-outputs");
    shown("pulumi stack output deployments --json");
    const rescheduled = JSON.parse(pulumiQuiet("stack", "output", "deployments", "--json"))[DEPLOYMENT];
    console.log(`   ${rescheduled.id}: ${rescheduled.scheduleDescription}, ${rescheduled.status}`);
    if (rescheduled.id !== deployments[DEPLOYMENT].id) throw new Error("the rescheduled deployment should have kept its id");

    heading(
      "Make a typo on purpose",
      "A misspelled reference stops the preview before anything is sent to the API, and the message",
      "points at the line to fix.",
    );
    shown(`pulumi config set --path '${ENVIRONMENT_PATH}' review-sandbx`);
    pulumiQuiet("config", "set", "--path", ENVIRONMENT_PATH, "review-sandbx");
    shown("pulumi preview");
    const before = emulator.admin.stats().total;
    const failed = spawnSync("pulumi", ["preview", "--non-interactive"], { cwd: dir, env, encoding: "utf8" });
    const problems = `${failed.stdout}${failed.stderr}`.split("\n").filter((line) => /Pulumi\.dev\.yaml:\d+:\d+/.test(line));
    if (failed.status === 0 || problems.length === 0) throw new Error("the preview of a misspelled environment should have failed");
    for (const line of [...new Set(problems.map((problem) => problem.trim()))]) console.log(`   ${line}`);
    console.log(`\n   API requests made by that preview: ${emulator.admin.stats().total - before}`);
    shown(`pulumi config set --path '${ENVIRONMENT_PATH}' review-sandbox`);
    pulumiQuiet("config", "set", "--path", ENVIRONMENT_PATH, "review-sandbox");

    heading("Preview again: nothing to do", "The account now matches the stack file, so a preview reports no changes (and fails if it found any).");
    shown("pulumi preview --expect-no-changes");
    await pulumi("preview", "--expect-no-changes");

    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`\n━━ Done in ${seconds} s. Next: README, "The fleet stack file", to declare your own fleet.`);
    if (keep) console.log(`   The project is kept in ${dir} (the emulator has stopped; its state is gone).`);
  } finally {
    await emulator.stop();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
