// What a fleet problem is and how the whole list reads: each one with its file:line:column, its property path
// and a message a person can act on, all reported together before anything is declared. No I/O.

/** A property path inside the fleet document: `["agents", "reviewer", "skills", 0]`. */
export type Path = readonly (string | number)[];

/** The value at a path of a loosely typed document (undefined when any step is missing). */
export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

export interface FleetProblem {
  path: Path;
  message: string;
  /** Point at the key of the property (an unknown or misspelled name) rather than at its value. */
  at?: "key" | "value";
  /** Known already (YAML syntax errors); otherwise found from the path. */
  position?: Position;
}

export interface Position {
  line: number;
  column: number;
}

/** A problem with its place in a file, as the error lists it. */
export interface LocatedProblem {
  file: string;
  line?: number;
  column?: number;
  /** `agents.reviewer.skills[0]` */
  path: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$:-]*$/;

/** `["agents", "reviewer", "skills", 0]` → `agents.reviewer.skills[0]`; odd keys are quoted: `a["b c"]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += `${out ? "." : ""}${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || "(the fleet document)";
}

export function formatProblem(problem: LocatedProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${where} ${problem.path}: ${problem.message}`;
}

function byPosition(a: LocatedProblem, b: LocatedProblem): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Thrown before any resource is declared, so an invalid document never reaches the API. The message lists
 * every problem, sorted by position, one per line in the compiler-style `file:line:column` form that
 * terminals and editors turn into links.
 */
export class FleetError extends Error {
  readonly problems: LocatedProblem[];

  constructor(problems: LocatedProblem[]) {
    const sorted = [...problems].sort(byPosition);
    const count = sorted.length === 1 ? "1 problem" : `${sorted.length} problems`;
    super(
      [
        `The Qoder fleet has ${count}; nothing was changed. Fix ${sorted.length === 1 ? "it" : "them"} and run \`pulumi preview\` again.`,
        ...sorted.map((problem) => `  ${formatProblem(problem)}`),
      ].join("\n"),
    );
    this.name = "FleetError";
    this.problems = sorted;
  }
}
