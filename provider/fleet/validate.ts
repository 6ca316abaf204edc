// Validates a fleet document completely before anything is declared: the schema, references between entries,
// secrets, the API's cross-field rules and skill directories, all collected into one list of problems.
import { contentFileReader, resolveContentFiles, type ReadTextFile } from "./content-files";
import { FleetDocument, SECRET_FIELDS } from "./schema";
import { problemsFromIssues } from "./issues";
import { formatPath, valueAt, type FleetProblem, type Path } from "./problems";
import { unsecretableProblems } from "./plain-names";
import { prototypeKeyProblems, throughPrototypeKey } from "./prototype-keys";
import { referenceProblems } from "./references";
import { apiRuleProblems } from "./rules";
import { credentialSecretPaths, redactProblems, resolveSecrets, secretValues, SecretPaths, type ConfigSource, type Form } from "./secrets";

export interface FleetInput {
  /** The document as Pulumi's config holds it (stack form, secrets decrypted) or as the fleet file reads. */
  data: unknown;
  form: Form;
  /** `qoder-fleet:fleet`: named in hints such as the `pulumi config set --path` command to run. */
  fleetKey: string;
  /** Paths of `secure:` values in the stack file; undefined when the file could not be read. */
  securePaths?: readonly Path[];
  config: ConfigSource;
  /**
   * Says what is wrong with a skill's directory (as written in the document, with the entry's
   * `allowOutsideProject`), or undefined when it is fine.
   */
  checkSkillDirectory?: (directory: string, options: { allowOutsideProject?: boolean }) => Promise<string | undefined>;
  /**
   * Reads the file a `systemFile` or `contentFile` names (as written in the document). The loader reads them
   * relative to the file that declares the fleet; without one, relative to the working directory.
   */
  readTextFile?: ReadTextFile;
}

export interface ValidFleet {
  /** The document with `{ secret: key }` references replaced by their values. */
  document: FleetDocument;
  /** Every path whose value is a secret, to be wrapped with `pulumi.secret`. */
  secrets: SecretPaths;
}

async function skillProblems(data: unknown, check: FleetInput["checkSkillDirectory"]): Promise<FleetProblem[]> {
  const skills = (data as { skills?: unknown } | null)?.skills;
  if (!check || skills === null || typeof skills !== "object" || Array.isArray(skills)) return [];
  const problems = await Promise.all(
    Object.entries(skills as Record<string, { directory?: unknown; allowOutsideProject?: unknown } | null>).map(async ([key, skill]) => {
      const directory = skill?.directory;
      if (typeof directory !== "string" || directory === "") return [];
      // A value that is no boolean is the schema's to report; until then the directory stays inside.
      const problem = await check(directory, { allowOutsideProject: skill?.allowOutsideProject === true });
      return problem ? [{ path: ["skills", key, "directory"], message: problem }] : [];
    }),
  );
  return problems.flat();
}

/** A missing credential secret says how to set one, the way the stack form stores secrets. */
function withSecretHints(problems: FleetProblem[], input: FleetInput): FleetProblem[] {
  return problems.map((problem) => {
    const field = String(problem.path[problem.path.length - 1]);
    if (!problem.message.startsWith("is required") || !SECRET_FIELDS.includes(field) || problem.path[0] !== "vaults") return problem;
    const command =
      input.form === "stack"
        ? `pulumi config set --path --secret '${input.fleetKey}.${formatPath(problem.path)}' <value>`
        : "pulumi config set --secret <config key> <value>";
    const how = input.form === "stack" ? `set it with \`${command}\`` : `write ${field}: { secret: <config key> } and run \`${command}\``;
    return { ...problem, message: `is required: a secret; ${how}` };
  });
}

export async function validateFleet(input: FleetInput): Promise<{ fleet: ValidFleet } | { problems: FleetProblem[] }> {
  const secrets = new SecretPaths([...(input.securePaths ?? []), ...credentialSecretPaths(input.data)]);
  const structure = FleetDocument.safeParse(input.data, { reportInput: true });
  const resolved = resolveSecrets(input.data, {
    form: input.form,
    config: input.config,
    securePaths: input.securePaths,
    fleetKey: input.fleetKey,
  });
  const read = input.readTextFile ?? contentFileReader({ baseDir: process.cwd(), projectDir: process.cwd() });
  const files = await resolveContentFiles(resolved.data, read, (path) => secrets.has(path));
  const found = [
    ...(structure.success
      ? []
      : withSecretHints(
          problemsFromIssues(structure.error.issues, { schema: FleetDocument, data: input.data, isSecret: (path) => secrets.has(path) }),
          input,
        )),
    ...referenceProblems(input.data, secrets),
    ...unsecretableProblems((path) => valueAt(input.data, path), input.securePaths ?? []),
    ...resolved.problems,
    ...apiRuleProblems(input.data),
    ...(await skillProblems(input.data, input.checkSkillDirectory)),
    ...files.problems,
  ];
  const problems = [...prototypeKeyProblems(input.data), ...found.filter((problem) => !throughPrototypeKey(problem))];
  if (problems.length > 0 || !structure.success) {
    return { problems: redactProblems(problems, [...secretValues(input.data, secrets), ...secretValues(resolved.data, secrets)]) };
  }
  // The files' texts in place of their references: what the resources take, so a diff shows the text.
  return { fleet: { document: FleetDocument.parse(files.data), secrets } };
}
