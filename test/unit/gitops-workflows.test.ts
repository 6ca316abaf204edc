// The example GitHub Actions workflows of a fleet repository (examples/gitops/.github/workflows): actionlint
// finds nothing in any of them, and they keep the rules the README promises (pinned actions, permissions per
// job, a per-stack concurrency group that never cancels a running `pulumi up`, secrets from the repository).
// actionlint is the pinned one from scripts/actionlint.mjs, which builds it with Go on first use (about 40 s
// with empty Go caches) and finds it in its cache after that.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, "examples", "gitops", ".github", "workflows");
const files = fs
  .readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

interface Finding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

type Json = Record<string, unknown>;
const workflow = (name: string) => parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Json;
const jobs = (name: string) => Object.entries(workflow(name).jobs as Record<string, Json>);

describe("example workflows", () => {
  let actionlint: { path: string; version: string; source: string };

  beforeAll(async () => {
    const script = path.join(ROOT, "scripts", "actionlint.mjs");
    const { ensureActionlint } = (await import(script)) as { ensureActionlint: () => Promise<typeof actionlint> };
    actionlint = await ensureActionlint();
    process.stdout.write(`actionlint v${actionlint.version} (${actionlint.source}): ${actionlint.path}\n`);
  }, 900_000);

  it("the three workflows are there", () => {
    expect(files).toEqual(["deploy.yml", "drift.yml", "preview.yml"]);
  });

  it("actionlint finds nothing in any workflow", () => {
    const result = spawnSync(actionlint.path, ["-format", "{{json .}}", ...files.map((name) => path.join(WORKFLOWS, name))], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    const findings = JSON.parse(result.stdout || "[]") as Finding[];
    expect(findings.map((f) => `${path.relative(ROOT, f.filepath)}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([]);
    expect(result.status).toBe(0);
  });

  it("every action is pinned to a full commit SHA with its version beside it", () => {
    for (const name of files) {
      const uses = [...fs.readFileSync(path.join(WORKFLOWS, name), "utf8").matchAll(/uses:\s*(\S+)(.*)$/gm)];
      expect(uses.length, name).toBeGreaterThan(0);
      for (const [, action, comment] of uses) {
        expect(action, `${name}: ${action}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(comment, `${name}: ${action}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("the workflow grants nothing, and each job only what it needs", () => {
    for (const name of files) {
      expect(workflow(name).permissions, name).toEqual({});
      for (const [id, job] of jobs(name)) {
        const permissions = job.permissions as Record<string, string>;
        expect(permissions, `${name} ${id}`).toBeDefined();
        const writes = Object.entries(permissions).filter(([, level]) => level === "write");
        // Only the jobs that post a comment or an issue write, and they run no code of the repository.
        if (writes.length > 0) {
          expect(writes, `${name} ${id}`).toEqual([[name === "drift.yml" ? "issues" : "pull-requests", "write"]]);
          const steps = job.steps as Json[];
          expect(
            steps.some((step) => String(step.uses ?? "").startsWith("actions/checkout@")),
            `${name} ${id}`,
          ).toBe(false);
        }
      }
    }
  });

  it("pulumi up runs one at a time per stack and is never cancelled halfway", () => {
    const [, up] = jobs("deploy.yml").find(([id]) => id === "up")!;
    expect(up.concurrency).toEqual({ group: `pulumi-up-\${{ matrix.stack }}`, "cancel-in-progress": false });
    const [, drift] = jobs("drift.yml").find(([id]) => id === "drift")!;
    expect((drift.concurrency as Json).group).not.toBe((up.concurrency as Json).group);
  });

  it("secrets come from the repository's secrets, and the Pulumi CLI version is pinned", () => {
    for (const name of files) {
      const text = fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
      for (const secret of ["QODER_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_ACCESS_TOKEN"])
        expect(text, `${name}: ${secret}`).toContain(`${secret}: \${{ secrets.${secret} }}`);
      expect(workflow(name).env).toMatchObject({ PULUMI_VERSION: "3.248.0" });
    }
  });

  it("the preview reads the streamed JSON (which carries policy violations) and the drift check uses exit code 7", () => {
    const preview = fs.readFileSync(path.join(WORKFLOWS, "preview.yml"), "utf8");
    expect(preview).toContain(`PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi "\${args[@]}" > preview.json`);
    expect(preview).toContain("--policy-pack");
    const drift = fs.readFileSync(path.join(WORKFLOWS, "drift.yml"), "utf8");
    expect(drift).toContain('pulumi preview --stack "$STACK" --refresh --expect-no-changes --json');
    expect(drift).toContain('if [ "$status" = 7 ]');
  });
});
