// Hostile documents: a value nested thousands of levels deep and a YAML alias bomb are one positioned
// problem each, reported at once, never a stack trace or an exhausted process.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FleetError, loadFleet, type ConfigSource } from "../../provider/fleet";
import { MAX_DEPTH } from "../../provider/fleet/limits";

const PROJECT = "qoder-fleet";
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project with the given stack file (and fleet file), and the config Pulumi would hand the program. */
function project(stackText: string, values: Record<string, string>, fleetText?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-limits-"));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackText);
  if (fleetText !== undefined) fs.writeFileSync(path.join(dir, "fleet.yaml"), fleetText);
  const config: ConfigSource = { project: PROJECT, get: (key) => values[key], isSecret: () => false };
  return { projectDir: dir, workDir: dir, stack: "dev", config };
}

/** The FleetError loading ends in, and how long it took. */
async function failure(options: ReturnType<typeof project>): Promise<{ error: FleetError; ms: number }> {
  const started = performance.now();
  const error = await loadFleet(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  const ms = performance.now() - started;
  if (!(error instanceof FleetError)) throw new Error(`expected a FleetError, got ${String(error)}`);
  return { error, ms };
}

const nested = (depth: number): string => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const fleetFileStack = `config:\n  ${PROJECT}:fleetFile: fleet.yaml\n`;

/** Nine anchors of nine aliases each: 9^9 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  const names = "abcdefghi";
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(", ")}]`,
    );
  lines.push("environments: { sandbox: { description: *i } }");
  return `${lines.join("\n")}\n`;
}

describe("fleet limits", () => {
  it("fleet limits: a 5,000-deep value in the stack file is one positioned problem, in well under a second", async () => {
    const stack = `config:\n  ${PROJECT}:fleet:\n    environments:\n      sandbox:\n        description: ${nested(5000)}\n`;
    // What Pulumi hands the program: the structured value as JSON text.
    const json = `{"environments":{"sandbox":{"description":${nested(5000)}}}}`;
    const { error, ms } = await failure(project(stack, { [`${PROJECT}:fleet`]: json }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: "Pulumi.dev.yaml", line: 5, column: 22 + MAX_DEPTH - 5 });
    expect(error.problems[0]?.message).toContain(`more than ${MAX_DEPTH} levels deep`);
    expect(ms).toBeLessThan(1000);
  });

  it("fleet limits: a 5,000-deep block of maps as Pulumi writes it (25 MB of indentation) is refused without reading it all", async () => {
    let stack = `config:\n  ${PROJECT}:fleet:\n    environments:\n      sandbox:\n        description:\n`;
    let json = "1";
    for (let level = 0; level < 5000; level++) {
      stack += `${" ".repeat(10 + 2 * level)}a:\n`;
      json = `{"a":${json}}`;
    }
    stack += `${" ".repeat(10 + 2 * 5000)}1\n`;
    const { error, ms } = await failure(project(stack, { [`${PROJECT}:fleet`]: `{"environments":{"sandbox":{"description":${json}}}}` }));
    expect(error.problems).toEqual([
      expect.objectContaining({ file: "Pulumi.dev.yaml", line: 5 + MAX_DEPTH - 4, message: expect.stringContaining("levels deep") }),
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it("fleet limits: a deep value in the config JSON is refused even where the stack file does not show it", async () => {
    const stack = `config:\n  ${PROJECT}:fleet:\n    environments:\n      sandbox:\n        description: x\n`;
    const json = `{"environments":{"sandbox":{"description":${nested(5000)}}}}`;
    const { error, ms } = await failure(project(stack, { [`${PROJECT}:fleet`]: json }));
    expect(error.problems).toEqual([
      expect.objectContaining({ file: "Pulumi.dev.yaml", line: 5, column: 9, message: expect.stringContaining("levels deep") }),
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it("fleet limits: a 1,000-deep block of nested lists in a fleet file is one positioned problem", async () => {
    let text = "environments:\n  sandbox:\n    description:\n";
    for (let level = 0; level < 1000; level++) text += `${" ".repeat(4 + level * 2)}-\n`;
    const { error, ms } = await failure(project(fleetFileStack, { [`${PROJECT}:fleetFile`]: "fleet.yaml" }, text));
    expect(error.problems).toEqual([expect.objectContaining({ file: "fleet.yaml", line: expect.any(Number), column: expect.any(Number) })]);
    expect(error.problems[0]?.message).toContain("levels deep");
    expect(ms).toBeLessThan(1000);
  });

  it("fleet limits: a billion-laughs alias bomb in a fleet file is one positioned problem, not a ReferenceError", async () => {
    const { error, ms } = await failure(project(fleetFileStack, { [`${PROJECT}:fleetFile`]: "fleet.yaml" }, aliasBomb()));
    expect(error.problems).toEqual([
      expect.objectContaining({ file: "fleet.yaml", line: 2, column: 8, message: expect.stringContaining("alias bomb") }),
    ]);
    expect(ms).toBeLessThan(1000);
  });

  it("fleet limits: an alias reused a few times is fine", async () => {
    const text =
      "x: &prompt Review carefully.\nenvironments: { sandbox: {} }\nagents:\n  a: { model: auto, system: *prompt }\n  b: { model: auto, system: *prompt }\n";
    const options = project(fleetFileStack, { [`${PROJECT}:fleetFile`]: "fleet.yaml" }, text);
    const error = await loadFleet(options).then(
      () => undefined,
      (err: unknown) => err as FleetError,
    );
    // `x` is not a section: the only problem, so the aliases themselves were accepted.
    expect(error?.problems.map((problem) => problem.path)).toEqual(["x"]);
  });
});
