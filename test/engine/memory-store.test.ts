// MemoryStore on the real engine: name and description update in place, an archive outside Pulumi makes
// the next up replace it, and destroy archives it by default (agents keep their own memories in it).
import { expect } from "vitest";
import { describeKind } from "../support/kind-scenario";

describeKind({
  kind: "MemoryStore",
  collection: "memory_stores",
  program: (variant) => `
const qoder = require("pulumi-qoder");
const store = new qoder.MemoryStore("notes", {
  name: "notes",
  description: ${JSON.stringify(variant === "base" ? "" : "What the team learned")},
});
exports.id = store.id;
`,
  updated: (object) => expect(object.description).toBe("What the team learned"),
  replacedBy: "archive",
  drift: { fields: { name: "renamed in the console" }, shows: "name" },
  destroy: "archived",
});
