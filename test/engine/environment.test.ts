// Environment on the real engine: config and description update in place, another config.type replaces,
// destroy deletes (DESIGN.md lifecycle table).
import { expect } from "vitest";
import { describeKind } from "../support/kind-scenario";

const config = (variant: string) =>
  variant === "replace"
    ? { type: "self_hosted" }
    : {
        type: "cloud",
        networking: { type: "limited", allowedHosts: variant === "base" ? ["api.example.com"] : ["api.example.com", "docs.example.com"] },
      };

describeKind({
  kind: "Environment",
  collection: "environments",
  program: (variant) => `
const qoder = require("pulumi-qoder");
const env = new qoder.Environment("sandbox", {
  name: "sandbox",
  description: ${JSON.stringify(variant === "base" ? "" : "with docs")},
  config: ${JSON.stringify(config(variant))},
  metadata: { team: "platform" },
});
exports.id = env.id;
`,
  updated: (object) =>
    expect(object).toMatchObject({ description: "with docs", config: { networking: { allowed_hosts: ["api.example.com", "docs.example.com"] } } }),
  replacedBy: "variant",
  drift: { fields: { description: "edited in the console" }, shows: "description" },
  destroy: "deleted",
});
