// Chaos: a fleet of 62 resources of all seven kinds goes up through an API that fails at random, the same way
// for a given seed: 10% of requests answer 500, 5% answer 429 with Retry-After, 3% lose their connection before
// the server runs them, and 15% of creates are committed and then lose their connection. At most two `pulumi
// up`s must converge on exactly the declared objects (no duplicate, no orphan), the next preview must show no
// change, and at most two `pulumi destroy`s must leave no live object. QODER_CHAOS_SEED replays another seed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultSpec } from "../../emulator";
import { CREATE_PATHS, census, generateFleet, injectedFaults, show, stackState, sum, zero, type Census, type PerKind } from "../support/chaos-fleet";
import { fleetStack, type FleetStack } from "../support/fleet-engine";

const SEED = Number(process.env.QODER_CHAOS_SEED ?? 20261202);
const fleet = generateFleet("chaos", {
  environments: 6,
  skills: 4,
  vaults: 4,
  credentials: 2,
  memoryStores: 4,
  memories: 4,
  agents: 16,
  coordinators: 4,
});

/** Each fault draws from its own generator (emulator/faults.ts `seed`); the first matching kind wins. */
const FAULTS: FaultSpec[] = [
  { kind: "error", status: 500, probability: 0.1, seed: SEED },
  { kind: "rate-limit", retryAfter: 1, probability: 0.05, seed: SEED + 1 },
  { kind: "reset", probability: 0.03, seed: SEED + 2 },
  ...CREATE_PATHS.map((path, i): FaultSpec => ({ kind: "drop-after-commit", method: "POST", path, probability: 0.15, seed: SEED + 3 + i })),
];

/** What destroy archives rather than deletes, by the generated fleet's deletion policies. */
const ARCHIVED_BY_DESTROY: PerKind = { ...zero(), Agent: fleet.expected.Agent, MemoryStore: 2, Environment: 2, Vault: 1 };

/** Runs `pulumi <command>` up to `max` times until one succeeds; returns how many runs it took (max + 1: never). */
async function converge(stack: FleetStack, command: "up" | "destroy", max: number, failures: string[]): Promise<number> {
  for (let run = 1; run <= max; run++) {
    try {
      await stack.project[command]();
      return run;
    } catch (error) {
      failures.push(
        `${command} #${run}: ${String(error)
          .split("\n")
          .filter((line) => /error|failed/i.test(line))
          .slice(0, 8)
          .join(" | ")}`,
      );
    }
  }
  return max + 1;
}

// Two ups (or destroys) with retry waits on a loaded machine may pass the tier's default of 300 s per test.
describe("chaos: a 62-resource fleet under seeded faults", { timeout: 600_000 }, () => {
  let stack: FleetStack;
  const started = Date.now();
  const failures: string[] = [];
  let ups = 0;
  let destroys = 0;
  let afterUp: Census | undefined;
  let afterDestroy: Census | undefined;

  beforeAll(async () => {
    stack = await fleetStack("chaos-engine", fleet.program);
    for (const [file, text] of Object.entries(fleet.files)) stack.project.writeFile(file, text);
    for (const fault of FAULTS) stack.emulator.admin.addFault(fault);
  });

  afterAll(async () => {
    const faults = stack ? injectedFaults(stack.emulator) : {};
    const requests = stack?.emulator.admin.stats().total ?? 0;
    console.log(
      [
        `CHAOS seed=${SEED} resources=${fleet.total} requests=${requests}`,
        `faults{${Object.entries(faults)
          .map(([kind, n]) => `${kind}=${n}`)
          .join(" ")}}`,
        `ups-to-converge=${ups} destroys-to-converge=${destroys}`,
        `objects{${afterUp ? show(afterUp.objects) : "-"}}`,
        `duplicates=${afterUp ? sum(afterUp.duplicates) : "-"} orphans=${afterUp ? sum(afterUp.orphans) : "-"}`,
        `live-after-destroy=${afterDestroy ? sum(afterDestroy.live) : "-"} archived{${afterDestroy ? show(afterDestroy.objects) : "-"}}`,
        `time=${((Date.now() - started) / 1000).toFixed(1)}s`,
      ].join(" "),
    );
    for (const failure of failures) console.log(`CHAOS failed run: ${failure}`);
    await stack?.dispose();
  });

  it("chaos: at most two ups converge on exactly the declared objects, with no duplicate and no orphan", async () => {
    ups = await converge(stack, "up", 2, failures);
    expect(ups, failures.join("\n")).toBeLessThanOrEqual(2);
    const state = await stackState(stack.project);
    afterUp = census(stack.emulator, state);
    const inState = Object.fromEntries(Object.entries(state.ids).map(([kind, ids]) => [kind, ids.length]));
    expect({ objects: afterUp.objects, live: afterUp.live, inState }).toEqual({
      objects: fleet.expected,
      live: fleet.expected,
      inState: fleet.expected,
    });
    expect({ duplicates: afterUp.duplicates, orphans: afterUp.orphans, missing: afterUp.missing }).toEqual({
      duplicates: zero(),
      orphans: zero(),
      missing: zero(),
    });
    expect(state.pending).toEqual({});
  });

  it("chaos: every kind of fault was injected", () => {
    const faults = injectedFaults(stack.emulator);
    for (const kind of ["500", "rate-limit", "reset", "drop-after-commit"]) expect(faults[kind] ?? 0, kind).toBeGreaterThan(0);
  });

  it("chaos: the next preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });

  it("chaos: at most two destroys leave no live object, and archive what the kinds archive", async () => {
    destroys = await converge(stack, "destroy", 2, failures);
    expect(destroys, failures.join("\n")).toBeLessThanOrEqual(2);
    const state = await stackState(stack.project);
    afterDestroy = census(stack.emulator, state);
    expect(afterDestroy.live).toEqual(zero());
    expect(afterDestroy.objects).toEqual(ARCHIVED_BY_DESTROY);
    expect(sum(afterDestroy.duplicates)).toBe(0);
    expect(Object.values(state.ids).flat()).toEqual([]);
  });
});
