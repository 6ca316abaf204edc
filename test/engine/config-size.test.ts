// The stack config's size on the real engine: Pulumi hands the whole config to the program in one environment
// variable, which Linux caps at 128 KiB. Near the cap the program still runs and warns with the way out; past
// it, node never starts, with the error docs/content-files.md tells people to look for.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { rootFleetStack, type FleetStack } from "../support/fleet-engine";

/** The minimal example's stack file plus a memory store whose memories are this many characters long. */
function withMemories(stackText: string, ...lengths: number[]): string {
  const stack = parseDocument(stackText);
  const memories = lengths.map((length, index) => ({ path: `notes/${index}.md`, content: "x".repeat(length) }));
  stack.setIn(["config", "qoder-fleet:fleet", "memoryStores"], { notes: { memories } });
  return stack.toString({ lineWidth: 0 });
}

describe("stack config size on the engine", () => {
  let stack: FleetStack;
  let stackFile: string;
  let original: string;

  beforeAll(async () => {
    stack = await rootFleetStack("minimal");
    stackFile = path.join(stack.project.dir, "Pulumi.dev.yaml");
    original = fs.readFileSync(stackFile, "utf8");
  });
  afterAll(() => stack?.dispose());

  it("config size: a stack file near 128 KiB previews, and warns with the fix", async () => {
    fs.writeFileSync(stackFile, withMemories(original, 60_000, 45_000));
    const result = await stack.project.run(["preview"]);
    const output = (result.stdout + result.stderr).replace(/\s+/g, " ");
    process.stdout.write(`${/warning: The stack config is[\s\S]*?pulumi-qoder\./.exec(output)?.[0] ?? "no warning"}\n`);
    expect(output).toMatch(/The stack config is 1\d\d KiB \(qoder-fleet:fleet holds 1\d\d KiB of it\), close to the 128 KiB Linux allows/);
    expect(output).toContain("`pulumi config set fleetFile fleet.yaml`");
    expect(output).toContain("memoryStores.notes.memories[0].content (59 KiB)");
  });

  it("config size: past 128 KiB, node cannot start, with the error the docs name", async () => {
    fs.writeFileSync(stackFile, withMemories(original, 80_000, 80_000));
    const result = await stack.project.run(["preview"], 1);
    expect(result.stdout + result.stderr).toMatch(/error: .*fork\/exec \S*node: argument list too long/);
    expect(result.stdout + result.stderr).not.toContain("The stack config is");
  });
});
