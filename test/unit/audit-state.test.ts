// qoder-audit's reading of a stack's state: the ids of the pulumi-qoder resources of a `pulumi stack export`
// by kind, a credential's vault and a memory's store, the stack's names and identity, creates left pending by
// a run that died, and plain messages for text that is no export.
import { describe, expect, it } from "vitest";
import { parseStackExport, StateError } from "../../provider/audit/state";

const urn = (type: string, name: string) => `urn:pulumi:dev::qoder-fleet::${type}::${name}`;
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };

/** What `pulumi stack export` writes for a small fleet (trimmed to the fields that matter, secrets encrypted). */
const EXPORT = {
  version: 3,
  deployment: {
    manifest: { time: "2026-12-02T07:00:00Z", magic: "x", version: "v3.248.0" },
    secrets_providers: { type: "passphrase", state: { salt: "v1:salt" } },
    resources: [
      { urn: urn("pulumi:pulumi:Stack", "qoder-fleet-dev"), custom: false, type: "pulumi:pulumi:Stack", outputs: {} },
      { urn: urn("pulumi:providers:pulumi-nodejs", "default"), custom: true, id: "0b1c", type: "pulumi:providers:pulumi-nodejs" },
      {
        urn: urn("pulumi-nodejs:dynamic/qoder:StackIdentity", "qoder-stack-identity"),
        custom: true,
        id: "stack_5e0c",
        type: "pulumi-nodejs:dynamic/qoder:StackIdentity",
      },
      { urn: urn("pulumi-nodejs:dynamic/qoder:Agent", "reviewer"), custom: true, id: "agent_1", type: "pulumi-nodejs:dynamic/qoder:Agent" },
      { urn: urn("pulumi-nodejs:dynamic/qoder:Vault", "tools"), custom: true, id: "vault_1", type: "pulumi-nodejs:dynamic/qoder:Vault" },
      {
        urn: urn("pulumi-nodejs:dynamic/qoder:VaultCredential", "tools/github"),
        custom: true,
        id: "vcred_1",
        type: "pulumi-nodejs:dynamic/qoder:VaultCredential",
        inputs: { vaultId: "vault_1", auth: SECRET },
        outputs: { vaultId: "vault_1", auth: SECRET },
      },
      {
        urn: urn("pulumi-nodejs:dynamic/qoder:Memory", "notes::conventions/naming.md"),
        custom: true,
        id: "mem_1",
        type: "pulumi-nodejs:dynamic/qoder:Memory",
        inputs: { memoryStoreId: "memstore_1" },
      },
      { urn: urn("pulumi-nodejs:dynamic:Resource", "someone-elses"), custom: true, id: "x_1", type: "pulumi-nodejs:dynamic:Resource" },
    ],
    pending_operations: [
      {
        type: "creating",
        resource: { urn: urn("pulumi-nodejs:dynamic/qoder:Environment", "sandbox"), custom: true, type: "pulumi-nodejs:dynamic/qoder:Environment" },
      },
      {
        type: "updating",
        resource: {
          urn: urn("pulumi-nodejs:dynamic/qoder:Agent", "reviewer"),
          custom: true,
          id: "agent_1",
          type: "pulumi-nodejs:dynamic/qoder:Agent",
        },
      },
    ],
  },
};

describe("qoder-audit: the stack's state", () => {
  it("audit: the export gives the stack's names, its identity and every pulumi-qoder object by kind", () => {
    expect(parseStackExport(JSON.stringify(EXPORT), "state.json")).toEqual({
      project: "qoder-fleet",
      stack: "dev",
      identity: "stack_5e0c",
      managed: [
        { kind: "Agent", id: "agent_1", resource: "reviewer" },
        { kind: "Vault", id: "vault_1", resource: "tools" },
        { kind: "VaultCredential", id: "vcred_1", resource: "tools/github", parentId: "vault_1" },
        // A name may hold `::`; the URN's type never does.
        { kind: "Memory", id: "mem_1", resource: "notes::conventions/naming.md", parentId: "memstore_1" },
      ],
    });
  });

  it("audit: a pending create that learned its id counts as managed, and says so", () => {
    const state = structuredClone(EXPORT);
    const pending = state.deployment.pending_operations[0]!.resource as Record<string, unknown>;
    pending.id = "env_9";
    expect(parseStackExport(JSON.stringify(state), "state.json").managed.at(-1)).toEqual({
      kind: "Environment",
      id: "env_9",
      resource: "sandbox",
      pending: true,
    });
  });

  it("audit: the deployment alone, and an empty stack, read too", () => {
    expect(parseStackExport(JSON.stringify(EXPORT.deployment), "stdin").managed).toHaveLength(4);
    const empty = { version: 3, deployment: { manifest: EXPORT.deployment.manifest } };
    expect(parseStackExport(JSON.stringify(empty), "stdin")).toEqual({ project: undefined, stack: undefined, identity: undefined, managed: [] });
  });

  it("audit: text that is not a stack export is refused with what to give instead", () => {
    expect(() => parseStackExport("Previewing update (dev)", "stdin")).toThrow(StateError);
    expect(() => parseStackExport("Previewing update (dev)", "stdin")).toThrow(
      /^stdin is not JSON \(.*\); give the output of `pulumi stack export`$/,
    );
    expect(() => parseStackExport(JSON.stringify({ config: {} }), "state.json")).toThrow(
      "state.json is not a stack export: expected the JSON of `pulumi stack export`, with deployment.resources",
    );
  });
});
