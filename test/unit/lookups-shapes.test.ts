// What lookups return, without an API: the provider's owner key moves out of the metadata into managedBy, a
// deployment reads as its resource declares it (the server's cas_config and write-only tokens absent), and the
// package exposes the lookups from its entry and from `pulumi-qoder/lookups`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Deployment } from "../../provider/client";
import * as lookups from "../../provider/lookups";
import { deploymentHoldsSecrets, deploymentResult, managed } from "../../provider/lookups/shapes";

const deployment = (fields: Partial<Deployment> = {}): Deployment =>
  ({
    id: "dep_1",
    type: "deployment",
    name: "nightly",
    description: null,
    agent: { id: "agent_1", type: "agent", version: 3 },
    environmentId: "env_1",
    environmentVariables: "",
    initialEvents: [{ type: "user.message", content: [{ type: "text", text: "Go." }] }],
    resources: [{ type: "github_repository", url: "https://github.com/acme/app", mountPath: "/workspace/app" }],
    vaultIds: ["vault_1"],
    metadata: { team: "b", cas_config: { stats: { runs: 3 } }, "pulumi-qoder.owner": "stack_1/p/dev/Deployment/nightly" },
    schedule: null,
    status: "active",
    pausedReason: null,
    budget: null,
    archivedAt: null,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-02T00:00:00Z",
    ...fields,
  }) as Deployment;

describe("lookup results", () => {
  it("lookups: the owner key becomes managedBy and leaves the metadata", () => {
    expect(managed({ team: "b", "pulumi-qoder.owner": "stack_1/p/dev/Agent/a" })).toEqual({
      managedBy: "stack_1/p/dev/Agent/a",
      metadata: { team: "b" },
    });
    expect(managed({ team: "b" })).toEqual({ managedBy: null, metadata: { team: "b" } });
    expect(managed(undefined)).toEqual({ managedBy: null, metadata: {} });
  });

  it("lookups: a deployment without a schedule reads as manual-only, the server's cas_config left out", () => {
    expect(deploymentResult(deployment())).toEqual({
      id: "dep_1",
      name: "nightly",
      description: "",
      agent: { id: "agent_1", version: 3 },
      agentVersion: 3,
      environmentId: "env_1",
      schedule: null,
      scheduleDescription: null,
      upcomingRunsAt: [],
      lastRunAt: null,
      initialEvents: [{ type: "user.message", content: [{ type: "text", text: "Go." }] }],
      resources: [{ type: "github_repository", url: "https://github.com/acme/app", mountPath: "/workspace/app" }],
      vaultIds: ["vault_1"],
      environmentVariables: {},
      paused: false,
      status: "active",
      pausedReason: null,
      archivedAt: null,
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-02T00:00:00Z",
      metadata: { team: "b" },
      managedBy: "stack_1/p/dev/Deployment/nightly",
    });
  });

  it("lookups: a schedule reads as the resource's cron and timezone, with the server's run times", () => {
    const result = deploymentResult(
      deployment({
        schedule: {
          type: "cron",
          expression: "30 6 * * *",
          timezone: "UTC",
          upcomingRunsAt: ["2026-01-03T06:30:00Z"],
          lastRunAt: "2026-01-02T06:30:00Z",
        },
      }),
    );
    expect(result).toMatchObject({
      schedule: { cron: "30 6 * * *", timezone: "UTC" },
      scheduleDescription: "At 06:30 (UTC)",
      upcomingRunsAt: ["2026-01-03T06:30:00Z"],
      lastRunAt: "2026-01-02T06:30:00Z",
    });
  });

  it("lookups: a schedule the cron reader cannot put in words still reads, without a sentence", () => {
    const result = deploymentResult(deployment({ schedule: { type: "cron", expression: "@every 5m", timezone: "UTC", upcomingRunsAt: [] } }));
    expect(result.schedule).toEqual({ cron: "@every 5m", timezone: "UTC" });
    expect(result.scheduleDescription).toBeNull();
  });

  it("lookups: environment variables are a map, and they make a deployment's Output form secret", () => {
    const plain = deploymentResult(deployment());
    const withVariables = deploymentResult(deployment({ environmentVariables: "B=2\nA=x=y" }));
    expect(withVariables.environmentVariables).toEqual({ A: "x=y", B: "2" });
    expect([deploymentHoldsSecrets(plain), deploymentHoldsSecrets(withVariables)]).toEqual([false, true]);
  });
});

describe("lookup exports", () => {
  const names = ["Agent", "Environment", "Skill", "Vault", "MemoryStore", "File", "Deployment"];
  const plural = (name: string) => (name === "MemoryStore" ? "MemoryStores" : `${name}s`);

  // The package entry defines these as getters of the same functions; test/engine/package-fit.test.ts checks
  // them in an installed copy, where they are what a program gets.
  it("lookups: every get and list function, in both forms, from the subpath module", () => {
    for (const name of names) {
      for (const fn of [`get${name}`, `get${name}Output`, `list${plural(name)}`, `list${plural(name)}Output`]) {
        expect(typeof (lookups as Record<string, unknown>)[fn], fn).toBe("function");
      }
    }
    expect(typeof lookups.LookupError).toBe("function");
  });

  it("lookups: package.json maps pulumi-qoder/lookups to the built module", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { exports: Record<string, unknown> };
    expect(pkg.exports["./lookups"]).toEqual({ types: "./dist/provider/lookups/index.d.ts", default: "./dist/provider/lookups/index.js" });
  });
});
