// The provider objects Pulumi serializes into every resource's state. Each method only `require`s the
// runtime at call time, so the serialized text holds a kind name and nothing else: no client, schema,
// module or token can be captured (DESIGN.md, "Serialization" and "Delete and refresh run the code in state").
import type * as pulumi from "@pulumi/pulumi";

type Runtime = typeof import("../lifecycle/runtime");
type KindName = import("../lifecycle/runtime").KindName;
type Method = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";

/**
 * The object that `entry/<kind>.ts` exports. Installed from a registry, Pulumi stores only
 * `require("pulumi-qoder/dist/provider/resources/entry/<kind>.js")`; linked into a project (npm link,
 * workspaces, this repository's own root program) it stores these small methods by value instead.
 * Either way the dynamic-provider host resolves `pulumi-qoder` through the program's node_modules.
 */
export function entryFor(kind: KindName): pulumi.dynamic.ResourceProvider {
  // One small dispatcher and one-line methods: linked, each method is serialized by value with Pulumi's
  // wrapper around it, so this shape keeps a resource's provider well under 2 KB either way.
  const run = (method: Method, args: unknown[]) => (require("pulumi-qoder/runtime") as Runtime).run(kind, method, args);
  return {
    configure: (...args) => run("configure", args),
    check: (...args) => run("check", args),
    diff: (...args) => run("diff", args),
    create: (...args) => run("create", args),
    read: (...args) => run("read", args),
    update: (...args) => run("update", args),
    delete: (...args) => run("delete", args),
  } as pulumi.dynamic.ResourceProvider;
}
