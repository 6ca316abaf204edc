// Skill directories in a stack file, checked by the fleet before anything is declared: inside the project
// (the directory of Pulumi.yaml) unless the entry sets allowOutsideProject, symbolic links only where they stay
// inside, each problem at its file:line:column.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkSkillDirectory, fleetProgram, FleetError, loadFleet } from "../../provider/fleet";
import { configOf, mockDeclarations, PROJECT } from "../fixtures/fleet/harness";

const MANIFEST = "---\nname: review\ndescription: Reviews code\n---\n";
const declared: { type: string; inputs: Record<string, unknown> }[] = [];
const roots: string[] = [];

/** A folder holding `project/` (with Pulumi.yaml and the stack file) and `outside/`, a skill beside it. */
function workspace(skillsYaml: string) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-skill-dir-")));
  roots.push(root);
  const project = path.join(root, "project");
  const outside = path.join(root, "outside");
  fs.mkdirSync(path.join(project, "skills", "review"), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, "SKILL.md"), MANIFEST);
  fs.writeFileSync(path.join(outside, "credentials.txt"), "secret");
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\n`);
  const text = `config:\n  ${PROJECT}:fleet:\n    skills:\n${skillsYaml}`;
  fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), text);
  const options = { projectDir: project, workDir: project, stack: "dev", config: configOf(text), checkSkillDirectory };
  return { project, outside, review: path.join(project, "skills", "review"), options };
}

async function problemsOf(options: Parameters<typeof loadFleet>[0]): Promise<string[]> {
  const error = await loadFleet(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof FleetError)) throw new Error(`expected a FleetError, got ${String(error)}`);
  return error.problems.map((problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.path}: ${problem.message}`);
}

describe("fleet skill directories", () => {
  beforeAll(() => {
    mockDeclarations((args) => declared.push({ type: args.type, inputs: args.inputs }));
  });
  afterEach(() => {
    declared.length = 0;
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it("fleet skill directories: allowOutsideProject: true lets a skill beside the project load, and reaches the Skill", async () => {
    const { options } = workspace("      shared:\n        directory: ../outside\n        allowOutsideProject: true\n");
    const outputs = await fleetProgram(options);
    await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
    const skills = declared.filter((resource) => resource.type.endsWith(":Skill"));
    expect(skills.map((resource) => resource.inputs)).toEqual([expect.objectContaining({ directory: "../outside", allowOutsideProject: true })]);
  });

  it("fleet skill directories: a SKILL.md that is a symbolic link inside the project is found", async () => {
    const { project, review, options } = workspace("      review:\n        directory: skills/review\n");
    fs.writeFileSync(path.join(project, "REVIEW.md"), MANIFEST);
    fs.symlinkSync(path.join(project, "REVIEW.md"), path.join(review, "SKILL.md"));
    await expect(loadFleet(options)).resolves.toBeDefined();
  });

  it("fleet skill directories: a link out of the project is a problem at the directory's line, naming the link", async () => {
    const { outside, review, options } = workspace("      review:\n        directory: skills/review\n");
    fs.writeFileSync(path.join(review, "SKILL.md"), MANIFEST);
    fs.symlinkSync(path.join(outside, "credentials.txt"), path.join(review, "creds.txt"));
    expect(await problemsOf(options)).toEqual([
      `Pulumi.dev.yaml:5:20 skills.review.directory: skills/review: creds.txt is a symbolic link to ${path.join(outside, "credentials.txt")}, ` +
        "outside the skill directory and the project (the directory of Pulumi.yaml); links are followed only within the skill directory and " +
        "the project (the directory of Pulumi.yaml), so that nothing else on this machine is uploaded. Copy the file into the skill instead, " +
        "or list creds.txt in .qoderignore to leave it out",
    ]);
  });

  it("fleet skill directories: a skill directory that is a link out of the project is a problem too", async () => {
    const { project, outside, options } = workspace("      linked:\n        directory: skills/linked\n");
    fs.symlinkSync(outside, path.join(project, "skills", "linked"));
    expect(await problemsOf(options)).toEqual([
      expect.stringMatching(
        /^Pulumi\.dev\.yaml:5:20 skills\.linked\.directory: skills\/linked leads through a symbolic link to .*outside, outside the project/,
      ),
    ]);
  });
});
