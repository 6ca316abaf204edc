// User maps (metadata, environment variables, input schemas) whose keys are names every object inherits:
// `toString`, `constructor`, `valueOf` and `hasOwnProperty` are ordinary keys end to end, and `__proto__`
// is kept where a value travels as JSON, or refused with its position where Pulumi would drop it.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMetadataPatch } from "../../emulator/patch";
import { fromWire, toWire } from "../../provider/api/casing";
import { Metadata, MetadataPatch, MetadataRecord } from "../../provider/api/common";
import { SessionCreateParams } from "../../provider/api/session";
import { validateFleet, type ConfigSource } from "../../provider/fleet";
import { Environment } from "../../provider/resources/environment";
import { canonicalJson, metadataPatch } from "../../provider/lifecycle/rules";

/** What a JSON body or a YAML file holds: `__proto__` as an own key like any other. */
const hostile = (): Record<string, string> =>
  JSON.parse('{"toString":"t","constructor":"c","__proto__":"p","hasOwnProperty":"h","valueOf":"v"}') as Record<string, string>;
const KEYS = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"];

const config: ConfigSource = { project: "qoder-fleet", get: () => undefined, isSecret: () => false };

describe("prototype keys", () => {
  it("prototype keys: the wire schemas keep every metadata key, __proto__ included", () => {
    for (const schema of [Metadata, MetadataPatch, MetadataRecord]) {
      const parsed = schema.parse(hostile()) as Record<string, string | null>;
      expect(Object.keys(parsed)).toEqual(KEYS);
      // biome-ignore lint/suspicious/noProto: reads the own "__proto__" key the schema must keep as data
      // biome-ignore lint/complexity/useLiteralKeys: the key is data here, not a property
      expect(Object.hasOwn(parsed, "__proto__") && parsed["__proto__"]).toBe("p");
      expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    }
  });

  it("prototype keys: __proto__ counts toward the 16-key limit and its value is checked", () => {
    const bag = hostile();
    for (let i = 0; i < 11; i++) bag[`k${i}`] = "x";
    expect(Metadata.safeParse(bag).success).toBe(true);
    bag.k11 = "x";
    expect(Metadata.safeParse(bag).success).toBe(false);
    expect(Metadata.safeParse(JSON.parse(`{"__proto__":"${"x".repeat(513)}"}`)).success).toBe(false);
  });

  it("prototype keys: session environment variables keep __proto__", () => {
    const parsed = SessionCreateParams.parse({
      agent: "agent_0123456789abcdef0123456789abcdef",
      environment_id: "env_0123456789abcdef0123456789abcdef",
      environment_variables: hostile(),
    });
    expect(Object.keys(parsed.environment_variables ?? {})).toEqual(KEYS);
  });

  it("prototype keys: camelCase ↔ snake_case conversion keeps every key of a user map", () => {
    const wire = toWire<{ metadata: Record<string, string> }>({ metadata: hostile() });
    expect(Object.keys(wire.metadata)).toEqual(KEYS);
    expect(JSON.parse(JSON.stringify(wire))).toEqual({ metadata: hostile() });
    const back = fromWire<{ metadata: Record<string, string> }>(JSON.parse(JSON.stringify(wire)));
    expect(Object.keys(back.metadata)).toEqual(KEYS);
  });

  it("prototype keys: a metadata update removes a toString key and a __proto__ key like any other", () => {
    const patch = metadataPatch(hostile(), { a: "b" });
    expect(Object.keys(patch).sort()).toEqual(["a", ...KEYS].sort());
    expect(Object.values(patch).filter((value) => value === null)).toHaveLength(5);
    expect(JSON.parse(JSON.stringify(patch))).toMatchObject({ toString: null, __proto__: null, a: "b" });
  });

  it("prototype keys: canonical JSON tells a __proto__ key from its absence", () => {
    expect(canonicalJson(JSON.parse('{"__proto__":"p"}'))).not.toBe(canonicalJson({}));
    expect(canonicalJson(hostile())).toBe(JSON.stringify(Object.fromEntries([...KEYS].sort().map((key) => [key, hostile()[key]]))));
  });

  it("prototype keys: the emulator stores a patched __proto__ key as an own key", () => {
    const next = applyMetadataPatch({ a: "b" }, JSON.parse('{"__proto__":"p","toString":"t","a":null}') as Record<string, string | null>);
    expect(Object.keys(next)).toEqual(["__proto__", "toString"]);
    expect(JSON.stringify(next)).toBe('{"__proto__":"p","toString":"t"}');
  });

  it("prototype keys: the fleet accepts toString, constructor, valueOf and hasOwnProperty as metadata keys", async () => {
    const metadata = { toString: "t", constructor: "c", hasOwnProperty: "h", valueOf: "v" };
    const data = { environments: { toString: { metadata } }, agents: { constructor: { model: "auto", environment: "toString", metadata } } };
    const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths: [], config });
    if (!("fleet" in result)) throw new Error(JSON.stringify(result.problems));
    const environments = result.fleet.document.environments as Record<string, { metadata?: unknown }>;
    // biome-ignore lint/complexity/useLiteralKeys: `environments.toString` would name the inherited method
    expect(Object.hasOwn(environments, "toString") && environments["toString"]?.metadata).toEqual(metadata);
  });

  it("prototype keys: the fleet refuses a __proto__ key, pointing at the key, instead of dropping it", async () => {
    const data = JSON.parse(
      '{"environments":{"sandbox":{"metadata":{"__proto__":"p","a":"b"}}},"memoryStores":{"notes":{"memories":[{"path":"./__proto__","content":"x"}]}}}',
    );
    const result = await validateFleet({ data, form: "stack", fleetKey: "qoder-fleet:fleet", securePaths: [], config });
    expect("problems" in result && result.problems).toEqual([
      expect.objectContaining({
        path: ["environments", "sandbox", "metadata", "__proto__"],
        at: "key",
        message: expect.stringContaining("Pulumi drops it"),
      }),
      expect.objectContaining({
        path: ["memoryStores", "notes", "memories", 0, "path"],
        message: expect.stringContaining("cannot be a memory path"),
      }),
    ]);
  });
});

describe("prototype keys in a program", () => {
  const registered: Record<string, unknown>[] = [];
  beforeAll(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          if (args.type.endsWith(":Environment")) registered.push(args.inputs as Record<string, unknown>);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "qoder-fleet",
      "dev",
      false,
      "organization",
    );
  });
  afterAll(() => {
    registered.length = 0;
  });

  it("prototype keys: an Environment with metadata { toString } registers it as written (Pulumi's SDK used to throw)", async () => {
    const metadata = { toString: "t", constructor: "c", valueOf: "v", hasOwnProperty: "h" };
    const environment = new Environment("labelled", { name: "labelled", metadata });
    await new Promise((resolve) => environment.urn.apply(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registered.at(-1)?.metadata).toEqual(metadata);
  });

  it("prototype keys: an Environment with a __proto__ metadata key is refused at once, naming it", () => {
    expect(() => new Environment("proto", { name: "proto", metadata: JSON.parse('{"__proto__":"p"}') as Record<string, string> })).toThrow(
      'Environment "proto": metadata has the key "__proto__", which Pulumi drops on its way to the provider; choose another key',
    );
  });
});
