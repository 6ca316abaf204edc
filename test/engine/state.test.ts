// The no-drift loop and what state holds, on one exhaustive fleet (every field of every kind): applied,
// it previews and refreshes with no changes; the serialized provider stays small; neither the API token nor
// any credential secret is in `pulumi stack export` in plain text; a skill change rolls a pinning agent forward.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DECLARED_SECRETS, EXHAUSTIVE_PROGRAM, SKILL_FILES } from "../support/exhaustive-fleet";
import { ENGINE_TOKEN, fleetStack, stored, type FleetStack } from "../support/fleet-engine";

interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The key Pulumi marks an encrypted value with in state. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

const KINDS = ["Agent", "Environment", "Skill", "Vault", "VaultCredential", "MemoryStore", "Memory"];

describe("exhaustive fleet", () => {
  let stack: FleetStack;
  let exported: string;
  let firstPreview: string;
  let requestsDuringPreview: number;

  beforeAll(async () => {
    stack = await fleetStack("exhaustive-engine", EXHAUSTIVE_PROGRAM);
    for (const [path, text] of Object.entries(SKILL_FILES)) stack.project.writeFile(path, text);
    firstPreview = (await stack.project.run(["preview", "--diff"])).stdout;
    requestsDuringPreview = stack.emulator.admin.stats().total;
    await stack.project.up();
    exported = await stack.project.exportState();
  });
  afterAll(() => stack?.dispose());

  it("preview: a new stack previews while every id is still unknown, without calling the API", () => {
    expect(firstPreview).toMatch(/\+ 15 to create/);
    expect(requestsDuringPreview).toBe(0);
  });

  it("no-drift: the applied fleet previews with no changes", async () => {
    await stack.project.previewNoChanges();
  });

  it("no-drift: a refresh records nothing new, and the next preview has no changes", async () => {
    const refresh = await stack.project.refresh("--diff");
    expect(refresh.stdout).not.toMatch(/~ .*(update|changed)/);
    await stack.project.previewNoChanges();
  });

  it("state: the API token is not in the exported state in plain text", () => {
    expect(exported).not.toContain(ENGINE_TOKEN);
  });

  it("state: no credential secret is in the exported state in plain text", () => {
    for (const secret of DECLARED_SECRETS) expect(exported, secret).not.toContain(secret);
  });

  it("state: a credential's secret fields are encrypted one by one, and the rest of its auth stays readable", () => {
    const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources;
    const credentials = resources.filter((resource) => resource.type.endsWith(":VaultCredential"));
    expect(credentials).toHaveLength(3);
    const github = credentials.find((resource) => resource.urn.endsWith("::github"));
    for (const side of [github?.inputs, github?.outputs]) {
      const auth = side?.auth as Record<string, unknown>;
      expect(auth).toMatchObject({ type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github" });
      expect(Object.keys(auth.token as object)).toContain(SECRET_SIGNATURE);
    }
  });

  it("state: the serialized provider of every Qoder resource is at most 2 KB", () => {
    const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources;
    const sizes = resources
      .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/qoder:"))
      .map((resource) => ({ type: resource.type, bytes: Buffer.byteLength(String(resource.outputs?.__provider ?? "")) }));
    const largest = new Map<string, number>();
    for (const { type, bytes } of sizes) largest.set(type, Math.max(bytes, largest.get(type) ?? 0));
    for (const [type, bytes] of largest) process.stdout.write(`serialized provider of ${type}: ${bytes} bytes\n`);
    expect([...largest.keys()].map((type) => type.split(":").pop()).sort()).toEqual([...KINDS, "StackIdentity"].sort());
    expect(Math.max(...largest.values())).toBeLessThanOrEqual(2048);
    expect(Math.min(...largest.values())).toBeGreaterThan(0);
  });

  it("skill: new content moves latestVersion, and the agent pinning it updates to the new version", async () => {
    const before = (await stack.project.outputs()) as { lead: { id: string; version: number }; reviewVersion: string };
    stack.project.writeFile("skills/review/checklists/security.md", "- secrets\n- injection\n- dependencies\n");
    await stack.project.up();
    const after = (await stack.project.outputs()) as { lead: { id: string; version: number }; reviewVersion: string };
    expect(after.reviewVersion).not.toBe(before.reviewVersion);
    expect(after.lead.version).toBe(before.lead.version + 1);
    expect(stored(stack, "agents", after.lead.id).skills).toContainEqual({
      type: "custom",
      skill_id: expect.any(String),
      version: after.reviewVersion,
    });
    await stack.project.previewNoChanges();
  });
});
