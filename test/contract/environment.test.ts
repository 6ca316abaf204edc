// Environments, client ↔ emulator: every endpoint of CONTRACT.md "Environments" and its documented errors.
import { describe, expect, it } from "vitest";
import { BadRequestError, ConflictError, NotFoundError, isConflict } from "../../provider/client/index";
import { rejectionOf, useContract } from "../support/contract";

const t = useContract();

describe("environments", () => {
  it("environment: create defaults to cloud with limited networking", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    expect([env.type, env.config.type, env.config.networking?.type]).toEqual(["environment", "cloud", "limited"]);
  });

  it("environment: create keeps a full cloud config", async () => {
    const env = await t.client.environments.create({
      name: "ci",
      config: {
        type: "cloud",
        networking: { type: "limited", allowedHosts: ["example.test"], allowPackageManagers: true },
        packages: { npm: ["typescript@5"] },
        setupScript: "echo hi",
      },
    });
    expect([env.config.networking?.allowedHosts, env.config.setupScript]).toEqual([["example.test"], "echo hi"]);
  });

  it("environment: packages without allowPackageManagers under limited networking are a 400", async () => {
    const create = t.client.environments.create({ name: "ci", config: { type: "cloud", packages: { pip: ["ruff"] } } });
    await expect(create).rejects.toBeInstanceOf(BadRequestError);
  });

  it("environment: an empty name is a 400 naming the field", async () => {
    await expect(rejectionOf(t.client.environments.create({ name: "" }))).resolves.toMatchObject({ status: 400, param: "name" });
  });

  it("environment: retrieve returns the stored environment", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    await expect(t.client.environments.retrieve(env.id)).resolves.toEqual(env);
  });

  it("environment: update keeps omitted fields and replaces the config whole", async () => {
    const env = await t.client.environments.create({ name: "ci", description: "d", config: { type: "cloud", setupScript: "a" } });
    const updated = await t.client.environments.update(env.id, { config: { type: "cloud", networking: { type: "unrestricted" } } });
    expect([updated.description, updated.config.networking?.type, updated.config.setupScript]).toEqual(["d", "unrestricted", null]);
  });

  it("environment: update patches metadata", async () => {
    const env = await t.client.environments.create({ name: "ci", metadata: { a: "1", b: "2" } });
    await expect(t.client.environments.update(env.id, { metadata: { b: null, c: "3" } })).resolves.toMatchObject({ metadata: { a: "1", c: "3" } });
  });

  it("environment: changing config.type is a 400", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    await expect(t.client.environments.update(env.id, { config: { type: "self_hosted" } })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("environment: list hides archived environments unless asked", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    await t.client.environments.archive(env.id);
    const counts = [
      (await t.client.environments.list().toArray()).length,
      (await t.client.environments.list({ includeArchived: true }).toArray()).length,
    ];
    expect(counts).toEqual([0, 1]);
  });

  it("environment: archive is idempotent", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    const first = await t.client.environments.archive(env.id);
    await expect(t.client.environments.archive(env.id)).resolves.toMatchObject({ archivedAt: first.archivedAt });
  });

  it("environment: delete answers environment_deleted, then the id is gone", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    await expect(t.client.environments.delete(env.id)).resolves.toEqual({ id: env.id, type: "environment_deleted" });
    await expect(t.client.environments.retrieve(env.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("environment: delete while a session uses it is a 409, and archiving is the way out", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    const agent = await t.client.agents.create({ name: "a", model: "ultimate" });
    await t.client.sessions.create({ agent: agent.id, environmentId: env.id });
    const err = await rejectionOf(t.client.environments.delete(env.id));
    const archived = await t.client.environments.archive(env.id);
    expect([err instanceof ConflictError, isConflict(err), archived.archivedAt !== null]).toEqual([true, true, true]);
  });

  it("environment: delete of an unknown id is a 404", async () => {
    await expect(t.client.environments.delete("env_00000000000000000000000000000000")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("environment fields", () => {
  it("environment: a self_hosted config comes back as exactly {type}", async () => {
    await expect(t.client.environments.create({ name: "ci", config: { type: "self_hosted" } })).resolves.toMatchObject({
      config: { type: "self_hosted" },
    });
  });

  it("environment: a self_hosted config with networking is a 400", async () => {
    const create = t.client.environments.create({ name: "ci", config: { type: "self_hosted", networking: { type: "unrestricted" } } as never });
    await expect(create).rejects.toBeInstanceOf(BadRequestError);
  });

  it("environment: a setup script over 10000 characters is a 400 on config.setup_script", async () => {
    const err = await rejectionOf(t.client.environments.create({ name: "ci", config: { type: "cloud", setupScript: "x".repeat(10_001) } }));
    expect([err instanceof BadRequestError, err.param]).toEqual([true, "config.setup_script"]);
  });

  it("environment: the answer spells out every networking flag and package manager", async () => {
    const env = await t.client.environments.create({
      name: "ci",
      config: { type: "cloud", networking: { type: "limited", allowPackageManagers: true }, packages: { pip: ["ruff"] } },
    });
    expect(env.config).toEqual({
      type: "cloud",
      networking: { type: "limited", allowedHosts: [], allowPackageManagers: true, allowMcpServers: false },
      packages: { type: "packages", apt: [], cargo: [], gem: [], go: [], npm: [], pip: ["ruff"] },
      setupScript: null,
    });
  });

  it("environment: packages under unrestricted networking need no flag", async () => {
    const env = await t.client.environments.create({
      name: "ci",
      config: { type: "cloud", networking: { type: "unrestricted" }, packages: { npm: ["tsx"] } },
    });
    expect(env.config.packages?.npm).toEqual(["tsx"]);
  });

  it("environment: an update carries no version field (a version is a 400)", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    await expect(rejectionOf(t.client.environments.update(env.id, { version: 1 } as never))).resolves.toMatchObject({
      status: 400,
      param: "version",
    });
  });

  it("environment: update of an unknown id is a 404", async () => {
    await expect(t.client.environments.update("env_00000000000000000000000000000000", { name: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("environment: delete succeeds once the session using it is archived", async () => {
    const env = await t.client.environments.create({ name: "ci" });
    const agent = await t.client.agents.create({ name: "a", model: "ultimate" });
    const session = await t.client.sessions.create({ agent: agent.id, environmentId: env.id });
    await t.client.sessions.archive(session.id);
    await expect(t.client.environments.delete(env.id)).resolves.toEqual({ id: env.id, type: "environment_deleted" });
  });
});
