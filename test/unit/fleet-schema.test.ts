// The checked-in JSON Schemas are exactly what `npm run schema` generates from the fleet's zod schema, and
// they describe what the loader accepts: the fleet document, and a stack file that wraps it.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaFiles, stackJsonSchema } from "../../provider/fleet/json-schema";

const schemaDir = path.resolve(__dirname, "..", "..", "schema");

describe("fleet JSON schema", () => {
  for (const [name, generated] of Object.entries(schemaFiles())) {
    it(`fleet schema: schema/${name} matches the zod schema (run \`npm run schema\` after changing it)`, () => {
      expect(fs.readFileSync(path.join(schemaDir, name), "utf8")).toBe(generated);
    });
  }

  it("fleet schema: the document schema is draft 7 and refuses unknown top-level properties", () => {
    const fleet = JSON.parse(schemaFiles()["fleet.schema.json"] ?? "{}") as Record<string, unknown>;
    expect(fleet.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(fleet.additionalProperties).toBe(false);
    expect(Object.keys(fleet.properties as object)).toEqual([
      "environments",
      "mcpServers",
      "skills",
      "vaults",
      "memoryStores",
      "files",
      "agents",
      "deployments",
    ]);
  });

  it("fleet schema: editors see that a memory takes one of content and contentFile, and an agent not both system and systemFile", () => {
    type Node = { properties: Record<string, Node>; additionalProperties: Node; items: Node; oneOf?: unknown; not?: unknown };
    const fleet = JSON.parse(schemaFiles()["fleet.schema.json"] ?? "{}") as Node;
    const memory = fleet.properties.memoryStores!.additionalProperties.properties.memories!.items;
    expect(memory.oneOf).toEqual([{ required: ["content"] }, { required: ["contentFile"] }]);
    const agent = fleet.properties.agents!.additionalProperties;
    expect(agent.not).toEqual({ required: ["system", "systemFile"] });
    expect(Object.keys(agent.properties)).toContain("systemFile");
  });

  it("fleet schema: editors see that a deployment takes one of prompt and initialEvents, and a token is a secret reference", () => {
    type Node = { properties: Record<string, Node>; additionalProperties: Node; items: Node; oneOf?: unknown; anyOf?: Node[] };
    const fleet = JSON.parse(schemaFiles()["fleet.schema.json"] ?? "{}") as Node;
    const deployment = fleet.properties.deployments!.additionalProperties;
    expect(deployment.oneOf).toEqual([{ required: ["prompt"] }, { required: ["initialEvents"] }]);
    const repository = deployment.properties.resources!.items.anyOf!.find((option) => "githubRepository" in option.properties)!;
    expect(JSON.stringify(repository.properties.token)).toContain('"required":["secret"]');
  });

  it("fleet schema: in the stack schema a string value may be a secure: ciphertext, a key pattern may not", () => {
    const config = (stackJsonSchema().properties as Record<string, { patternProperties: Record<string, unknown> }>).config!;
    const fleet = JSON.stringify(config.patternProperties["^[^:]+:fleet$"]);
    expect(fleet).toContain('{"$ref":"#/definitions/secure"}');
    expect(fleet).toContain('"propertyNames":{"type":"string","pattern"');
  });
});
