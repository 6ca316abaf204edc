// A kind's resource class registers what pulumi.dynamic.Resource would (the same type token and, byte for
// byte, the same `__provider`, which every existing resource holds in state) while being a CustomResource
// itself, so that the source position the SDK records is the line of the program that declared it.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../provider/resources/agent";
import agentEntry = require("../../provider/resources/entry/agent");
import { Memory } from "../../provider/resources/memory";
import memoryEntry = require("../../provider/resources/entry/memory");

/** pulumi.dynamic.Resource itself, which its types declare abstract. */
class SdkResource extends pulumi.dynamic.Resource {}

const registered = new Map<string, { type: string; inputs: Record<string, unknown> }>();

/** What the mocked engine received for a resource, once its registration has gone through. */
async function registration(resource: pulumi.CustomResource): Promise<{ type: string; inputs: Record<string, unknown> }> {
  const urn = await new Promise<string>((resolve) => resource.urn.apply(resolve));
  const name = urn.split("::").pop()!;
  await new Promise((resolve) => setTimeout(resolve, 20));
  return registered.get(name)!;
}

describe("a kind's resource class", () => {
  beforeAll(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.set(args.name, { type: args.type, inputs: args.inputs as Record<string, unknown> });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "resource-class",
      "dev",
      false,
    );
  });
  afterAll(() => registered.clear());

  it("resource class: registers the type token and __provider that pulumi.dynamic.Resource registers for the same entry", async () => {
    const pairs = [
      [new Agent("ours-agent", { name: "a", model: "auto" }), new SdkResource(agentEntry, "sdk-agent", {}, undefined, "qoder", "Agent")],
      [
        new Memory("ours-memory", { memoryStoreId: "memstore_1", path: "notes/a.md", content: "a" }),
        new SdkResource(memoryEntry, "sdk-memory", {}, undefined, "qoder", "Memory"),
      ],
    ] as const;
    for (const [ours, sdk] of pairs) {
      const [mine, theirs] = [await registration(ours), await registration(sdk)];
      expect(mine.type).toBe(theirs.type);
      expect(typeof mine.inputs.__provider).toBe("string");
      expect(mine.inputs.__provider).toBe(theirs.inputs.__provider);
    }
    expect(registered.get("ours-agent")?.type).toBe("pulumi-nodejs:dynamic/qoder:Agent");
  });

  it("resource class: an instance is still a pulumi.dynamic.Resource and a CustomResource", () => {
    const agent = new Agent("instance", { name: "i", model: "auto" });
    expect(agent).toBeInstanceOf(pulumi.dynamic.Resource);
    expect(agent).toBeInstanceOf(pulumi.CustomResource);
    expect(agent).toBeInstanceOf(Agent);
    expect(Agent.name).toBe("Agent");
  });

  it("resource class: one serialized provider per kind, shared by its resources", async () => {
    const [first, second] = [new Agent("shared-1", { name: "s1", model: "auto" }), new Agent("shared-2", { name: "s2", model: "auto" })];
    const [a, b] = [await registration(first), await registration(second)];
    expect(a.inputs.__provider).toBe(b.inputs.__provider);
    expect(String(a.inputs.__provider)).toContain("() => provider");
  });
});
