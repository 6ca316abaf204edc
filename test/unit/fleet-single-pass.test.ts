// One pass per boundary: from the stack file to the declared resources, the fleet schema parses the document
// once, and the API's rules and the builder take what it parsed. Counted on the schemas themselves: the
// public parse methods, and how often zod ran the entry schemas (once per entry in a single pass).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkSkillDirectory, fleetProgram, FleetDocument, FleetError, loadFleet, validateFleet, type ConfigSource } from "../../provider/fleet";
import { FleetAgent, FleetDeployment, FleetEnvironment, FleetMcpServer } from "../../provider/fleet/schema";
import { fixtureProject, mockDeclarations } from "../fixtures/fleet/harness";

const reviewTeam = path.resolve(__dirname, "..", "..", "examples", "review-team", "Pulumi.dev.yaml");
const manyProblems = path.resolve(__dirname, "..", "fixtures", "fleet", "invalid", "42-many-problems.yaml");
const config: ConfigSource = { project: "qoder-fleet", get: () => undefined, isSecret: () => false };

/** Counts every way a schema can be run: its public parse methods, and zod's own run of it inside a parent. */
function countRuns() {
  const spies = {
    documentSafeParse: vi.spyOn(FleetDocument, "safeParse"),
    documentParse: vi.spyOn(FleetDocument, "parse"),
    agentSafeParse: vi.spyOn(FleetAgent, "safeParse"),
    agentParse: vi.spyOn(FleetAgent, "parse"),
    environmentSafeParse: vi.spyOn(FleetEnvironment, "safeParse"),
    environmentParse: vi.spyOn(FleetEnvironment, "parse"),
    document: vi.spyOn(FleetDocument._zod, "run"),
    agent: vi.spyOn(FleetAgent._zod, "run"),
    environment: vi.spyOn(FleetEnvironment._zod, "run"),
  };
  return () => Object.fromEntries(Object.entries(spies).map(([name, spy]) => [name, spy.mock.calls.length]));
}

/** The example stack file after `pulumi config set --path --secret …token`, in a throwaway project. */
function reviewTeamProject() {
  const text = fs.readFileSync(reviewTeam, "utf8");
  const url = "              mcpServerUrl: https://api.githubcopilot.com/mcp/\n";
  expect(text).toContain(url);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-single-pass-")), "Pulumi.dev.yaml");
  fs.writeFileSync(file, text.replace(url, `${url}              token:\n                secure: plain:ghp-unit-test\n`));
  const project = fixtureProject(file);
  return {
    options: { projectDir: project.dir, workDir: project.dir, stack: "dev", config: project.config, checkSkillDirectory },
    dispose: () => {
      project.dispose();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    },
  };
}

describe("fleet single pass", () => {
  beforeAll(() => {
    mockDeclarations(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("fleet single pass: loading and declaring the review-team example parses the document once, each entry once", async () => {
    const project = reviewTeamProject();
    try {
      const runs = countRuns();
      const outputs = await fleetProgram(project.options);
      await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
      expect(Object.keys(outputs.agents)).toEqual(["security-reviewer", "style-reviewer", "review-lead"]);
      // Before: two document parses (the document as written, then with its files read) and one more parse
      // of every agent and environment for the API's rules: 2 / 9 / 3.
      expect(runs()).toEqual({
        documentSafeParse: 1,
        documentParse: 0,
        agentSafeParse: 0,
        agentParse: 0,
        environmentSafeParse: 0,
        environmentParse: 0,
        document: 1,
        agent: 3,
        environment: 1,
      });
    } finally {
      project.dispose();
    }
  });

  it("fleet single pass: a refused document is parsed once too, and the rules still reach the entries it accepted", async () => {
    const project = fixtureProject(manyProblems);
    try {
      const runs = countRuns();
      const error = await loadFleet({ projectDir: project.dir, workDir: project.dir, stack: "dev", config: project.config }).catch(
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(FleetError);
      // editor is the one sound agent: its rule violation is reported beside the schema problems of the others.
      expect((error as FleetError).problems.map((problem) => problem.path)).toContain("agents.editor.tools[0].enabledTools[0]");
      expect(runs()).toMatchObject({
        documentSafeParse: 1,
        documentParse: 0,
        agentSafeParse: 0,
        agentParse: 0,
        document: 1,
        agent: 3,
        environment: 1,
      });
    } finally {
      project.dispose();
    }
  });

  it("fleet single pass: the rules see only what the schema accepted; a broken MCP server is reported once, in the schema's words", async () => {
    const data = {
      mcpServers: { github: { url: "https://mcp.example.com/github", name: 5 } },
      agents: { reviewer: { model: "auto", mcpServers: ["github"] } },
    };
    const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths: [], config });
    expect("problems" in result && result.problems).toEqual([{ path: ["mcpServers", "github", "name"], message: "must be a string, not a number" }]);
  });

  it("fleet single pass: an entry under a refused key is not checked inside until the key is fixed, by the schema or by the rules", async () => {
    const tools = [{ type: "agent_toolset_20260401", enabledTools: ["Bashh"] }];
    // (Before the single pass, the rules looked into such an entry on their own, though the schema had not.)
    const refused = await validateFleet({
      data: { agents: { "code review": { model: "auto", tools } } },
      form: "stack",
      fleetKey: "qoder-fleet:fleet",
      config,
    });
    expect("problems" in refused && refused.problems.map((problem) => problem.path)).toEqual([["agents", "code review"]]);
    const fixed = await validateFleet({
      data: { agents: { "code-review": { model: "auto", tools } } },
      form: "stack",
      fleetKey: "qoder-fleet:fleet",
      config,
    });
    expect("problems" in fixed && fixed.problems).toEqual([
      { path: ["agents", "code-review", "tools", 0, "enabledTools", 0], message: `unknown tool name 'Bashh'; did you mean "Bash"?` },
    ]);
  });
});

/** Paths (field names, `[]` for list items and map values) of every node that can change a value as it parses. */
function changingNodes(schema: z.ZodType, at = ""): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const own = ["transform", "default", "prefault", "catch"].includes(def.type) ? [at] : [];
  const children: [string, unknown][] = [
    ...Object.entries((def.shape as Record<string, unknown> | undefined) ?? {}).map(([key, child]): [string, unknown] => [`${at}.${key}`, child]),
    ...((def.options as unknown[] | undefined) ?? []).map((child): [string, unknown] => [at, child]),
    ...[def.element, def.valueType].map((child): [string, unknown] => [`${at}[]`, child]),
    ...[def.innerType, def.in, def.out].map((child): [string, unknown] => [at, child]),
  ];
  return [...own, ...children.filter(([, child]) => child !== undefined).flatMap(([where, child]) => changingNodes(child as z.ZodType, where))];
}

describe("fleet single pass: an accepted entry is its own parse", () => {
  // validate.ts hands the rules the entries of a refused document that no issue points into, as written: that
  // is only what the parse would have made of them while these schemas change no value but a metadata map's.
  for (const [name, schema, metadata] of [
    ["agent", FleetAgent, [".metadata"]],
    ["environment", FleetEnvironment, [".metadata"]],
    ["MCP server", FleetMcpServer, []],
    ["deployment", FleetDeployment, [".metadata"]],
  ] as const) {
    it(`fleet single pass: the ${name} schema changes no value${metadata.length > 0 ? " but its metadata map" : ""}`, () => {
      // The metadata map is found (the walk sees what it looks for): UserMap carries `__proto__` through zod's
      // record under another name and back.
      expect([...new Set(changingNodes(schema))]).toEqual(metadata);
    });
  }

  it("fleet single pass: the metadata map, with names objects inherit, parses to an equal map", () => {
    const metadata = { team: "platform", toString: "t", constructor: "c" };
    const agent = { model: "auto", metadata, tools: [{ type: "custom", name: "post", description: "Posts", inputSchema: { type: "object" } }] };
    expect(FleetAgent.parse(agent)).toEqual(agent);
    expect(FleetEnvironment.parse({ metadata, config: { type: "self_hosted" } })).toEqual({ metadata, config: { type: "self_hosted" } });
  });
});
