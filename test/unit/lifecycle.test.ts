// The shared lifecycle rules: unknowns in preview, field diffs with defaults and normalization, refresh
// without phantom diffs, check messages with camelCase paths, and stable idempotency keys.
import { describe, expect, it } from "vitest";
import * as wire from "../../provider/api/agent";
import { agentLifecycle } from "../../provider/lifecycle/agent";
import {
  diffFields,
  idempotencyKey,
  metadataPatch,
  propertyPath,
  refreshedInputs,
  schemaFailures,
  UNKNOWN,
  type Fields,
} from "../../provider/lifecycle/rules";

const fields: Fields = {
  name: {},
  description: { default: "" },
  kind: { replace: true },
  tags: { default: [], normalize: (value) => [...(value as string[])].sort() },
};

describe("lifecycle", () => {
  it("diff: equal inputs are no change", () => {
    expect(diffFields(fields, { name: "a", kind: "x" }, { name: "a", kind: "x" }).changes).toBe(false);
  });

  it("diff: an absent field equals its API default", () => {
    expect(diffFields(fields, { name: "a", description: "" }, { name: "a" }).changes).toBe(false);
  });

  it("diff: normalization hides a difference the API does not keep", () => {
    expect(diffFields(fields, { tags: ["b", "a"] }, { tags: ["a", "b"] }).changes).toBe(false);
  });

  it("diff: a changed replace-field is a replacement", () => {
    expect(diffFields(fields, { kind: "x" }, { kind: "y" }).replaces).toEqual(["kind"]);
  });

  it("diff: an unknown value in preview counts as a change", () => {
    expect(diffFields(fields, { name: "a" }, { name: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
  });

  it("diff: an unknown value of a replace-field counts as a replacement", () => {
    expect(diffFields(fields, { kind: "x" }, { kind: UNKNOWN }).replaces).toEqual(["kind"]);
  });

  it("diff: a conditional replace consults old and new values", () => {
    const conditional: Fields = { config: { replace: (old, wanted) => (old as { t: string }).t !== (wanted as { t: string }).t } };
    expect(diffFields(conditional, { config: { t: "a", n: 1 } }, { config: { t: "a", n: 2 } }).replaces).toEqual([]);
    expect(diffFields(conditional, { config: { t: "a" } }, { config: { t: "b" } }).replaces).toEqual(["config"]);
  });

  it("refresh: an equivalent remote value keeps the applied one", () => {
    expect(refreshedInputs(fields, { tags: ["b", "a"] }, { tags: ["a", "b"] })).toEqual({ tags: ["b", "a"] });
  });

  it("refresh: a changed remote value is recorded", () => {
    expect(refreshedInputs(fields, { name: "a" }, { name: "changed" })).toEqual({ name: "changed" });
  });

  it("refresh: write-only and local fields keep the applied value", () => {
    const secretFields: Fields = { token: { notReadBack: true }, policy: { local: true } };
    expect(refreshedInputs(secretFields, { token: "s", policy: "archive" }, {})).toEqual({ token: "s", policy: "archive" });
  });

  it("check: failures name the camelCase property path", () => {
    const failures = schemaFailures(wire.AgentCreateParams, { name: "a", model: "auto", mcpServers: [{ type: "url", name: "x" }] });
    expect(failures.map((failure) => failure.property)).toContain("mcpServers[0].url");
  });

  it("check: an unknown value is not a failure", () => {
    expect(schemaFailures(wire.AgentCreateParams, { name: UNKNOWN, model: "auto", tools: UNKNOWN })).toEqual([]);
  });

  it("check: a missing required field is a failure", () => {
    expect(schemaFailures(wire.AgentCreateParams, { model: "auto" }).map((failure) => failure.property)).toEqual(["name"]);
  });

  it("check: inputs exactly as state holds them are not validated again; a changed field is, with the rest", async () => {
    // A name over the API's 256 characters, as if state held it from a release that let it through.
    const held = { name: "a".repeat(300), model: "auto", __identity: "stack_x/p/s/Agent/a" };
    expect((await agentLifecycle.check(held, { ...held })).failures).toEqual([]);
    const changed = await agentLifecycle.check(held, { ...held, model: "qoder-fast" });
    expect(changed.failures?.map((failure) => failure.property)).toEqual(["name"]);
    expect((await agentLifecycle.check({}, held)).failures?.map((failure) => failure.property)).toEqual(["name"]);
  });

  it("propertyPath: wire segments become camelCase with indexes", () => {
    expect(propertyPath(["mcp_servers", 2, "mcp_server_name"])).toBe("mcpServers[2].mcpServerName");
  });

  it("idempotencyKey: the same identity, operation and body give the same key", () => {
    expect(idempotencyKey("p/s/Agent/a", "create", { b: 1, a: 2 })).toBe(idempotencyKey("p/s/Agent/a", "create", { a: 2, b: 1 }));
  });

  it("idempotencyKey: another body, identity or attempt gives another key", () => {
    const base = idempotencyKey("p/s/Agent/a", "create", { a: 1 });
    expect(idempotencyKey("p/s/Agent/a", "create", { a: 2 })).not.toBe(base);
    expect(idempotencyKey("p/s/Agent/b", "create", { a: 1 })).not.toBe(base);
    expect(idempotencyKey("p/s/Agent/a", "create", { a: 1 }, 1)).not.toBe(base);
  });

  it("metadataPatch: keys no longer declared are sent as null", () => {
    expect(metadataPatch({ owner: "a", team: "b" }, { owner: "c" })).toEqual({ owner: "c", team: null });
  });
});
