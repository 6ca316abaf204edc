// Vault on the real engine: the API has no vault update, so the in-place change is the provider-side
// deletionPolicy (state only); a new displayName replaces; destroy honours deletionPolicy "archive".
import { expect } from "vitest";
import { describeKind } from "../support/kind-scenario";

describeKind({
  kind: "Vault",
  collection: "vaults",
  program: (variant) => `
const qoder = require("pulumi-qoder");
const vault = new qoder.Vault("ci", {
  displayName: ${JSON.stringify(variant === "replace" ? "ci-renamed" : "ci")},
  metadata: { team: "platform" },
  ${variant === "base" ? "" : 'deletionPolicy: "archive",'}
});
exports.id = vault.id;
`,
  updated: (object, stack) => {
    expect(object).toMatchObject({ display_name: "ci", archived_at: null });
    expect(stack.emulator.admin.count("POST", "/vaults/:vault_id")).toBe(0);
  },
  replacedBy: "variant",
  drift: { fields: { metadata: { team: "platform", edited: "console" } }, shows: "metadata" },
  destroy: "archived",
});
