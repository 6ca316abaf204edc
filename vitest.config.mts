// Test tiers from DESIGN.md, each selectable with `vitest run --project <tier>`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          setupFiles: ["test/support/require-ts.ts"],
          // Generous for a loaded 2-core machine: the first `require("@pulumi/policy")` alone can take 5 s there.
          testTimeout: 20_000,
        },
      },
      { test: { name: "contract", include: ["test/contract/**/*.test.ts"], testTimeout: 30_000 } },
      {
        test: {
          name: "provider",
          include: ["test/provider/**/*.test.ts"],
          setupFiles: ["test/support/require-ts.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          globalSetup: ["test/engine/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Each engine test drives a real `pulumi` process; two cores run two at a time at most. Its own
          // group (vitest requires one for a different worker count) also runs it after the fast tiers.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
