// Long texts from files: an agent's systemFile and a memory's contentFile become the resource's system and
// content, read relative to the file that declares the fleet; a file outside the project, missing, not UTF-8
// or over the API's limit is a problem at the reference's line, before anything is declared.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { declareFleet, FleetError, loadFleet, type LoadedFleet } from "../../provider/fleet";
import { agentDefinition } from "../../provider/fleet/agent-definition";
import { configOf, PROJECT } from "../fixtures/fleet/harness";

const dirs: string[] = [];

/** A project with the given files; the stack file holds `stack` verbatim. */
function project(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-content-"));
  dirs.push(root);
  const dir = path.join(root, "project");
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function load(dir: string): Promise<LoadedFleet> {
  const config = configOf(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"));
  return loadFleet({ projectDir: dir, workDir: dir, stack: "dev", config });
}

async function problemsOf(dir: string): Promise<string[]> {
  const error = await load(dir).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof FleetError)) throw new Error(`expected a FleetError, got ${String(error)}`);
  return error.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.path}: ${problem.message}`);
}

/** A stack file whose fleet has one agent with `agent` and one store with one memory `memory` (YAML flow). */
function stackWith(agent: string, memory = "{ path: notes.md, content: Notes. }"): string {
  return [
    "config:",
    "  qoder-fleet:fleet:",
    "    agents:",
    "      reviewer:",
    "        model: auto",
    `        ${agent}`,
    "    memoryStores:",
    "      notes:",
    "        memories:",
    `          - ${memory}`,
    "",
  ].join("\n");
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("fleet content files", () => {
  it("content files: an inline fleet reads them relative to the project; resources get the text", async () => {
    const prompt = "You review pull requests.\nBe brief.\n";
    const dir = project({
      "prompts/reviewer.md": prompt,
      "docs/handbook.md": "# Handbook\n",
      "Pulumi.dev.yaml": stackWith("systemFile: prompts/reviewer.md", "{ path: handbook.md, contentFile: docs/handbook.md }"),
    });
    const fleet = await load(dir);
    const agent = fleet.document.agents?.reviewer;
    expect(agent?.system).toBe(prompt);
    expect(agent).not.toHaveProperty("systemFile");
    expect(fleet.document.memoryStores?.notes?.memories).toEqual([{ path: "handbook.md", content: "# Handbook\n" }]);
    const ids = { skill: () => ({ id: "", latestVersion: "" }), agent: () => ({ id: "", version: 1 }), mcpServer: () => ({ name: "", url: "" }) };
    expect(agentDefinition("reviewer", agent!, ids).system).toBe(prompt);
  });

  it("content files: the declared Agent and Memory take the files' text as their inputs, so a diff shows the text", async () => {
    const declared: { type: string; inputs: Record<string, unknown> }[] = [];
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          declared.push({ type: args.type.replace("pulumi-nodejs:dynamic/qoder:", ""), inputs: args.inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs, version: 1 } };
        },
        call: () => ({}),
      },
      PROJECT,
      "dev",
      false,
    );
    const dir = project({
      "prompts/reviewer.md": "Review.\n",
      "docs/handbook.md": "# Handbook\n",
      "Pulumi.dev.yaml": stackWith("systemFile: prompts/reviewer.md", "{ path: handbook.md, contentFile: docs/handbook.md }"),
    });
    const outputs = declareFleet(await load(dir));
    const memory = outputs.memoryStores.notes!.memories["handbook.md"]!.id;
    await new Promise((resolve) => pulumi.all([outputs.agents.reviewer!.id, memory]).apply(resolve));
    expect(declared.find((resource) => resource.type === "Agent")?.inputs).toMatchObject({ system: "Review.\n" });
    expect(declared.find((resource) => resource.type === "Agent")?.inputs).not.toHaveProperty("systemFile");
    expect(declared.find((resource) => resource.type === "Memory")?.inputs).toMatchObject({ path: "handbook.md", content: "# Handbook\n" });
  });

  it("content files: a fleet file reads them relative to its own directory, and may reach up inside the project; a BOM is dropped", async () => {
    const dir = project({
      "shared/prompt.md": "Shared prompt.",
      "fleets/notes/seed.md": "\ufeffSeed.",
      "fleets/fleet.yaml": [
        "agents:",
        "  reviewer: { model: auto, systemFile: ../shared/prompt.md }",
        "memoryStores:",
        "  notes: { memories: [{ path: seed.md, contentFile: notes/seed.md }] }",
        "",
      ].join("\n"),
      "Pulumi.dev.yaml": "config:\n  qoder-fleet:fleetFile: fleets/fleet.yaml\n",
    });
    const fleet = await load(dir);
    expect(fleet.document.agents?.reviewer?.system).toBe("Shared prompt.");
    expect(fleet.document.memoryStores?.notes?.memories?.[0]?.content).toBe("Seed.");
  });

  it("content files: a path out of the project, by .. or as an absolute path, is refused at its line", async () => {
    const dir = project({ "Pulumi.dev.yaml": stackWith("systemFile: ../outside.md", "{ path: a.md, contentFile: /etc/hostname }") });
    fs.writeFileSync(path.join(dir, "..", "outside.md"), "outside");
    expect(await problemsOf(dir)).toEqual([
      "Pulumi.dev.yaml:6:21 agents.reviewer.systemFile: ../outside.md is outside the project directory; a content file must be inside it (paths are relative to the file that declares the fleet)",
      "Pulumi.dev.yaml:10:40 memoryStores.notes.memories[0].contentFile: /etc/hostname is outside the project directory; a content file must be inside it (paths are relative to the file that declares the fleet)",
    ]);
  });

  it("content files: a link inside the project to a file outside it is refused", async () => {
    const dir = project({ "Pulumi.dev.yaml": stackWith("systemFile: prompts/linked.md") });
    fs.writeFileSync(path.join(dir, "..", "outside.md"), "outside");
    fs.mkdirSync(path.join(dir, "prompts"));
    fs.symlinkSync(path.join(dir, "..", "outside.md"), path.join(dir, "prompts", "linked.md"));
    expect(await problemsOf(dir)).toEqual([
      "Pulumi.dev.yaml:6:21 agents.reviewer.systemFile: prompts/linked.md is a link to a file outside the project directory; a content file must be inside it",
    ]);
  });

  it("content files: a missing file, a directory and a file that is not UTF-8 are each a problem", async () => {
    const dir = project({
      "docs/readme.md": "ok",
      "docs/latin1.md": Buffer.from([0x63, 0x61, 0x66, 0xe9]),
      "Pulumi.dev.yaml": [
        "config:",
        "  qoder-fleet:fleet:",
        "    agents:",
        "      a: { model: auto, systemFile: prompts/missing.md }",
        "      b: { model: auto, systemFile: docs }",
        "      c: { model: auto, systemFile: docs/latin1.md }",
        "",
      ].join("\n"),
    });
    expect(await problemsOf(dir)).toEqual([
      "Pulumi.dev.yaml:4:37 agents.a.systemFile: prompts/missing.md does not exist (paths are relative to the file that declares the fleet)",
      "Pulumi.dev.yaml:5:37 agents.b.systemFile: docs is not a file",
      "Pulumi.dev.yaml:6:37 agents.c.systemFile: docs/latin1.md is not UTF-8 text",
    ]);
  });

  it("content files: a system prompt over 100000 characters and a memory over 100 KB are refused, naming the limit", async () => {
    const dir = project({
      "prompts/long.md": "é".repeat(100_001),
      "docs/big.md": "x".repeat(100 * 1024 + 1),
      "Pulumi.dev.yaml": stackWith("systemFile: prompts/long.md", "{ path: big.md, contentFile: docs/big.md }"),
    });
    expect(await problemsOf(dir)).toEqual([
      "Pulumi.dev.yaml:6:21 agents.reviewer.systemFile: prompts/long.md has 100001 characters; a system prompt is at most 100000 characters",
      "Pulumi.dev.yaml:10:42 memoryStores.notes.memories[0].contentFile: docs/big.md is 102401 bytes; a memory's content is at most 102400 bytes (100 KB)",
    ]);
  });

  it("content files: exactly at the limits, the texts are taken whole", async () => {
    const dir = project({
      "prompts/long.md": "é".repeat(100_000),
      "docs/big.md": "x".repeat(100 * 1024),
      "Pulumi.dev.yaml": stackWith("systemFile: prompts/long.md", "{ path: big.md, contentFile: docs/big.md }"),
    });
    const fleet = await load(dir);
    expect(fleet.document.agents?.reviewer?.system).toHaveLength(100_000);
    expect(fleet.document.memoryStores?.notes?.memories?.[0]?.content).toHaveLength(100 * 1024);
  });

  it("content files: a path stored as a secret is never shown, not even as the project-relative path", async () => {
    const dir = project({
      "Pulumi.dev.yaml": stackWith(
        "systemFile: { secure: plain:./private/prompt-name.md }",
        "{ path: a.md, contentFile: { secure: plain:../private.md } }",
      ),
    });
    const problems = await problemsOf(dir);
    expect(problems).toEqual([
      "Pulumi.dev.yaml:6:21 agents.reviewer.systemFile: the file does not exist (paths are relative to the file that declares the fleet)",
      "Pulumi.dev.yaml:10:40 memoryStores.notes.memories[0].contentFile: the file is outside the project directory; a content file must be inside it (paths are relative to the file that declares the fleet)",
    ]);
  });

  it("content files: an empty memory file, both forms at once, and a memory with neither are problems", async () => {
    const dir = project({
      "docs/empty.md": " \n",
      "prompts/reviewer.md": "Review.",
      "Pulumi.dev.yaml": [
        "config:",
        "  qoder-fleet:fleet:",
        "    agents:",
        "      reviewer: { model: auto, system: Inline., systemFile: prompts/reviewer.md }",
        "    memoryStores:",
        "      notes:",
        "        memories:",
        "          - { path: a.md, contentFile: docs/empty.md }",
        "          - { path: b.md, content: Inline., contentFile: docs/empty.md }",
        "          - { path: c.md }",
        "",
      ].join("\n"),
    });
    expect(await problemsOf(dir)).toEqual([
      "Pulumi.dev.yaml:4:49 agents.reviewer.systemFile: write either system or systemFile, not both",
      "Pulumi.dev.yaml:8:40 memoryStores.notes.memories[0].contentFile: docs/empty.md is empty; a memory's content must not be empty",
      "Pulumi.dev.yaml:9:45 memoryStores.notes.memories[1].contentFile: write either content or contentFile, not both",
      "Pulumi.dev.yaml:10:13 memoryStores.notes.memories[2].content: is required: the text itself, or contentFile naming a file that holds it",
    ]);
  });
});
