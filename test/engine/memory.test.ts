// Memory on the real engine: new content updates in place, another path replaces, content an agent rewrote
// is found by refresh, and destroy deletes the seed document.
import { expect } from "vitest";
import { describeKind } from "../support/kind-scenario";

describeKind({
  kind: "Memory",
  collection: "memories",
  program: (variant) => `
const qoder = require("pulumi-qoder");
const store = new qoder.MemoryStore("notes", { name: "notes", deletionPolicy: "delete" });
const memory = new qoder.Memory("style", {
  memoryStoreId: store.id,
  path: ${JSON.stringify(variant === "replace" ? "guides/style-v2.md" : "guides/style.md")},
  content: ${JSON.stringify(variant === "base" ? "Write short sentences." : "Write short, plain sentences.")},
});
exports.id = memory.id;
`,
  updated: (object) => expect(object.content).toBe("Write short, plain sentences."),
  replacedBy: "variant",
  drift: { fields: { content: "An agent rewrote this." }, shows: "content" },
  destroy: "deleted",
});
