#!/usr/bin/env node
// `npm run schema`: writes schema/fleet.schema.json and schema/stack.schema.json from the fleet's zod schema
// (provider/fleet/json-schema.ts). A unit test fails while the checked-in files differ from what this writes.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { schemaFiles } from "../provider/fleet/json-schema.ts";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schema");
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(schemaFiles())) {
  const file = path.join(dir, name);
  const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  fs.writeFileSync(file, text);
  console.log(`${before === text ? "unchanged" : "wrote    "} schema/${name}`);
}
