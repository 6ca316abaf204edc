// Files a `files` entry uploads, checked by the fleet loader with the File resource's own rules before anything
// is declared: relative to the file that declares the fleet, inside the project unless the entry opts out (by
// its path or through a symbolic link), and handed to the File resource relative to the program's directory.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fleetProgram, FleetError, loadFleet } from "../../provider/fleet";
import { configOf, mockDeclarations, PROJECT } from "../fixtures/fleet/harness";

const declared: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
const roots: string[] = [];

/** A folder holding `project/` (Pulumi.yaml, a fleet file under fleets/, files under docs/) and `outside/`. */
function workspace(filesYaml: string, extra = "") {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-files-")));
  roots.push(root);
  const project = path.join(root, "project");
  const outside = path.join(root, "outside");
  fs.mkdirSync(path.join(project, "docs"), { recursive: true });
  fs.mkdirSync(path.join(project, "fleets"));
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(project, "docs", "runbook.md"), "# Runbook\n");
  fs.writeFileSync(path.join(project, "docs", "schema.graphql"), "type Query { ok: Boolean }\n");
  fs.writeFileSync(path.join(outside, "credentials.txt"), "aws_secret_access_key = do-not-upload\n");
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(project, "fleets", "prod.yaml"), `files:\n${filesYaml}${extra}`);
  const stack = `config:\n  ${PROJECT}:fleetFile: fleets/prod.yaml\n`;
  fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), stack);
  const options = { projectDir: project, workDir: project, stack: "dev", config: configOf(stack) };
  return { project, outside, options };
}

async function problemsOf(options: Parameters<typeof loadFleet>[0]): Promise<string[]> {
  const error = await loadFleet(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof FleetError)) throw new Error(`expected a FleetError, got ${String(error)}`);
  return error.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.path}: ${problem.message}`);
}

describe("fleet files", () => {
  beforeAll(() => {
    mockDeclarations((args) => declared.push({ type: args.type.replace("pulumi-nodejs:dynamic/qoder:", ""), name: args.name, inputs: args.inputs }));
  });
  afterEach(() => {
    declared.length = 0;
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it("fleet files: a path is relative to the fleet file, and reaches the File relative to the program's directory", async () => {
    const { options, project } = workspace("  runbook:\n    path: ../docs/runbook.md\n");
    const fleet = await loadFleet(options);
    expect(fleet.filePath("runbook")).toBe("docs/runbook.md");
    expect((await loadFleet({ ...options, workDir: path.join(project, "dist", "program") })).filePath("runbook")).toBe("../../docs/runbook.md");
    const outputs = await fleetProgram(options);
    await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
    expect(declared.filter((resource) => resource.type === "File")).toEqual([
      { type: "File", name: "runbook", inputs: expect.objectContaining({ path: "docs/runbook.md" }) },
    ]);
  });

  it("fleet files: a symbolic link out of the project is refused unless the entry opts out, and nothing is declared", async () => {
    const { options, project, outside } = workspace("  leak:\n    path: ../docs/notes.txt\n");
    fs.symlinkSync(path.join(outside, "credentials.txt"), path.join(project, "docs", "notes.txt"));
    expect(await problemsOf(options)).toEqual([
      "fleets/prod.yaml:3:11 files.leak.path: docs/notes.txt leads through a symbolic link to a file outside the project (the directory of Pulumi.yaml); move the file into the project, or set allowOutsideProject: true to upload it from there",
    ]);
    await expect(fleetProgram(options)).rejects.toBeInstanceOf(pulumi.RunError);
    expect(declared).toEqual([]);
  });

  it("fleet files: allowOutsideProject: true lets a file beside the project load, and reaches the File", async () => {
    const { options } = workspace("  shared:\n    path: ../../outside/credentials.txt\n    allowOutsideProject: true\n");
    const fleet = await loadFleet(options);
    expect(fleet.filePath("shared")).toBe("../outside/credentials.txt");
    expect(fleet.document.files?.shared?.allowOutsideProject).toBe(true);
  });

  it("fleet files: mediaType lets a text file of an extension the API does not know load", async () => {
    const unknown = workspace("  schema:\n    path: ../docs/schema.graphql\n");
    expect(await problemsOf(unknown.options)).toEqual([
      'fleets/prod.yaml:3:11 files.schema.path: docs/schema.graphql: the API takes text-based files only, and ".graphql" is not a known text type; set mediaType if it is one',
    ]);
    const typed = workspace("  schema:\n    path: ../docs/schema.graphql\n    mediaType: text/plain\n");
    expect((await loadFleet(typed.options)).document.files?.schema?.mediaType).toBe("text/plain");
  });

  it("fleet files: a deployment and a session preset mount a file by key, or an unmanaged one by its id", async () => {
    const { options } = workspace(
      "  runbook:\n    path: ../docs/runbook.md\n",
      [
        "environments:\n  sandbox: {}\n",
        "agents:\n  reviewer:\n    model: auto\n    resources:\n      - fileId: file_0123456789abcdef0123456789abcdef\n",
        "deployments:\n  nightly:\n    agent: reviewer\n    prompt: Check the runbook.\n    resources:\n      - file: runbook\n        mountPath: /workspace/runbook.md\n",
      ].join(""),
    );
    const outputs = await fleetProgram(options);
    await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
    const preset = await new Promise((resolve) => pulumi.output(outputs.sessions.reviewer).apply(resolve));
    expect(preset).toMatchObject({ resources: [{ type: "file", file_id: "file_0123456789abcdef0123456789abcdef" }] });
    const deployment = declared.find((resource) => resource.type === "Deployment")!;
    expect(deployment.inputs.resources).toEqual([{ type: "file", fileId: "runbook-id", mountPath: "/workspace/runbook.md" }]);
    expect(deployment.inputs.environmentId).toBe("sandbox-id");
  });
});
