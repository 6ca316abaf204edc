// The corpus of invalid fleet documents (test/fixtures/fleet/invalid): each reports exactly its expected
// problems (file:line:column, path, message), never shows a secret, and stops the program before any
// resource is declared, so nothing can reach the API.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkSkillDirectory, fleetProgram, FleetError, loadFleet } from "../../provider/fleet";
import { expectationsOf, fixtureProject, mockDeclarations, type FixtureProject } from "../fixtures/fleet/harness";

const corpus = path.resolve(__dirname, "..", "fixtures", "fleet", "invalid");
const fixtures = fs
  .readdirSync(corpus)
  .filter((name) => name.endsWith(".yaml"))
  .sort();
const reviewTeam = path.resolve(__dirname, "..", "..", "examples", "review-team", "Pulumi.dev.yaml");

/** Every resource the program declares, as Pulumi's mock monitor sees it. */
const declared: string[] = [];

async function failureOf(project: FixtureProject): Promise<FleetError> {
  const options = { projectDir: project.dir, workDir: project.dir, stack: "dev", config: project.config, checkSkillDirectory };
  const error = await loadFleet(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(error instanceof FleetError)) throw new Error(`expected a FleetError, got ${String(error)}`);
  return error;
}

/** Literal secrets a fixture holds: credential secret fields, `secure: plain:…` values, stack config values. */
function secretsIn(fixture: string): string[] {
  const text = fs
    .readFileSync(fixture, "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("# expect:"))
    .join("\n");
  const fields = [...text.matchAll(/(?:token|secretValue|accessToken|refreshToken|clientSecret): ([^\s{][^\n]*)/g)];
  const plain = [...text.matchAll(/plain:(\S+)/g)];
  const header = /^# stack: (.*)$/m.exec(text)?.[1];
  return [...fields, ...plain].map((match) => match[1] as string).concat(header ? Object.values(JSON.parse(header) as Record<string, string>) : []);
}

describe("fleet corpus", () => {
  beforeAll(() => {
    mockDeclarations((args) => declared.push(`${args.type}::${args.name}`));
  });
  beforeEach(() => {
    declared.length = 0;
  });
  afterAll(() => {
    declared.length = 0;
  });

  it("fleet corpus: holds at least 30 invalid documents", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of fixtures) {
    const fixture = path.join(corpus, name);

    it(`fleet corpus: ${name} reports its expected problems`, async () => {
      const project = fixtureProject(fixture);
      try {
        const error = await failureOf(project);
        const file = name.endsWith(".fleet.yaml") ? "fleet.yaml" : "Pulumi.dev.yaml";
        expect(error.problems).toEqual(expectationsOf(fixture).map((expected) => ({ file, ...expected })));
      } finally {
        project.dispose();
      }
    });

    it(`fleet corpus: ${name} declares no resource, so no API request can follow`, async () => {
      const project = fixtureProject(fixture);
      try {
        const options = { projectDir: project.dir, workDir: project.dir, stack: "dev", config: project.config, checkSkillDirectory };
        await expect(fleetProgram(options)).rejects.toBeInstanceOf(pulumi.RunError);
        expect(declared).toEqual([]);
      } finally {
        project.dispose();
      }
    });
  }

  it("fleet corpus: no message shows a secret value of any fixture", async () => {
    const leaks: string[] = [];
    for (const name of fixtures) {
      const project = fixtureProject(path.join(corpus, name));
      try {
        const message = (await failureOf(project)).message;
        for (const secret of secretsIn(path.join(corpus, name))) if (message.includes(secret)) leaks.push(`${name}: ${secret}`);
      } finally {
        project.dispose();
      }
    }
    expect(secretsIn(path.join(corpus, "41-secret-value-never-shown.yaml"))).toEqual(["destroy-everything", "hidden-environment"]);
    expect(secretsIn(path.join(corpus, "53-secret-in-an-api-rule-message.yaml"))).toEqual(["internal-tools-7f3a", "internal-tools-7f3a"]);
    expect(leaks).toEqual([]);
  });

  it("fleet corpus: the valid example declares its resources through the same path (the counter works)", async () => {
    const project = fixtureProject(reviewTeamWithToken());
    try {
      const outputs = await fleetProgram({
        projectDir: project.dir,
        workDir: project.dir,
        stack: "dev",
        config: project.config,
        checkSkillDirectory,
      });
      await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
      expect(declared).toContain("pulumi-nodejs:dynamic/qoder:Agent::review-lead");
      expect(declared).toContain("pulumi-nodejs:dynamic/qoder:StackIdentity::qoder-stack-identity");
      expect(declared).toHaveLength(13);
    } finally {
      project.dispose();
    }
  });
});

/** The example stack file after `pulumi config set --path --secret …token`, as a fixture file. */
function reviewTeamWithToken(): string {
  const text = fs.readFileSync(reviewTeam, "utf8");
  const url = "              mcpServerUrl: https://api.githubcopilot.com/mcp/\n";
  expect(text).toContain(url);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-example-")), "Pulumi.dev.yaml");
  fs.writeFileSync(file, text.replace(url, `${url}              token:\n                secure: plain:ghp-unit-test\n`));
  return file;
}
