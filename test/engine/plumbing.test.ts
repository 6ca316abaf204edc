// The engine plumbing on its own: a trivial dynamic resource through up, an empty preview and destroy
// on the real Pulumi CLI, before any Qoder code is involved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject, pulumiVersion } from "../support/pulumi";

const program = `
const pulumi = require("@pulumi/pulumi");
const provider = {
  async create(inputs) { return { id: "plumbing-1", outs: inputs }; },
  async diff(_id, olds, news) { return { changes: olds.greeting !== news.greeting }; },
  async update(_id, _olds, news) { return { outs: news }; },
  async delete() {},
};
const res = new pulumi.dynamic.Resource(provider, "greeter", { greeting: "hello" });
exports.greeting = res.greeting;
exports.id = res.id;
`;

describe("engine plumbing", () => {
  let project: PulumiProject;

  beforeAll(async () => {
    project = await PulumiProject.create({ name: "plumbing", program });
  });
  afterAll(() => project?.dispose());

  it("plumbing: the harness runs a real pulumi binary", async () => {
    expect(await pulumiVersion()).toMatch(/^v3\.\d+\.\d+/);
  });

  it("plumbing: up creates the dynamic resource and exports its outputs", async () => {
    await project.up();
    expect(await project.outputs()).toEqual({ greeting: "hello", id: "plumbing-1" });
  });

  it("plumbing: a second preview shows no changes", async () => {
    const result = await project.previewNoChanges();
    expect(result.stdout).toMatch(/2 unchanged/);
  });

  it("plumbing: destroy removes the resource from state", async () => {
    await project.destroy();
    const state = JSON.parse(await project.exportState()) as { deployment: { resources?: unknown[] } };
    expect(state.deployment.resources ?? []).toHaveLength(0);
  });
});
