// The preview summary (provider/gitops, the `qoder-preview-summary` bin). Golden files: each capture of the
// real CLI in test/fixtures/gitops (made by test/engine/gitops-fixtures.test.ts) renders to the Markdown
// checked in beside it; `UPDATE_GOLDEN=1` rewrites those. Then no secret ever reaches the Markdown, each
// consequence in plain words on steps made for it, both forms of the JSON, and the command line.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Json, PreviewStep } from "../../provider/gitops/preview-json";
import { parsePreview, PreviewJsonError, renderPreviewSummary, type SummaryOptions } from "../../provider/gitops/preview-summary";
import { isSecretKey, maskTokens, SECRET_SIG, SECRET_SIG_KEY } from "../../provider/gitops/secrets";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "test", "fixtures", "gitops");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** The values test/engine/gitops-fixtures.test.ts planted in the fixture stack. */
const PLANTED = [
  "ghp-gitops0fixture0secret0do0not0leak", // a credential's token, a Pulumi secret
  "ci-gitops0fixture0secret0one", // a credential's secret value, before its rotation
  "ci-gitops0fixture0secret0two", // and after
  "pt-engine-test-token-do-not-leak", // the Qoder token in the stack config
  "svc-gitops0fixture0plain0token", // plain text, under the key SERVICE_TOKEN of a deployment's environment
];

/** Each capture of JSON with the options the example workflows give it. */
const GOLDEN: { input: string; options: SummaryOptions }[] = [
  { input: "change.preview-json.stdout", options: {} },
  { input: "policy.preview-json-stream.stdout", options: { title: "Preview of stack test" } },
  { input: "policy.preview-json.stdout", options: { title: "Preview of stack test" } },
  { input: "apply.up-json.stdout", options: { title: "pulumi up of stack test" } },
  { input: "drift.preview-refresh-json.stdout", options: { title: "Drift in stack test: what pulumi up would change back", drift: true } },
];

const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

describe("preview summary: golden files", () => {
  it("every JSON capture of the fixtures has a golden case", () => {
    const captures = fs.readdirSync(FIXTURES).filter((name) => name.endsWith(".stdout") && name.includes("json"));
    expect(captures.sort()).toEqual(GOLDEN.map((g) => g.input).sort());
  });

  for (const { input, options } of GOLDEN) {
    it(`${input} renders as ${input.replace(/\.stdout$/, ".md")}`, () => {
      const markdown = renderPreviewSummary(read(input), options);
      const golden = path.join(FIXTURES, input.replace(/\.stdout$/, ".md"));
      if (UPDATE) fs.writeFileSync(golden, markdown);
      expect(markdown).toBe(fs.readFileSync(golden, "utf8"));
    });
  }
});

describe("preview summary: secrets", () => {
  it("no planted value reaches the Markdown, though the plain one is in the JSON", () => {
    for (const { input, options } of GOLDEN) {
      const json = read(input);
      const markdown = renderPreviewSummary(json, options);
      for (const value of PLANTED) expect(markdown, `${input}: ${value}`).not.toContain(value);
      // The plain value is in the captures, so the summary, not Pulumi, is what hides it.
      if (input.startsWith("change")) expect(json).toContain(PLANTED[4]);
    }
  });

  it("the secrets of the fixture show as [secret], where the reviewer sees that something changed", () => {
    const markdown = renderPreviewSummary(read("change.preview-json.stdout"));
    expect(markdown).toContain("No visible property changes: what changes is a secret (`auth.secretValue`), and its value is never shown.");
  });

  it("a token-like key hides its value even when it changes, and names the change", () => {
    const markdown = render([
      update(
        "Deployment",
        "nightly",
        { environmentVariables: { SERVICE_TOKEN: "svc-old0value0plain", REGION: "eu" } },
        { environmentVariables: { SERVICE_TOKEN: "svc-new0value0plain", REGION: "eu" } },
      ),
    ]);
    expect(markdown).toContain("| `environmentVariables.SERVICE_TOKEN` | `[secret]` | `[secret]` |");
    expect(markdown).not.toMatch(/svc-(old|new)0value/);
  });

  it("Pulumi's secret signature object (the streamed form) is a secret, wherever it sits", () => {
    const sig = { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: "[secret]", plaintext: '"leaked-if-printed"' };
    const markdown = render([
      update(
        "VaultCredential",
        "github",
        { auth: { type: "static_bearer", token: sig } },
        { auth: { type: "static_bearer", token: sig, mcpServerUrl: "https://x" } },
      ),
      create("Agent", "a", { name: "a", system: "x", metadata: { note: sig } }),
    ]);
    expect(markdown).toContain("| `metadata.note` | `[secret]` |");
    expect(markdown).not.toContain("leaked-if-printed");
    expect(markdown).not.toContain(SECRET_SIG);
  });

  it("token-shaped strings are masked inside any text, long texts and diffs included", () => {
    // Assembled here so that no token-shaped literal sits in the repository.
    const token = ["ghp", "0123456789abcdefghij0123"].join("_");
    const markdown = render(
      [update("Agent", "a", { system: `line one\nuse ${token}\nline three` }, { system: `line one\nuse ${token} please\nline three` })],
      {
        outputs: { version: 1 },
      },
    );
    expect(markdown).not.toContain(token);
    expect(markdown).toContain("-use [secret]");
    expect(markdown).toContain("+use [secret] please");
  });

  it("secret keys and what only names a secret", () => {
    for (const key of [
      "token",
      "secretValue",
      "accessToken",
      "clientSecret",
      "GITHUB_TOKEN",
      "OPENAI_API_KEY",
      "STRIPE_KEY",
      "password",
      "authorization",
    ])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of [
      "secretName",
      "tokenEndpoint",
      "tokenEndpointAuth",
      "credentialId",
      "SECRET_NAME",
      "type",
      "mcpServerUrl",
      "keyboard",
      "monkey",
    ])
      expect(isSecretKey(key), key).toBe(false);
    expect(maskTokens("Authorization: Bearer abc.def and pt-0123-4567-89ab-cdef")).toBe("Authorization: Bearer [secret] and [secret]");
  });
});

// ---- steps made for one rule each --------------------------------------------------------------------------

const TOKEN = "pulumi-nodejs:dynamic/qoder:";
const urn = (kind: string, name: string) => `urn:pulumi:prod::fleet::${kind.includes(":") ? kind : TOKEN + kind}::${name}`;

function state(kind: string, name: string, inputs: Json, outputs: Json = {}, id?: string): Json {
  return { urn: urn(kind, name), type: kind.includes(":") ? kind : TOKEN + kind, custom: true, id, inputs, outputs };
}

function update(kind: string, name: string, before: Json, after: Json, op = "update"): Json {
  return { op, urn: urn(kind, name), oldState: state(kind, name, before, before, `${kind.toLowerCase()}_1`), newState: state(kind, name, after) };
}

function create(kind: string, name: string, inputs: Json): Json {
  return { op: "create", urn: urn(kind, name), newState: state(kind, name, inputs) };
}

function remove(kind: string, name: string, inputs: Json, id = `${kind.toLowerCase()}_1`): Json {
  return { op: "delete", urn: urn(kind, name), oldState: state(kind, name, inputs, inputs, id) };
}

/** A digest of these steps; `outputs` are merged into the old state of each. */
function render(steps: Json[], extra: { outputs?: Json; options?: SummaryOptions } = {}): string {
  for (const step of steps) {
    const old = step.oldState as Json | undefined;
    if (old && extra.outputs) old.outputs = { ...(old.outputs as Json), ...extra.outputs };
  }
  return renderPreviewSummary(JSON.stringify({ steps, changeSummary: {} }), extra.options);
}

describe("preview summary: consequences", () => {
  it("a memory store archived by default, or deleted with deletionPolicy delete", () => {
    expect(render([remove("MemoryStore", "notes", { name: "notes" })])).toContain("archives memory store `notes`: its memories stay readable");
    expect(render([remove("MemoryStore", "notes", { name: "notes", deletionPolicy: "delete" })])).toContain(
      "deletes memory store `notes` and every memory in it",
    );
    expect(render([remove("MemoryStore", "notes", { name: "notes", deletionPolicy: "delete" })])).toContain(
      "| MemoryStore |  |  |  | `notes` (delete) |",
    );
  });

  it("an agent update goes to the next version; its destroy archives it", () => {
    expect(render([update("Agent", "lead", { model: "auto" }, { model: "ultimate" })], { outputs: { version: 7 } })).toContain(
      "agent goes to version 8",
    );
    expect(render([remove("Agent", "lead", { name: "lead" })])).toContain("archives agent `lead`");
  });

  it("a replaced vault names the credentials it takes along", () => {
    const vault = update("Vault", "tools", { displayName: "a" }, { displayName: "b" }, "replace");
    const credential = update("VaultCredential", "gh", { vaultId: "vault_1" }, { vaultId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, "replace");
    const markdown = render([vault, credential]);
    expect(markdown).toContain("replaces the vault: its credentials are recreated (`gh`)");
    expect(markdown).toContain("| `vaultId` | `vault_1` | _known after apply_ |");
  });

  it("a replaced file names the deployments that mount it", () => {
    const file = update("File", "guide", { contentHash: "a" }, { contentHash: "b" }, "replace");
    const mounts = { resources: [{ type: "file", fileId: "file_1" }] };
    const deployment = update("Deployment", "nightly", mounts, { resources: [{ type: "file", fileId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }] });
    expect(render([file, deployment])).toContain("replaces the file: deployments that mount it move to the new one (`nightly`)");
  });

  it("a deployment's schedule in words, paused and unpaused, and the next run", () => {
    const before = { schedule: { cron: "0 2 * * *", timezone: "UTC" }, scheduleDescription: "At 02:00 (UTC)" };
    const after = {
      schedule: { cron: "0 3 * * *", timezone: "UTC" },
      scheduleDescription: "At 03:00 (UTC)",
      upcomingRunsAt: ["2026-12-03T03:00:00Z"],
    };
    const moved = render([update("Deployment", "nightly", before, after)]);
    expect(moved).toContain("deployment schedule: At 02:00 (UTC) → At 03:00 (UTC)");
    expect(moved).toContain("next run: 2026-12-03T03:00:00Z");
    expect(render([update("Deployment", "nightly", { paused: true }, {})])).toContain("unpaused: scheduled runs resume");
    expect(render([update("Deployment", "nightly", {}, { paused: true })])).toContain("paused: scheduled runs stop until it is unpaused");
    expect(render([update("Deployment", "nightly", { schedule: null }, { schedule: { cron: "0 * * * *", timezone: "UTC" } })])).toContain(
      "deployment schedule: manual runs only → 0 * * * * (UTC)",
    );
    expect(render([remove("Deployment", "nightly", {})])).toContain("archives deployment `nightly`: its scheduled runs stop");
  });

  it("other providers' resources are grouped as other; the stack and default providers are left out", () => {
    const markdown = render([
      create("aws:s3/bucket:Bucket", "logs", { acl: "private" }),
      create("pulumi:providers:aws", "default_6_0_0", {}),
      { op: "same", urn: urn("pulumi:pulumi:Stack", "fleet-prod") },
      create(`${TOKEN}StackIdentity`, "qoder-stack-identity", {}),
    ]);
    expect(markdown).toContain("| other | `logs` |  |  |  |");
    expect(markdown).not.toMatch(/default_6_0_0|StackIdentity|fleet-prod/);
  });

  it("no change at all", () => {
    expect(renderPreviewSummary(JSON.stringify({ steps: [{ op: "same", urn: urn("Agent", "a") }], changeSummary: { same: 1 } }))).toContain(
      "**No changes.** · 1 unchanged",
    );
  });

  it("a long text created is shown whole, collapsed; a property table cell escapes pipes and backticks", () => {
    const markdown = render([create("Agent", "a", { system: "one\ntwo | three\nfour", description: "a `quoted` | piped" })]);
    expect(markdown).toContain("| `system` | 3 lines, 20 characters |");
    expect(markdown).toContain("<details><summary>system</summary>\n\n```text\none\ntwo | three\nfour\n```");
    expect(markdown).toContain("| `description` | ``a `quoted` \\| piped`` |");
  });

  it("a summary longer than the limit leaves the long texts out, then is cut", () => {
    const rules = Array.from({ length: 400 }, (_, i) => `rule ${i}: ${"x".repeat(40)}`);
    const edited = rules.map((rule, i) => (i % 8 === 0 ? `${rule} (edited)` : rule));
    const step = update("Agent", "a", { system: rules.join("\n") }, { system: edited.join("\n") });
    expect(render([step]).length).toBeGreaterThan(10_000);
    const compact = render([step], { options: { maxLength: 2_000 } });
    expect(compact.length).toBeLessThanOrEqual(2_000);
    expect(compact).toContain("Long texts are left out");
  });
});

describe("preview summary: the two forms of the JSON", () => {
  it("the streamed form carries the policy violations, mandatory first", () => {
    const preview = parsePreview(read("policy.preview-json-stream.stdout"));
    expect(preview.format).toBe("events");
    expect(preview.failed).toBe(true);
    expect(preview.policies?.[0]).toMatchObject({ level: expect.any(String), pack: "qoder-fleet" });
    const markdown = renderPreviewSummary(read("policy.preview-json-stream.stdout"));
    expect(markdown).toMatch(/❌ \d+ mandatory · ⚠️ \d+ advisory \(`qoder-fleet`\)/);
    expect(markdown.indexOf("| mandatory |")).toBeLessThan(markdown.indexOf("| advisory |"));
  });

  it("the digest of the same preview knows only that it failed, and says where the violations are", () => {
    const preview = parsePreview(read("policy.preview-json.stdout"));
    expect(preview.format).toBe("digest");
    expect(preview.policies).toBeUndefined();
    expect(preview.diagnostics).toEqual([{ severity: "error", message: "preview failed", urn: undefined }]);
    expect(renderPreviewSummary(read("policy.preview-json.stdout"))).toContain("PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true");
  });

  it("both forms give the same steps for the same preview", () => {
    const ops = (steps: PreviewStep[]) =>
      steps
        .filter((s) => s.op !== "same")
        .map((s) => `${s.op} ${s.name}`)
        .sort();
    expect(ops(parsePreview(read("policy.preview-json-stream.stdout")).steps)).toEqual(ops(parsePreview(read("policy.preview-json.stdout")).steps));
  });

  it("what is not preview JSON is refused with the reason", () => {
    expect(() => parsePreview("")).toThrow(PreviewJsonError);
    expect(() => parsePreview("error: no stack named 'prod' found\n")).toThrow(/line 1 is not JSON/);
    expect(() => parsePreview('{"sequence": 1}\n{"x": 1}\n')).toThrow(/line 2 is not a Pulumi engine event/);
  });
});

describe("qoder-preview-summary command", () => {
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "provider/gitops/main.ts", ...args], { cwd: ROOT, input, encoding: "utf8" });

  it("reads a file or stdin and writes the Markdown", () => {
    const fromFile = cli([path.join(FIXTURES, "change.preview-json.stdout")]);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toBe(fs.readFileSync(path.join(FIXTURES, "change.preview-json.md"), "utf8"));
    const fromStdin = cli(["--title", "Preview of stack test"], read("policy.preview-json-stream.stdout"));
    expect(fromStdin.stdout).toBe(fs.readFileSync(path.join(FIXTURES, "policy.preview-json-stream.md"), "utf8"));
  });

  it("--out appends to a file (the job summary), --drift words a drift check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-summary-"));
    const out = path.join(dir, "summary.md");
    fs.writeFileSync(out, "before\n");
    const result = cli([path.join(FIXTURES, "drift.preview-refresh-json.stdout"), "--drift", "--out", out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("");
    const written = fs.readFileSync(out, "utf8");
    expect(written.startsWith("before\n## ")).toBe(true);
    expect(written).toContain("deleted outside Pulumi: `pulumi up` creates it again");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exit code 1 for input that is not preview JSON, 2 for a usage error", () => {
    const bad = cli([], "error: no stack named 'prod' found\n");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("qoder-preview-summary: stdin: line 1 is not JSON");
    expect(cli(["--frobnicate"]).status).toBe(2);
    expect(cli(["a.json", "b.json"]).status).toBe(2);
    expect(cli(["--max-length", "12"], "{}").status).toBe(2);
    expect(cli(["/nonexistent/preview.json"]).status).toBe(2);
  });
});
