// examples/policy-pack as files: what the engine test cannot see, since it links this repository's
// node_modules instead of installing the pack's own. Reads files only; loading the pack would start a server.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { QODER_POLICY_NAMES } from "../../provider/policy";

const repoRoot = path.resolve(__dirname, "..", "..");
const packDir = path.join(repoRoot, "examples", "policy-pack");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
const manifest = readJson(path.join(packDir, "package.json")) as { dependencies: Record<string, string> };
// The versions the tests run are the dev dependencies (users bring their own SDKs as peers).
const root = readJson(path.join(repoRoot, "package.json")) as { devDependencies: Record<string, string> };

describe("example policy pack", () => {
  it("example pack: pins @pulumi/policy and @pulumi/pulumi to the versions the engine tests run", () => {
    expect(manifest.dependencies["@pulumi/policy"]).toBe(root.devDependencies["@pulumi/policy"]);
    expect(manifest.dependencies["@pulumi/pulumi"]).toBe(root.devDependencies["@pulumi/pulumi"]);
  });

  it("example pack: the sample config names only rules of the pack", () => {
    const config = readJson(path.join(packDir, "policy-config.json"));
    expect(Object.keys(config).filter((name) => !(QODER_POLICY_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});
