// `pulumi up` while the API commits every create and then drops the connection: the client's retry carries the
// same Idempotency-Key, so exactly one remote object exists per resource and the next preview is clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetStack, type FleetStack } from "../support/fleet-engine";

const program = `
const qoder = require("pulumi-qoder");
new qoder.Agent("reviewer", { name: "reviewer", model: "auto", system: "review" });
new qoder.Environment("sandbox", { name: "sandbox" });
new qoder.Skill("review", { directory: "skills/review" });
const vault = new qoder.Vault("ci", { displayName: "ci" });
new qoder.VaultCredential("github", {
  vaultId: vault.id,
  auth: { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "ghp-fault-token" },
});
const store = new qoder.MemoryStore("notes", { name: "notes" });
new qoder.Memory("style", { memoryStoreId: store.id, path: "style.md", content: "Be brief." });
`;

/** Each create route, its emulator collection, and the route pattern its POSTs are counted under. */
const CREATES = [
  { path: "/agents", collection: "agents", route: "/agents" },
  { path: "/environments", collection: "environments", route: "/environments" },
  { path: "/skills", collection: "skills", route: "/skills" },
  { path: "/vaults", collection: "vaults", route: "/vaults" },
  { path: "/vaults/*/credentials", collection: "vault_credentials", route: "/vaults/:vault_id/credentials" },
  { path: "/memory_stores", collection: "memory_stores", route: "/memory_stores" },
  { path: "/memory_stores/*/memories", collection: "memories", route: "/memory_stores/:memory_store_id/memories" },
];

describe("faults during up", () => {
  let stack: FleetStack;

  beforeAll(async () => {
    stack = await fleetStack("faults-engine", program);
    stack.project.writeFile("skills/review/SKILL.md", "---\nname: review\ndescription: Reviews code\n---\n");
    for (const create of CREATES) stack.emulator.admin.addFault({ kind: "drop-after-commit", method: "POST", path: create.path, count: 1 });
    await stack.project.up();
  });
  afterAll(() => stack?.dispose());

  it("faults: every dropped create was retried (each create POST reached the API twice)", () => {
    expect(CREATES.map((create) => [create.route, stack.emulator.admin.count("POST", create.route)])).toEqual(
      CREATES.map((create) => [create.route, 2]),
    );
  });

  it("faults: exactly one remote object exists per resource", () => {
    expect(CREATES.map((create) => [create.collection, stack.emulator.admin.list(create.collection).length])).toEqual(
      CREATES.map((create) => [create.collection, 1]),
    );
  });

  it("faults: a second preview shows no changes", async () => {
    await stack.project.previewNoChanges();
  });
});
