// Ownership: every object the provider creates carries its managing resource's identity under a reserved
// metadata key, which diffs and refresh never show, users cannot set, and a conflict names.
import { describe, expect, it } from "vitest";
import { OWNER_METADATA_KEY, UNKNOWN } from "../../provider/lifecycle/rules";
import { agentLifecycle as agent } from "../../provider/lifecycle/agent";
import { vaultLifecycle as vault } from "../../provider/lifecycle/vault";
import { vaultCredentialLifecycle as credential } from "../../provider/lifecycle/vault-credential";
import { memoryLifecycle as memory } from "../../provider/lifecycle/memory";
import { memoryStoreLifecycle as store } from "../../provider/lifecycle/memory-store";
import { checkAndCreate, checkAndDiff, useProvider } from "../support/provider";

const h = useProvider();
const IDENTITY = "stack_0f8e/fleet/dev/Agent/reviewer";

describe("ownership metadata", () => {
  it("a created object records its owner beside the user's metadata", async () => {
    const { id } = await checkAndCreate(agent, { name: "reviewer", model: "auto", metadata: { team: "platform" }, __identity: IDENTITY });
    expect(h.emulator.admin.get("agents", id)?.metadata).toEqual({ team: "platform", [OWNER_METADATA_KEY]: IDENTITY });
  });

  it("refresh hides the owner key, so the next preview shows no change", async () => {
    const news = { name: "reviewer", model: "auto", metadata: { team: "platform" }, __identity: IDENTITY };
    const { id, outs } = await checkAndCreate(agent, news);
    const read = await agent.read(id, outs);
    expect(read.inputs?.metadata).toEqual({ team: "platform" });
    expect((await checkAndDiff(agent, id, read.props ?? {}, news)).diff.changes).toBe(false);
  });

  it("an update of the user's metadata keeps the owner key", async () => {
    const olds = { name: "reviewer", model: "auto", metadata: { team: "platform" }, __identity: IDENTITY };
    const { id, outs } = await checkAndCreate(agent, olds);
    await agent.update(id, outs, { ...olds, metadata: { team: "search" } });
    expect(h.emulator.admin.get("agents", id)?.metadata).toEqual({ team: "search", [OWNER_METADATA_KEY]: IDENTITY });
  });

  it("a preview's unknown identity is the one in state, and stays unknown for a resource not yet in state", async () => {
    const olds = { name: "reviewer", model: "auto", __identity: IDENTITY };
    const previewed = await agent.check(olds, { name: "reviewer", model: "auto", __identity: UNKNOWN });
    expect(previewed).toEqual({ inputs: olds, failures: [] });
    const created = await agent.check({}, { name: "reviewer", model: "auto", __identity: UNKNOWN });
    expect(created.inputs.__identity).toBe(UNKNOWN);
  });

  it("check refuses the reserved key", async () => {
    const reserved = await agent.check({}, { name: "a", model: "auto", metadata: { [OWNER_METADATA_KEY]: "mine" } });
    expect(reserved.failures).toEqual([{ property: "metadata", reason: expect.stringContaining(`"${OWNER_METADATA_KEY}" is reserved`) }]);
  });

  it("metadata that already takes all 16 keys is created as declared, without the owner key", async () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"]));
    const { id } = await checkAndCreate(agent, { name: "a", model: "auto", metadata: sixteen, __identity: IDENTITY });
    expect(h.emulator.admin.get("agents", id)?.metadata).toEqual(sixteen);
  });

  it("an identity longer than a metadata value may be keeps its stack and type, and names the resource by a hash", async () => {
    const path = `${"deep/".repeat(100)}a.md`;
    const { id: memoryStoreId } = await checkAndCreate(store, { name: "notes" });
    const { id } = await checkAndCreate(memory, { memoryStoreId, path, content: "x", __identity: `stack_0f8e/fleet/dev/Memory/notes/${path}` });
    const stored = h.emulator.admin.get("memories", id)?.metadata as Record<string, string>;
    expect(stored[OWNER_METADATA_KEY]).toMatch(/^stack_0f8e\/fleet\/dev\/Memory\/sha256:[0-9a-f]{32}$/);
  });

  it("a credential refused for an MCP server another stack's credential serves names it, its owner and the adoptId", async () => {
    const { id: vaultId } = await checkAndCreate(vault, { displayName: "tools" });
    const auth = { type: "static_bearer", mcpServerUrl: "https://mcp.example.com/github", token: "tok" };
    const orphan = await checkAndCreate(credential, { vaultId, auth, __identity: "stack_aa11/fleet/dev/VaultCredential/github" });
    await expect(checkAndCreate(credential, { vaultId, auth, __identity: "stack_bb22/fleet/dev/VaultCredential/github" })).rejects.toThrow(
      `already has a credential for this MCP server (${orphan.id}); it is managed by the VaultCredential "github" of stack fleet/dev ` +
        `(identity stack_aa11). Set adoptId: "${orphan.id}" to manage it`,
    );
  });

  it("outputs leave the identity out, and an update and a refresh go on without it", async () => {
    const news = { name: "reviewer", model: "auto", metadata: { team: "platform" }, __identity: IDENTITY };
    const { id, outs } = await checkAndCreate(agent, news);
    expect(outs).not.toHaveProperty("__identity");
    // The update's owner and key come from the new inputs, which the program always sends with the identity.
    const updated = await agent.update(id, outs, { ...news, system: "Review." });
    expect(updated.outs).not.toHaveProperty("__identity");
    expect(h.emulator.admin.get("agents", id)?.metadata).toEqual({ team: "platform", [OWNER_METADATA_KEY]: IDENTITY });
    const read = await agent.read(id, updated.outs ?? {});
    expect([read.props, read.inputs]).not.toContainEqual(expect.objectContaining({ __identity: expect.anything() }));
    expect((await checkAndDiff(agent, id, read.props ?? {}, { ...news, system: "Review." })).diff.changes).toBe(false);
  });

  it("outputs an earlier release wrote keep their identity through a refresh, which then shows no change", async () => {
    const news = { name: "reviewer", model: "auto", __identity: IDENTITY };
    const { id, outs } = await checkAndCreate(agent, news);
    const earlier = { ...outs, __identity: IDENTITY };
    const read = await agent.read(id, earlier);
    expect(read.props).toEqual(earlier);
    expect(read.inputs?.__identity).toBe(IDENTITY);
  });
});
