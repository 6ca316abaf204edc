// File on the real engine, mounted by a deployment: moving the local file (same bytes, same name) is a
// state-only update; metadata edited outside Pulumi is found by refresh and replaces the file; new content
// replaces it and the deployment moves to the new file id in the same up, the old file deleted; a file
// deleted outside Pulumi is uploaded again; destroy deletes it. A name the API would store otherwise (it keeps
// the last path segment) fails the preview, which would else plan a replacement after every refresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleetStack, type FleetStack } from "../support/fleet-engine";
import { describeKind, type Variant } from "../support/kind-scenario";

const path = (variant: Variant) => (variant === "base" ? "docs/runbook.md" : "runbooks/runbook.md");
const content = (variant: Variant) =>
  variant === "replace" ? "# Runbook\n\n1. Check the backups.\n2. Rotate the keys.\n" : "# Runbook\n\n1. Check the backups.\n";

/** The one live deployment: the file ids it mounts. */
function mountedFileIds(stack: FleetStack): unknown[] {
  const live = stack.emulator.admin.list("deployments").filter((deployment) => !deployment.archived_at);
  expect(live).toHaveLength(1);
  return (live[0]!.resources as { type: string; file_id?: string }[])
    .filter((resource) => resource.type === "file")
    .map((resource) => resource.file_id);
}

describeKind({
  kind: "File",
  collection: "files",
  files: (variant) => ({ [path(variant)]: content(variant) }),
  program: (variant) => `
const qoder = require("pulumi-qoder");
const agent = new qoder.Agent("auditor", { name: "auditor", model: "auto", system: "Follow the runbook." });
const env = new qoder.Environment("sandbox", { name: "sandbox" });
const runbook = new qoder.File("runbook", { path: ${JSON.stringify(path(variant))}, metadata: { team: "platform" } });
new qoder.Deployment("nightly", {
  name: "nightly-audit",
  agent: agent.id,
  environmentId: env.id,
  initialEvents: [{ type: "user.message", content: "Work through the runbook." }],
  resources: [{ type: "file", fileId: runbook.id, mountPath: "/workspace/runbook.md" }],
});
exports.id = runbook.id;
`,
  // The file moved in the project, same bytes and name: nothing to upload, only state changes.
  updated: (object, stack) => {
    expect(object).toMatchObject({ filename: "runbook.md", metadata: { team: "platform" } });
    expect(stack.emulator.admin.count("POST", "/files")).toBe(1);
    expect(mountedFileIds(stack)).toEqual([object.id]);
  },
  replacedBy: "variant",
  drift: { fields: { metadata: { team: "platform", edited: "console" } }, shows: "metadata" },
  replaced: (stack, before, after, up) => {
    expect(up.stdout).toMatch(/1 updated/);
    expect(stack.emulator.admin.get("files", before)).toBeUndefined();
    expect(stack.emulator.admin.get("files", after)?.size_bytes).toBe(Buffer.byteLength(content("replace")));
    expect(mountedFileIds(stack)).toEqual([after]);
  },
  recreated: (stack, id, up) => {
    expect(up.stdout).toMatch(/1 updated/);
    expect(mountedFileIds(stack)).toEqual([id]);
  },
  destroy: "deleted",
});

describe("File: a name the API would change", () => {
  let stack: FleetStack;

  beforeAll(async () => {
    stack = await fleetStack(
      "file-name-engine",
      `
const qoder = require("pulumi-qoder");
new qoder.File("runbook", { path: "runbook.md", name: "guides/runbook.md" });
`,
    );
    stack.project.writeFile("runbook.md", "# Runbook\n");
  });
  afterAll(() => stack?.dispose());

  it("File: a name with a path in it fails the preview, naming what the API would keep, with no API request", async () => {
    const preview = await stack.project.run(["preview"], 1);
    expect(preview.stdout + preview.stderr).toMatch(
      /must be a plain file name: the API keeps only the last path segment[^\n]*\(here "runbook\.md"\)/,
    );
    expect(stack.emulator.admin.stats().total).toBe(0);
  });
});
