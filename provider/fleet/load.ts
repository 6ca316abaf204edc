// Finds the fleet (inline in the stack file under `<project>:fleet`, or in the YAML file `<project>:fleetFile`
// names), validates it, and places every problem at its file:line:column. Throws FleetError, never calls the API.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { contentFileReader } from "./content-files";
import { checkFile, type FileCheck } from "./file-check";
import { formatPath, FleetError, type FleetProblem, type LocatedProblem, type Path } from "./problems";
import type { ConfigSource, Form } from "./secrets";
import type { SkillDirectoryCheck } from "./skill-directory";
import { ALIAS_MESSAGE, depthProblem, isAliasBomb, MAX_ALIAS_COUNT, tooDeepInValue, tooDeepInYaml } from "./limits";
import { firstAliasPosition, hasPath, parseYamlSource, positionOf, securePaths, syntaxProblems, type YamlSource } from "./source";
import { validateFleet, type ValidFleet } from "./validate";

export interface LoadOptions {
  /** The Pulumi project directory (where Pulumi.yaml is); paths in messages are relative to it. */
  projectDir: string;
  /**
   * The working directory of the program, which the dynamic providers share: the directory of Pulumi.yaml's
   * `main` file. Skill directories are handed to the resources relative to it.
   */
  workDir: string;
  stack: string;
  config: ConfigSource;
  /** Says what is wrong with a skill directory, if anything (skill-directory.ts `checkSkillDirectory`). */
  checkSkillDirectory?: (directory: SkillDirectoryCheck) => Promise<string | undefined>;
  /** Says what is wrong with a file a `files` entry uploads, if anything; by default file-check.ts `checkFile`. */
  checkFile?: (file: FileCheck) => Promise<string | undefined>;
}

export interface LoadedFleet extends ValidFleet {
  /** The file that declares the fleet, relative to the project directory. */
  file: string;
  /**
   * A skill's directory as the Skill resource takes it: relative to the working directory, so state holds
   * the same path on a laptop and in CI.
   */
  skillDirectory(key: string): string;
  /** A `files` entry's path as the File resource takes it: relative to the working directory, like skill directories. */
  filePath(key: string): string;
}

/** Where the document sits: a YAML file (maybe missing), and the path of the fleet inside it. */
interface Origin {
  source?: YamlSource;
  file: string;
  root: Path;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** `Pulumi.<stack>.yaml`, under `stackConfigDir` when Pulumi.yaml sets one. */
async function stackFileName(projectDir: string, stack: string): Promise<string> {
  const project = (await readText(path.join(projectDir, "Pulumi.yaml"))) ?? (await readText(path.join(projectDir, "Pulumi.yml")));
  const settings = project === undefined ? undefined : (parseYaml(project) as { stackConfigDir?: unknown } | null);
  const dir = typeof settings?.stackConfigDir === "string" ? settings.stackConfigDir : ".";
  return path.join(dir, `Pulumi.${stack}.yaml`);
}

function locate(origin: Origin, problem: FleetProblem): LocatedProblem {
  const position = problem.position ?? (origin.source ? positionOf(origin.source, [...origin.root, ...problem.path], problem.at) : undefined);
  return { file: origin.file, line: position?.line, column: position?.column, path: formatPath(problem.path), message: problem.message };
}

function fail(origin: Origin, problems: FleetProblem[]): never {
  throw new FleetError(problems.map((problem) => locate(origin, problem)));
}

/** The stack file's own config key of the fleet: `<project>:fleet`, or the bare `fleet` Pulumi also accepts. */
function fleetRoot(source: YamlSource, project: string): Path {
  const qualified: Path = ["config", `${project}:fleet`];
  return hasPath(source, qualified) || !hasPath(source, ["config", "fleet"]) ? qualified : ["config", "fleet"];
}

function parseConfigValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The document as written: inline in the stack file, or in the file `<project>:fleetFile` names. */
interface Found {
  origin: Origin;
  data: unknown;
  form: Form;
  securePaths?: Path[];
}

async function findDocument(options: LoadOptions): Promise<Found> {
  const { config, projectDir } = options;
  const fleetKey = `${config.project}:fleet`;
  const fileKey = `${config.project}:fleetFile`;
  const stackFile = await stackFileName(projectDir, options.stack);
  const stackText = await readText(path.join(projectDir, stackFile));
  const deepStack = stackText === undefined ? undefined : tooDeepInYaml(stackText);
  if (deepStack) fail({ file: stackFile, root: [] }, [depthProblem([], deepStack)]);
  const stackSource = stackText === undefined ? undefined : parseYamlSource(stackFile, stackText);
  const stackOrigin: Origin = { source: stackSource, file: stackFile, root: ["config"] };
  const inline = config.get(fleetKey);
  const fleetFile = config.get(fileKey);

  if (inline !== undefined && fleetFile !== undefined) {
    fail(stackOrigin, [{ path: [fileKey], message: `the stack sets both ${fleetKey} and ${fileKey}; keep one of them` }]);
  }
  if (inline !== undefined) {
    const root = stackSource ? fleetRoot(stackSource, config.project) : [];
    const secure = stackSource ? securePaths(stackSource, root) : undefined;
    const origin: Origin = { source: stackSource, file: stackFile, root };
    const data = parseConfigValue(inline);
    const deep = tooDeepInValue(data);
    if (deep) fail(origin, [depthProblem(deep)]);
    return { origin, data, form: "stack", securePaths: secure };
  }
  if (fleetFile === undefined) {
    const command = `pulumi config set ${fileKey.slice(config.project.length + 1)} fleet.yaml`;
    fail(stackOrigin, [
      {
        path: [fleetKey],
        message: `is not set: declare the fleet under config: ${fleetKey}: in ${stackFile}, or name a fleet file with \`${command}\``,
      },
    ]);
  }
  const file = path.normalize(fleetFile);
  const text = await readText(path.resolve(projectDir, file));
  if (text === undefined) {
    fail(stackOrigin, [{ path: [fileKey], message: `names ${file}, which does not exist (the path is relative to the directory of Pulumi.yaml)` }]);
  }
  const deepFile = tooDeepInYaml(text);
  if (deepFile) fail({ file, root: [] }, [depthProblem([], deepFile)]);
  const source = parseYamlSource(file, text);
  const origin: Origin = { source, file, root: [] };
  const syntax = syntaxProblems(source);
  if (syntax.length > 0) fail(origin, syntax);
  return { origin, data: fileData(origin, source), form: "file" };
}

/** The fleet file as data: aliases expanded within MAX_ALIAS_COUNT, and no deeper than MAX_DEPTH after it. */
function fileData(origin: Origin, source: YamlSource): unknown {
  let data: unknown;
  try {
    data = source.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!isAliasBomb(err)) throw err;
    fail(origin, [{ path: [], message: ALIAS_MESSAGE, position: firstAliasPosition(source) }]);
  }
  const deep = tooDeepInValue(data);
  if (deep) fail(origin, [depthProblem(deep)]);
  return data;
}

export async function loadFleet(options: LoadOptions): Promise<LoadedFleet> {
  const { origin, data, form, securePaths: secure } = await findDocument(options);
  const baseDir = path.resolve(options.projectDir, path.dirname(origin.file));
  // Skill directories and uploaded files are written relative to the file that declares the fleet.
  const locateLocal = (directory: string) => {
    const absolute = path.resolve(baseDir, directory);
    return {
      absolute,
      shown: path.relative(options.projectDir, absolute) || ".",
      forResource: path.relative(options.workDir, absolute) || ".",
    };
  };
  const check = options.checkSkillDirectory;
  const checkUpload = options.checkFile ?? checkFile;
  const result = await validateFleet({
    data,
    form,
    fleetKey: `${options.config.project}:fleet`,
    securePaths: secure,
    config: options.config,
    checkSkillDirectory: check && ((directory, how) => check({ ...locateLocal(directory), projectDir: options.projectDir, ...how })),
    checkFile: (file, how) => checkUpload({ ...locateLocal(file), projectDir: options.projectDir, ...how }),
    readTextFile: contentFileReader({ baseDir, projectDir: options.projectDir }),
  });
  if ("problems" in result) fail(origin, result.problems);
  const skills = result.fleet.document.skills ?? {};
  const files = result.fleet.document.files ?? {};
  const forResource = (written: string) => locateLocal(written).forResource.split(path.sep).join("/");
  return {
    ...result.fleet,
    file: origin.file,
    skillDirectory: (key) => forResource(skills[key]?.directory ?? key),
    filePath: (key) => forResource(files[key]?.path ?? key),
  };
}
