// The fleet `npm run bench` deploys: one program text for both packages (pulumi-qoder and the baseline in
// scripts/lib/baseline, whose classes have the same names), N resources cycling through the kinds, and the
// skill directories they upload. Revision 1 changes one in-place field of every resource but the vaults.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./pulumi-project";

export type Flavor = "ours" | "baseline";

/** The package each flavor's program requires. */
export const PACKAGE: Record<Flavor, string> = { ours: "pulumi-qoder", baseline: "qoder-bench-baseline" };

/**
 * Which baseline the benchmark runs: `bare`, or `identity`, the same with pulumi-qoder's one extra input
 * (`__identity`) on every resource, to tell what that input costs from what the rest of ours costs.
 */
export const BASELINES = ["bare", "identity"] as const;
export type Baseline = (typeof BASELINES)[number];

/** The module a flavor's program requires. */
function programModule(flavor: Flavor, baseline: Baseline): string {
  return flavor === "baseline" && baseline === "identity" ? `${PACKAGE.baseline}/with-identity` : PACKAGE[flavor];
}

/** The directory `installBaseline` copies into a project's node_modules. */
export const BASELINE_DIR = path.join(__dirname, "baseline");

const UNIT = ["Environment", "Agent", "MemoryStore", "Memory", "Vault"] as const;
/**
 * The kinds in the order a fleet of N takes them: three units, then a skill (16 resources). A Memory goes
 * into the store just before it. A vault cannot change in place (the API has no vault update), so the
 * update phase leaves vaults as they are; every other resource changes once, with no replacement.
 */
export const CYCLE = [...UNIT, ...UNIT, ...UNIT, "Skill"] as const;
export type Kind = (typeof CYCLE)[number];

/** How many resources of each kind a fleet of `size` holds. */
export function kindCounts(size: number): Record<Kind, number> {
  const counts = Object.fromEntries(CYCLE.map((kind) => [kind, 0])) as Record<Kind, number>;
  for (let i = 0; i < size; i++) counts[CYCLE[i % CYCLE.length]!] += 1;
  return counts;
}

/** The program (CommonJS index.js) for `size` resources at `revision` (0: as created, 1: updated). */
export function fleetProgram(flavor: Flavor, size: number, revision: number, baseline: Baseline = "bare"): string {
  return `"use strict";
const qoder = require(${JSON.stringify(programModule(flavor, baseline))});
const CYCLE = ${JSON.stringify(CYCLE)};
const changed = ${revision === 0 ? '""' : JSON.stringify(` (revision ${revision})`)};
let store;
for (let i = 0; i < ${size}; i++) {
  const name = "bench-" + i;
  switch (CYCLE[i % CYCLE.length]) {
    case "Environment":
      new qoder.Environment(name, {
        name,
        description: "Environment " + i + changed,
        config: { type: "cloud", networking: { type: "limited", allowedHosts: ["api.example.com"] } },
        metadata: { team: "bench" },
      });
      break;
    case "Agent":
      new qoder.Agent(name, { name, model: "auto", system: "Agent number " + i + changed, metadata: { team: "bench" } });
      break;
    case "MemoryStore":
      store = new qoder.MemoryStore(name, { name, description: "Store " + i + changed, deletionPolicy: "delete" });
      break;
    case "Memory":
      new qoder.Memory(name, { memoryStoreId: store.id, path: "notes/" + i + ".md", content: "Seed " + i + changed });
      break;
    case "Vault":
      new qoder.Vault(name, { displayName: "Vault " + i, metadata: { team: "bench" } });
      break;
    case "Skill":
      new qoder.Skill(name, { directory: "skills/" + name });
      break;
  }
}
`;
}

/** The skill directories of a fleet (path relative to the project → text); revision 1 edits SKILL.md's body. */
export function skillFiles(size: number, revision: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < size; i++) {
    if (CYCLE[i % CYCLE.length] !== "Skill") continue;
    const name = `bench-${i}`;
    files[`skills/${name}/SKILL.md`] = `---\nname: ${name}\ndescription: Benchmark skill ${i}\n---\n# ${name}\n\nRevision ${revision}.\n`;
    files[`skills/${name}/checklist.md`] = `- item one\n- item two\n- item ${i}\n`;
  }
  return files;
}

/** Copies the baseline package into a project's node_modules: a real directory, as pulumi-qoder is there. */
export function installBaseline(projectDir: string): void {
  fs.cpSync(BASELINE_DIR, path.join(projectDir, "node_modules", PACKAGE.baseline), { recursive: true });
}

/**
 * A copy of this package's package.json and dist/ as they are now: every run installs this copy, so a
 * rebuild during the benchmark (others work in the same checkout) cannot change what is measured halfway.
 */
export function snapshotPackage(): { dir: string; dispose(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-qoder-bench-package-"));
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(dir, "package.json"));
  fs.cpSync(path.join(repoRoot, "dist"), path.join(dir, "dist"), { recursive: true });
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Puts the snapshot where PulumiProject.create put this package (node_modules/pulumi-qoder). */
export function installSnapshot(projectDir: string, snapshotDir: string): void {
  const installed = path.join(projectDir, "node_modules", PACKAGE.ours);
  fs.rmSync(installed, { recursive: true, force: true });
  fs.cpSync(snapshotDir, installed, { recursive: true });
}
