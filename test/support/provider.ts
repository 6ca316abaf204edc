// Provider-tier harness: the lifecycle methods called directly, in this process, against a listening
// emulator, with the connection configured the way `configure` does it. Not a test file itself.
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator/index";
import { configureConnection } from "../../provider/lifecycle/connection";
import type { Lifecycle } from "../../provider/lifecycle/engine";
import type { Props } from "../../provider/lifecycle/rules";

export const PROVIDER_TOKEN = "pt-provider-tier-test-token";

export interface ProviderHarness {
  emulator: RunningEmulator;
  /** The Pulumi project the provider runs in (its working directory): skill directories must lie inside it. */
  projectDir: string;
}

/** Where `skillDirectory` makes its directories: inside the project of the running harness. */
let currentProject: string | undefined;

/**
 * Starts an emulator for the file, points the provider's connection at it, and empties it before each test.
 * Like the dynamic-provider host, runs in the program's directory: a fresh project holding Pulumi.yaml.
 */
export function useProvider(): ProviderHarness {
  const handle = {} as ProviderHarness;
  let previousCwd: string | undefined;
  beforeAll(() => {
    handle.projectDir = realpathSync(mkdtempSync(join(tmpdir(), "pulumi-qoder-project-")));
    writeFileSync(join(handle.projectDir, "Pulumi.yaml"), "name: provider-tier\nruntime: nodejs\n");
    previousCwd = process.cwd();
    process.chdir(handle.projectDir);
    currentProject = handle.projectDir;
  });
  afterAll(() => {
    if (previousCwd) process.chdir(previousCwd);
    currentProject = undefined;
    rmSync(handle.projectDir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    handle.emulator = await startEmulator({ tokens: [PROVIDER_TOKEN] });
    const config: Record<string, string> = { "qoder:token": PROVIDER_TOKEN, "qoder:baseUrl": handle.emulator.baseUrl };
    configureConnection({ get: (key) => config[key] });
  });
  beforeEach(() => handle.emulator.admin.reset());
  afterAll(() => handle.emulator.stop());
  return handle;
}

/** check, then create, as the engine runs them; returns the id and the outputs state would hold. */
export async function checkAndCreate(lifecycle: Lifecycle, news: Props): Promise<{ id: string; outs: Props }> {
  const checked = await lifecycle.check({}, news);
  if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const created = await lifecycle.create(checked.inputs ?? news);
  return { id: created.id, outs: created.outs ?? {} };
}

/** check, then diff against the outputs in state, as preview does. */
export async function checkAndDiff(lifecycle: Lifecycle, id: string, outs: Props, news: Props) {
  const checked = await lifecycle.check(outs, news);
  if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  return { inputs: checked.inputs ?? news, diff: await lifecycle.diff(id, outs, checked.inputs ?? news) };
}

/**
 * A skill directory under a fresh folder, inside the harness's project (or the system's temporary directory
 * without one): `files` maps relative paths to text.
 */
export function skillDirectory(files: Record<string, string>): { dir: string; write(path: string, text: string): void; dispose(): void } {
  const root = mkdtempSync(join(currentProject ?? tmpdir(), "pulumi-qoder-skill-"));
  const dir = join(root, "skill");
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  mkdirSync(dir);
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export const skillManifest = (name: string, description = "Reviews pull requests") =>
  `---\nname: ${name}\ndescription: ${description}\n---\n# ${name}\n`;
