// VaultCredential on the real engine: a new token rotates in place, another MCP URL replaces, destroy
// deletes; the token is a secret in state (state.test.ts greps for it).
import { expect } from "vitest";
import { describeKind } from "../support/kind-scenario";

describeKind({
  kind: "VaultCredential",
  collection: "vault_credentials",
  program: (variant) => `
const qoder = require("pulumi-qoder");
const vault = new qoder.Vault("ci", { displayName: "ci" });
const credential = new qoder.VaultCredential("github", {
  vaultId: vault.id,
  auth: {
    type: "static_bearer",
    mcpServerUrl: ${JSON.stringify(variant === "replace" ? "https://mcp.example.com/gitlab" : "https://mcp.example.com/github")},
    token: ${JSON.stringify(variant === "base" ? "ghp-first-token" : "ghp-second-token")},
  },
  metadata: { owner: "platform" },
});
exports.id = credential.id;
`,
  updated: (_object, stack) => expect(stack.emulator.admin.count("POST", "/vaults/:vault_id/credentials/:credential_id")).toBe(1),
  replacedBy: "variant",
  drift: { fields: { metadata: { owner: "someone-else" } }, shows: "metadata" },
  destroy: "deleted",
});
