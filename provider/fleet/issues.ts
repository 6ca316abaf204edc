// zod issues of the fleet schema as fleet problems a person can act on: plain words, the property path, "did
// you mean" for misspelled names and values. Values are shown only when their path holds no secret.
import { z } from "zod";
import { valueAt, type FleetProblem, type Path } from "./problems";
import { didYouMean } from "./suggest";

type Issue = z.core.$ZodIssue;
type Def = Record<string, unknown> & { type: string };

export interface IssueContext {
  schema: z.ZodType;
  data: unknown;
  /** True when the value at this path came from a secret: it must never appear in a message. */
  isSecret(path: Path): boolean;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch"]);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let def = defOf(current); WRAPPERS.has(def.type); def = defOf(current)) current = def.innerType as z.ZodType;
  return current;
}

/** The union option a value was meant for: by discriminator, else the only option of the value's shape. */
function optionFor(union: Def, value: unknown): z.ZodType | undefined {
  const options = (union.options as z.ZodType[]).map(unwrap);
  const discriminator = union.discriminator as string | undefined;
  if (discriminator && value && typeof value === "object") {
    const wanted = (value as Record<string, unknown>)[discriminator];
    return options.find((option) => {
      const literal = defOf(unwrap(((defOf(option).shape ?? {}) as Record<string, z.ZodType>)[discriminator] ?? z.never()));
      return (literal.values as unknown[] | undefined)?.includes(wanted);
    });
  }
  const kind = Array.isArray(value) ? "array" : value !== null && typeof value === "object" ? "object" : typeof value;
  const matching = options.filter((option) => defOf(option).type === kind);
  if (matching.length === 1 || kind !== "object") return matching.length === 1 ? matching[0] : undefined;
  // Maps told apart by the keys they require (`{ file }`, `{ memoryStore }`): the one whose required keys are
  // all written is the one meant.
  const written = matching.filter((option) => requiredKeys(option).every((key) => Object.hasOwn(value as object, key)));
  return written.length === 1 ? written[0] : undefined;
}

/** The keys an object schema requires (its fields that are not optional). */
function requiredKeys(schema: z.ZodType): string[] {
  const shape = (defOf(schema).shape ?? {}) as Record<string, z.ZodType>;
  return Object.entries(shape)
    .filter(([, field]) => (field as unknown as { _zod: { optin?: string } })._zod.optin !== "optional")
    .map(([key]) => key);
}

/** The schema that describes the value at `path` (unions resolved with the data), if it can be told. */
export function schemaAt(root: z.ZodType, data: unknown, path: Path): z.ZodType | undefined {
  let schema: z.ZodType | undefined = unwrap(root);
  for (let depth = 0; depth <= path.length && schema; depth++) {
    let def = defOf(schema);
    if (def.type === "union") {
      schema = optionFor(def, valueAt(data, path.slice(0, depth)));
      if (!schema) return undefined;
      def = defOf(schema);
    }
    if (depth === path.length) return schema;
    const segment = path[depth] as string | number;
    if (def.type === "object") schema = (def.shape as Record<string, z.ZodType>)[String(segment)];
    else if (def.type === "record") schema = def.valueType as z.ZodType;
    else if (def.type === "array") schema = def.element as z.ZodType;
    else return undefined;
    schema = schema && unwrap(schema);
  }
  return schema;
}

function description(schema: z.ZodType | undefined): string | undefined {
  return schema ? (z.globalRegistry.get(schema)?.description ?? z.globalRegistry.get(unwrap(schema))?.description) : undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return { string: "a string", number: "a number", boolean: "true/false" }[typeof value as string] ?? typeof value;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a map of properties",
  array: "a list",
  record: "a map of entries",
};

function quoted(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

function sizeMessage(issue: Extract<Issue, { code: "too_big" | "too_small" }>): string {
  const limit = Number(issue.code === "too_big" ? issue.maximum : issue.minimum);
  const bound = issue.code === "too_big" ? "at most" : "at least";
  if (issue.origin === "string") return limit === 1 && issue.code === "too_small" ? "must not be empty" : `must be ${bound} ${limit} characters`;
  if (issue.origin === "array") return `must have ${bound} ${limit} item${limit === 1 ? "" : "s"}`;
  return `must be ${bound} ${limit}`;
}

/** Values of a discriminator that are not allowed where they were written, with where to go instead. */
const MISPLACED: Record<string, string> = {
  mcp_toolset: "MCP toolsets come from the agent's mcpServers list (keys of the top-level mcpServers)",
};

export function problemsFromIssues(issues: readonly Issue[], context: IssueContext, prefix: Path = []): FleetProblem[] {
  const problems = issues.flatMap((issue) => problemsOf(issue, [...prefix, ...(issue.path as (string | number)[])], context));
  return withoutRedundantRequired(problems);
}

/** `modle: auto` gives "unknown property modle; did you mean model?": saying model is missing adds nothing. */
function withoutRedundantRequired(problems: FleetProblem[]): FleetProblem[] {
  const suggested = new Set(
    problems.flatMap((problem) => {
      const match = /did you mean "([^"]+)"\?$/.exec(problem.message);
      return problem.at === "key" && match ? [JSON.stringify([...problem.path.slice(0, -1), match[1]])] : [];
    }),
  );
  return problems.filter((problem) => !(problem.message.startsWith("is required") && suggested.has(JSON.stringify(problem.path))));
}

function problemsOf(issue: Issue, path: Path, context: IssueContext): FleetProblem[] {
  const value = valueAt(context.data, path);
  const shown = context.isSecret(path) ? undefined : value;
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = Object.keys((defOf(schemaAt(context.schema, context.data, path) ?? z.object({})).shape ?? {}) as object);
      return issue.keys.map((key) => ({ path: [...path, key], at: "key" as const, message: unknownProperty(key, known) }));
    }
    case "invalid_union":
      return unionProblems(issue, path, value, shown, context);
    case "invalid_type": {
      if (value === undefined) {
        return [{ path, message: required(description(schemaAt(context.schema, context.data, path))) }];
      }
      return [{ path, message: `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(value)}` }];
    }
    case "invalid_value": {
      const hint = typeof value === "string" ? didYouMean(value, issue.values.map(String)) : "";
      const got = typeof shown === "string" ? `"${shown}" is not allowed; ` : "";
      return [{ path, message: `${got}must be ${issue.values.length === 1 ? quoted(issue.values) : `one of ${quoted(issue.values)}`}${hint}` }];
    }
    case "too_big":
    case "too_small":
      return [{ path, message: sizeMessage(issue) }];
    case "invalid_key":
      return [{ path, at: "key", message: issue.issues[0]?.message ?? "is not a valid key" }];
    case "invalid_format":
      if (issue.format === "url") return [{ path, message: "must be a URL, such as https://example.com/mcp" }];
      return [{ path, message: issue.message.startsWith("Invalid") ? `is not in the expected format (${issue.format})` : issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}

function unknownProperty(key: string, known: readonly string[]): string {
  const hint = didYouMean(key, known);
  if (hint || known.length === 0) return `unknown property "${key}"${hint}`;
  return `unknown property "${key}"; expected one of: ${known.join(", ")}`;
}

function unionProblems(
  issue: Extract<Issue, { code: "invalid_union" }>,
  path: Path,
  value: unknown,
  shown: unknown,
  context: IssueContext,
): FleetProblem[] {
  const discriminated = issue as typeof issue & { discriminator?: string; options?: unknown[] };
  if (discriminated.discriminator) {
    const options = (discriminated.options ?? []).map(String);
    if (value === undefined) return [{ path, message: `is required: one of ${quoted(options)}` }];
    const hint = typeof value === "string" ? (MISPLACED[value] ? `; ${MISPLACED[value]}` : didYouMean(value, options)) : "";
    const got = typeof shown === "string" ? `unknown ${discriminated.discriminator} "${shown}"; ` : "";
    return [{ path, message: `${got}must be one of ${quoted(options)}${hint}` }];
  }
  if (value === undefined) return [{ path, message: required(description(unionSchema(context, path))) }];
  // Several shapes are allowed (a key or a map, say): among the branches of the value's own shape, the one
  // it fails least is the one the author meant, and its problems are the precise ones.
  const shaped = issue.errors
    .filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0))
    .sort((a, b) => a.length - b.length);
  if (shaped.length === 1 || (shaped.length > 1 && (shaped[0]?.length ?? 0) < (shaped[1]?.length ?? 0))) {
    return problemsFromIssues(shaped[0] ?? [], context, path);
  }
  const about = description(unionSchema(context, path));
  return [{ path, message: `must be ${about ? lowerFirst(about) : "one of the allowed forms"}, not ${kindOf(value)}` }];
}

function unionSchema(context: IssueContext, path: Path): z.ZodType | undefined {
  const parent = schemaAt(context.schema, context.data, path.slice(0, -1));
  if (!parent) return undefined;
  const def = defOf(parent);
  const last = path[path.length - 1];
  if (def.type === "array") return def.element as z.ZodType;
  if (def.type === "object") return (def.shape as Record<string, z.ZodType>)[String(last)];
  if (def.type === "record") return def.valueType as z.ZodType;
  return undefined;
}

function required(about: string | undefined): string {
  return about ? `is required: ${lowerFirst(about)}` : "is required";
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, "");
}
