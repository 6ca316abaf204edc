// Content files on the real engine: an agent's systemFile and a memory's contentFile deploy the files' text,
// a preview after up has no changes, and an edit of a file previews as exactly that text change.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { rootFleetStack, stored, type FleetStack } from "../support/fleet-engine";

describe("content files on the engine", () => {
  let stack: FleetStack;
  let outputs: { agents: Record<string, { id: string }>; memoryStores: Record<string, { memories: Record<string, { id: string }> }> };

  beforeAll(async () => {
    stack = await rootFleetStack("minimal");
    const stackFile = path.join(stack.project.dir, "Pulumi.dev.yaml");
    const document = parseDocument(fs.readFileSync(stackFile, "utf8"));
    document.deleteIn(["config", "qoder-fleet:fleet", "agents", "helper", "system"]);
    document.setIn(["config", "qoder-fleet:fleet", "agents", "helper", "systemFile"], "prompts/helper.md");
    document.setIn(["config", "qoder-fleet:fleet", "memoryStores"], {
      notes: { memories: [{ path: "handbook.md", contentFile: "docs/handbook.md" }] },
    });
    fs.writeFileSync(stackFile, document.toString());
    stack.project.writeFile("prompts/helper.md", "You answer questions.\nCite the files you read.\n");
    stack.project.writeFile("docs/handbook.md", "# Handbook\n\nSmall pull requests.\n");
  });
  afterAll(() => stack?.dispose());

  it("content files: up deploys the files' text, and a second preview has no changes", async () => {
    await stack.project.up();
    outputs = (await stack.project.outputs()) as typeof outputs;
    expect(stored(stack, "agents", outputs.agents.helper!.id)).toMatchObject({ system: "You answer questions.\nCite the files you read.\n" });
    const memory = outputs.memoryStores.notes!.memories["handbook.md"]!.id;
    expect(stored(stack, "memories", memory).content).toBe("# Handbook\n\nSmall pull requests.\n");
    await stack.project.previewNoChanges();
  });

  it("content files: an edited file previews as an update of that text, and up applies it", async () => {
    stack.project.writeFile("prompts/helper.md", "You answer questions briefly.\n");
    const preview = await stack.project.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/qoder:Agent: \(update\)[\s\S]*helper/);
    expect(preview.stdout).toContain("You answer questions briefly.");
    expect(preview.stdout).toMatch(/1 to update/);
    await stack.project.up();
    expect(stored(stack, "agents", outputs.agents.helper!.id)).toMatchObject({ system: "You answer questions briefly.\n", version: 2 });
    await stack.project.previewNoChanges();
  });
});
