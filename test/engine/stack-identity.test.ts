// Each stack's own identity on the real engine: two developers' `dev` stacks of one project, each in its own
// backend, on one Qoder account, never share an object (and one's destroy leaves the other's fleet alone); a
// create that failed with a 409 converges on the next `up` once the cause is gone; and a stack made before
// stack identities existed keeps its objects and previews no change to them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ENGINE_TOKEN, fleetStack, rootFleetStack, stored, type FleetStack } from "../support/fleet-engine";

const TOKEN_PATH = "qoder-fleet:fleet.vaults.review-tools.credentials.github.auth.token";
const COLLECTIONS = ["environments", "skills", "vaults", "vault_credentials", "memory_stores", "memories", "files", "agents", "deployments"] as const;

type StateResource = {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
};
type State = { deployment: { resources?: StateResource[] } };

async function qoderIds(stack: FleetStack): Promise<string[]> {
  const state = JSON.parse(await stack.project.exportState()) as State;
  return (state.deployment.resources ?? [])
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/qoder:") && !r.type.endsWith(":StackIdentity"))
    .map((r) => String(r.id))
    .sort();
}

const live = (emulator: RunningEmulator, collection: string) => emulator.admin.list(collection).filter((o) => !o.archived_at);

describe("two stacks with the same names on one account", () => {
  let emulator: RunningEmulator;
  let alice: FleetStack;
  let bob: FleetStack;

  beforeAll(async () => {
    emulator = await startEmulator({ tokens: [ENGINE_TOKEN], port: 0 });
    // Same project (the root fleet program), same stack name, same fleet: only the backends differ.
    alice = await rootFleetStack("review-team", { emulator });
    bob = await rootFleetStack("review-team", { emulator });
    for (const stack of [alice, bob]) await stack.project.setConfig(TOKEN_PATH, "ghp-engine0identity0token", { secret: true, path: true });
    // The one name the account itself keeps unique: a live deployment's.
    await bob.project.setConfig("qoder-fleet:fleet.deployments.nightly-dependency-audit.name", "nightly-dependency-audit-bob", { path: true });
  });
  afterAll(async () => {
    alice?.project.dispose();
    bob?.project.dispose();
    await emulator?.stop();
  });

  it("identity: the second stack's up creates its own objects, and the account holds two of everything", async () => {
    await alice.project.up();
    const before = Object.fromEntries(COLLECTIONS.map((c) => [c, live(emulator, c).length]));
    await bob.project.up();
    for (const collection of COLLECTIONS) expect(live(emulator, collection).length, collection).toBe(2 * before[collection]!);
    const [mine, theirs] = [await qoderIds(alice), await qoderIds(bob)];
    expect(mine.length).toBeGreaterThanOrEqual(10);
    expect(mine.filter((id) => theirs.includes(id))).toEqual([]);
  });

  it("identity: every resource's __identity starts with its stack's identity id, which no resource depends on", async () => {
    const resources = (JSON.parse(await alice.project.exportState()) as State).deployment.resources ?? [];
    const identity = resources.find((r) => r.type.endsWith(":StackIdentity"))!;
    const managed = resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/qoder:") && r !== identity);
    expect(managed.length).toBeGreaterThanOrEqual(10);
    for (const r of managed) {
      const [stackName, project, , name] = r.urn.replace("urn:pulumi:", "").split("::");
      expect(String(r.inputs?.__identity), r.urn).toBe(`${identity.id}/${project}/${stackName}/${r.type.split(":").pop()}/${name}`);
      // Only create and update use it, and both get the inputs: outputs leave it out (docs/performance.md).
      expect(r.outputs, r.urn).not.toHaveProperty("__identity");
      // The id is state, not a dependency: none recorded, so none rewritten at every checkpoint (docs/performance.md).
      expect([...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()]).not.toContain(identity.urn);
    }
  });

  it("identity: one stack's destroy leaves the other stack's objects untouched", async () => {
    await bob.project.destroy();
    for (const id of await qoderIds(alice)) {
      const collection = COLLECTIONS.find((c) => emulator.admin.get(c, id));
      expect(collection, id).toBeDefined();
      expect(emulator.admin.get(collection!, id)?.archived_at ?? null, id).toBeNull();
    }
    await alice.project.previewNoChanges();
  });
});

describe("a create that failed with a 409", () => {
  let stack: FleetStack;
  const program = (withMemory: boolean) => `
const qoder = require("pulumi-qoder");
const store = new qoder.MemoryStore("notes", { name: "notes", deletionPolicy: "delete" });
exports.storeId = store.id;
${withMemory ? 'exports.memoryId = new qoder.Memory("style", { memoryStoreId: store.id, path: "style.md", content: "Ours." }).id;' : ""}
`;

  beforeAll(async () => {
    stack = await fleetStack("sticky-conflict", program(false));
  });
  afterAll(() => stack?.dispose());

  it("identity: succeeds on the next up once the conflicting object is gone", async () => {
    await stack.project.up();
    const storeId = String((await stack.project.outputs()).storeId);
    const client = createClient({ token: ENGINE_TOKEN, baseUrl: stack.emulator.baseUrl });
    const theirs = await client.memoryStores.memories.create(storeId, { path: "style.md", content: "Theirs." });
    await client.close();

    stack.project.writeProgram(program(true));
    const failed = await stack.project.run(["up", "--yes", "--skip-preview"], 1);
    expect(failed.stdout + failed.stderr).toContain(`adoptId: "${theirs.id}"`);

    stack.emulator.admin.remove("memories", theirs.id);
    await stack.project.refresh();
    await stack.project.up();
    const memoryId = String((await stack.project.outputs()).memoryId);
    expect(stored(stack, "memories", memoryId)).toMatchObject({ path: "style.md", content: "Ours." });
    expect(stack.emulator.admin.list("memories")).toHaveLength(1);
    await stack.project.previewNoChanges();
  });
});

describe("a stack made before stack identities", () => {
  let stack: FleetStack;
  const program = `
const qoder = require("pulumi-qoder");
const env = new qoder.Environment("sandbox", { name: "sandbox", config: { type: "cloud" } });
exports.agentId = new qoder.Agent("helper", { name: "helper", model: "auto", metadata: { env: env.id } }).id;
`;

  beforeAll(async () => {
    stack = await fleetStack("legacy-identity", program);
  });
  afterAll(() => stack?.dispose());

  it("identity: keeps its objects, and the upgrade adds only the identity, with no API request", async () => {
    await stack.project.up();
    // Rewrite the state into what the previous release left: no identity resource, and `__identity` of
    // project/stack/type/name on every resource.
    const state = JSON.parse(await stack.project.exportState()) as State;
    const resources = state.deployment.resources ?? [];
    const identityUrn = resources.find((r) => r.type.endsWith(":StackIdentity"))?.urn;
    expect(identityUrn).toBeDefined();
    const notIdentity = (urns: string[] = []) => urns.filter((urn) => urn !== identityUrn);
    state.deployment.resources = resources
      .filter((r) => r.urn !== identityUrn)
      .map((r) => {
        if (!r.type.startsWith("pulumi-nodejs:dynamic/qoder:")) return r;
        const legacy = `legacy-identity/test/${r.type.split(":").pop()}/${String(r.inputs?.name)}`;
        const propertyDependencies = Object.fromEntries(
          Object.entries(r.propertyDependencies ?? {}).map(([name, urns]) => [name, notIdentity(urns)]),
        );
        return {
          ...r,
          inputs: { ...r.inputs, __identity: legacy },
          outputs: { ...r.outputs, __identity: legacy },
          dependencies: notIdentity(r.dependencies),
          propertyDependencies,
        };
      });
    expect(state.deployment.resources.length).toBe(resources.length - 1);
    stack.project.writeFile("legacy.json", JSON.stringify(state));
    await stack.project.run(["stack", "import", "--file", "legacy.json"]);
    const ids = await qoderIds(stack);

    stack.emulator.admin.clearLog();
    const preview = await stack.project.run(["preview"]);
    expect(preview.stdout).toMatch(/\+ 1 to create/);
    expect(preview.stdout).toMatch(/3 unchanged/);
    await stack.project.up();
    expect(stack.emulator.admin.stats().total).toBe(0);
    expect(await qoderIds(stack)).toEqual(ids);
    await stack.project.previewNoChanges();
    await stack.project.refresh("--expect-no-changes");
  });
});
