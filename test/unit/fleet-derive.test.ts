// One definition per kind: each fleet entry derives its fields from the kind's descriptor and wire schema
// (provider/fleet/derive.ts). Every body field of every kind reaches the stack file (as a property of the entry's
// JSON Schema, or through the properties the entry states it with), and a field added to a kind reaches the
// entry, its JSON Schema and the builder's pass-through with no edit of the fleet.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AgentCreateParams } from "../../provider/api/agent";
import { KINDS } from "../../provider/kinds";
import { agentKind } from "../../provider/kinds/agent";
import { bodyFields, type AnyKind } from "../../provider/kinds/descriptor";
import { agentDefinition } from "../../provider/fleet/agent-definition";
import { fleetEntry, fleetKind, statedBy, type FleetKind } from "../../provider/fleet/derive";
import { fleetJsonSchema } from "../../provider/fleet/json-schema";
import { AGENT_ENTRY, FleetAgent } from "../../provider/fleet/schema-agent";
import { FLEET_ENTRIES } from "../../provider/fleet/schema";

type Node = { properties?: Record<string, Node>; additionalProperties?: Node; items?: Node };

/** Where each kind's entry sits in the fleet's JSON Schema. */
const ENTRY_AT: Record<string, (root: Node) => Node | undefined> = {
  Environment: (root) => root.properties?.environments?.additionalProperties,
  Skill: (root) => root.properties?.skills?.additionalProperties,
  Vault: (root) => root.properties?.vaults?.additionalProperties,
  VaultCredential: (root) => root.properties?.vaults?.additionalProperties?.properties?.credentials?.additionalProperties,
  MemoryStore: (root) => root.properties?.memoryStores?.additionalProperties,
  Memory: (root) => root.properties?.memoryStores?.additionalProperties?.properties?.memories?.items,
  Agent: (root) => root.properties?.agents?.additionalProperties,
  File: (root) => root.properties?.files?.additionalProperties,
  Deployment: (root) => root.properties?.deployments?.additionalProperties,
};

const ids = {
  skill: (key: string) => ({ id: `skill_${key}`, latestVersion: "1" }),
  agent: (key: string) => ({ id: `agent_${key}`, version: 1 }),
  mcpServer: (key: string) => ({ name: key, url: "https://mcp.example.com/" }),
};

describe("fleet derive", () => {
  const root = fleetJsonSchema() as Node;

  for (const [type, entry] of Object.entries(FLEET_ENTRIES)) {
    it(`fleet derive: every body field of the ${type} kind is a property of its fleet entry, or stated by ones that are`, () => {
      const kind = KINDS[type as keyof typeof KINDS];
      expect(entry.spec.kind).toBe(kind);
      const properties = Object.keys(ENTRY_AT[type]?.(root)?.properties ?? {});
      const missing = bodyFields(kind).flatMap((field) => statedBy(entry.spec as FleetKind, field).filter((name) => !properties.includes(name)));
      expect(missing).toEqual([]);
      // And the pass-through is exactly the body fields the entry holds under their own name, as the wire has them.
      for (const field of entry.verbatim) expect(properties).toContain(field);
    });
  }

  it("fleet derive: the fleet declares an entry of every kind", () => {
    expect(Object.keys(KINDS).filter((type) => !(type in FLEET_ENTRIES))).toEqual([]);
  });

  it("fleet derive: what a file and a deployment state their own way, and what passes through", () => {
    expect(FLEET_ENTRIES.File.verbatim).toEqual(["name", "metadata"]);
    expect(FLEET_ENTRIES.Deployment.verbatim).toEqual(["description"]);
    // environmentId, initialEvents and vaultIds are written as a key, events or a prompt, and keys.
    expect(FLEET_ENTRIES.Deployment.spec.stated).toEqual({
      environmentId: ["environment"],
      initialEvents: ["initialEvents", "prompt"],
      vaultIds: ["vaults"],
    });
  });

  it("fleet derive: an agent's body fields the fleet does not name by key pass through as the wire has them", () => {
    expect(AGENT_ENTRY.verbatim).toEqual(["model", "system", "description", "metadata"]);
    const entry = FleetAgent.parse({ model: { id: "ultimate", contextWindow: 200_000 }, system: "s", description: "d", metadata: { team: "x" } });
    expect(agentDefinition("reviewer", entry, ids)).toEqual({
      name: "reviewer",
      model: { id: "ultimate", contextWindow: 200_000 },
      system: "s",
      description: "d",
      metadata: { team: "x" },
    });
  });

  it("fleet derive: a field added to an agent's wire schema and descriptor reaches the entry, its JSON Schema and the pass-through", () => {
    // A copy of the Agent kind with one more optional body field, as an API release would add it.
    const wire = AgentCreateParams.extend({
      response_style: z.enum(["terse", "verbose"]).optional().meta({ description: "How much the agent says (response_style)." }),
    });
    const kind: AnyKind = { ...(agentKind as unknown as AnyKind), wire, fields: { ...agentKind.fields, responseStyle: { default: "terse" } } };
    const own = Object.fromEntries(Object.entries(FleetAgent.shape).filter(([name]) => !AGENT_ENTRY.verbatim.includes(name)));
    const entry = fleetEntry(fleetKind(kind, wire, { stated: { system: ["system", "systemFile"] } }), own);

    expect(entry.verbatim).toEqual([...AGENT_ENTRY.verbatim, "responseStyle"]);
    const schema = z.strictObject(entry.shape);
    expect(schema.safeParse({ model: "auto", responseStyle: "verbose" }).success).toBe(true);
    // The wire's rules come with it, in the fleet's camelCase words.
    expect(schema.safeParse({ model: "auto", responseStyle: "loud" }).success).toBe(false);
    const json = z.toJSONSchema(schema, { io: "input", target: "draft-7" }) as { properties: Record<string, { description?: string }> };
    expect(json.properties.responseStyle?.description).toBe("How much the agent says (responseStyle).");
    // Everything else is where it was: the new field follows the descriptor's order.
    expect(Object.keys(json.properties)).toEqual([
      ...Object.keys(FleetAgent.shape).filter((name) => !TRAILING.includes(name)),
      "responseStyle",
      ...TRAILING,
    ]);
  });

  it("fleet derive: a body field neither in the wire schema nor stated by the entry is refused when the fleet loads", () => {
    const kind: AnyKind = { ...(agentKind as unknown as AnyKind), fields: { ...agentKind.fields, voice: {} } };
    expect(() => fleetEntry(fleetKind(kind, AgentCreateParams), {})).toThrow(/Agent body field "voice" is not in its wire schema/);
    expect(() => fleetKind(kind, z.strictObject({}))).toThrow(/must follow its descriptor's wire schema/);
  });
});

/** The agent entry's own properties after its body fields. */
const TRAILING = ["environment", "vaults", "memoryStores", "resources", "adoptId", "options"];
