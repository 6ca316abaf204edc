// Validates a fleet document completely before anything is declared: the schema, references between entries,
// secrets, the API's cross-field rules, skill directories and uploaded files, all collected into one list of
// problems.
import type { z } from "zod";
import { contentFileReader, resolveContentFiles, type ReadTextFile } from "./content-files";
import { FleetDocument, SECRET_FIELDS } from "./schema";
import { problemsFromIssues } from "./issues";
import { formatPath, valueAt, type FleetProblem, type Path } from "./problems";
import { unsecretableProblems } from "./plain-names";
import { PROTO_KEY, prototypeKeyProblems, throughPrototypeKey } from "./prototype-keys";
import { referenceProblems } from "./references";
import { apiRuleProblems } from "./rules";
import {
  isPrefix,
  isResourceTokenPath,
  redactProblems,
  resolveSecrets,
  secretFieldPaths,
  secretReferencePaths,
  secretValues,
  SecretPaths,
  type ConfigSource,
  type Form,
} from "./secrets";

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
   * Says what is wrong with the file a `files` entry uploads (its path as written, with the entry's
   * `allowOutsideProject` and `mediaType`), or undefined when the upload would take it.
   */
  checkFile?: (file: string, options: { allowOutsideProject?: boolean; mediaType?: string }) => Promise<string | undefined>;
  /**
   * Reads the file a `systemFile` or `contentFile` names (as written in the document). The loader reads them
   * relative to the file that declares the fleet; without one, relative to the working directory.
   */
  readTextFile?: ReadTextFile;
}

export interface ValidFleet {
  /**
   * The document as the fleet schema parsed it, with `{ secret: key }` references replaced by their values and
   * content files by their texts. Parsed once, here: whatever takes it (the loader, the builder) trusts it.
   */
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

async function fileProblems(data: unknown, check: FleetInput["checkFile"]): Promise<FleetProblem[]> {
  const files = (data as { files?: unknown } | null)?.files;
  if (!check || files === null || typeof files !== "object" || Array.isArray(files)) return [];
  const problems = await Promise.all(
    Object.entries(files as Record<string, { path?: unknown; allowOutsideProject?: unknown; mediaType?: unknown } | null>).map(
      async ([key, file]) => {
        const path = file?.path;
        if (typeof path !== "string" || path === "") return [];
        // Values of the wrong type are the schema's to report; until then the file stays inside, its type guessed.
        const mediaType = typeof file?.mediaType === "string" && file.mediaType !== "" ? file.mediaType : undefined;
        const problem = await check(path, { allowOutsideProject: file?.allowOutsideProject === true, ...(mediaType ? { mediaType } : {}) });
        return problem ? [{ path: ["files", key, "path"], message: problem }] : [];
      },
    ),
  );
  return problems.flat();
}

/** A missing credential secret says how to set one, the way the stack form stores secrets. */
function withSecretHints(problems: FleetProblem[], input: FleetInput): FleetProblem[] {
  return problems.map((problem) => {
    const field = String(problem.path[problem.path.length - 1]);
    const secretField = (SECRET_FIELDS.includes(field) && problem.path[0] === "vaults") || isResourceTokenPath(problem.path);
    if (!problem.message.startsWith("is required") || !secretField) return problem;
    const command =
      input.form === "stack"
        ? `pulumi config set --path --secret '${input.fleetKey}.${formatPath(problem.path)}' <value>`
        : "pulumi config set --secret <config key> <value>";
    const how = input.form === "stack" ? `set it with \`${command}\`` : `write ${field}: { secret: <config key> } and run \`${command}\``;
    return { ...problem, message: `is required: a secret; ${how}` };
  });
}

/** The sections whose entries the API's rules read (fleet/rules.ts). */
const RULE_SECTIONS = ["agents", "environments", "mcpServers", "deployments"] as const;

/** The issue is about the entry at `entry`, or about a place that holds it (a section that is no map, say). */
function concerns(issue: z.core.$ZodIssue, entry: Path): boolean {
  const path = issue.path as Path;
  if (path.length < entry.length && issue.code === "unrecognized_keys") return false;
  return isPrefix(entry, path) || isPrefix(path, entry);
}

/**
 * What the fleet schema accepted of a document it refused: in each section the rules read, every entry no
 * issue points into or at (a refused key keeps zod out of its entry, so that entry is unchecked, not
 * accepted; so is a `__proto__` entry, which zod skips without a word). An accepted entry is its own parse:
 * these entry schemas transform nothing but metadata maps, which come back equal (fleet-single-pass.test.ts
 * holds them to it).
 */
function acceptedPart(data: unknown, issues: readonly z.core.$ZodIssue[]): FleetDocument {
  const part: Record<string, Record<string, unknown>> = {};
  for (const section of RULE_SECTIONS) {
    const entries = data !== null && typeof data === "object" ? (data as Record<string, unknown>)[section] : undefined;
    if (entries === null || typeof entries !== "object" || Array.isArray(entries)) continue;
    part[section] = Object.fromEntries(
      Object.entries(entries).filter(([key]) => key !== PROTO_KEY && !issues.some((issue) => concerns(issue, [section, key]))),
    );
  }
  return part as FleetDocument;
}

/**
 * Validates the document with one pass of the fleet schema. Secrets and content files are resolved first, on
 * the document as written (each reports its own problems), so the one parse sees what the resources take; the
 * API's rules then run on what it accepted. References, `secure:` placement and skill directories are checked
 * on the document as written, so every problem is reported at once.
 */
export async function validateFleet(input: FleetInput): Promise<{ fleet: ValidFleet } | { problems: FleetProblem[] }> {
  const secrets = new SecretPaths([...(input.securePaths ?? []), ...secretFieldPaths(input.data), ...secretReferencePaths(input.data)]);
  const isSecret = (path: Path) => secrets.has(path);
  const resolved = resolveSecrets(input.data, {
    form: input.form,
    config: input.config,
    securePaths: input.securePaths,
    fleetKey: input.fleetKey,
  });
  const read = input.readTextFile ?? contentFileReader({ baseDir: process.cwd(), projectDir: process.cwd() });
  const files = await resolveContentFiles(resolved.data, read, isSecret);
  const parsed = FleetDocument.safeParse(files.data, { reportInput: true });
  const issues = parsed.success ? [] : parsed.error.issues;
  const found = [
    ...withSecretHints(problemsFromIssues(issues, { schema: FleetDocument, data: files.data, isSecret }), input),
    ...referenceProblems(input.data, secrets),
    ...unsecretableProblems((path) => valueAt(input.data, path), input.securePaths ?? []),
    ...resolved.problems,
    ...apiRuleProblems(parsed.success ? parsed.data : acceptedPart(files.data, issues)),
    ...(await skillProblems(input.data, input.checkSkillDirectory)),
    ...(await fileProblems(input.data, input.checkFile)),
    ...files.problems,
  ];
  const problems = [...prototypeKeyProblems(input.data), ...found.filter((problem) => !throughPrototypeKey(problem))];
  if (problems.length > 0 || !parsed.success) {
    return { problems: redactProblems(problems, [...secretValues(input.data, secrets), ...secretValues(resolved.data, secrets)]) };
  }
  // The files' texts in place of their references: what the resources take, so a diff shows the text.
  return { fleet: { document: parsed.data, secrets } };
}
