// The provider objects Pulumi serializes into every resource's state. Each method only `require`s the
// runtime at call time, so the serialized text holds a kind name and nothing else: no client, schema,
// module or token can be captured (DESIGN.md, "Serialization" and "Delete and refresh run the code in state").
import type * as pulumi from "@pulumi/pulumi";

export type KindName = "agent" | "environment" | "skill" | "vault" | "vault-credential" | "memory-store" | "memory";

type Runtime = typeof import("./runtime");

/**
 * The object that `entry/<kind>.ts` exports. Installed from a registry, Pulumi stores only
 * `require("pulumi-qoder/dist/provider/resources/entry/<kind>.js")`; linked into a project (npm link,
 * workspaces, this repository's own root program) it stores these small methods by value instead.
 * Either way the dynamic-provider host resolves `pulumi-qoder` through the program's node_modules.
 */
export function entryFor(kind: KindName): pulumi.dynamic.ResourceProvider {
  const runtime = (): Runtime => require("pulumi-qoder/runtime") as Runtime;
  return {
    configure: (req) => runtime().configure(req),
    check: (olds, news) => runtime().lifecycle(kind).check(olds, news),
    diff: (id, olds, news) => runtime().lifecycle(kind).diff(id, olds, news),
    create: (inputs) => runtime().lifecycle(kind).create(inputs),
    read: (id, props) => runtime().lifecycle(kind).read(id, props),
    update: (id, olds, news) => runtime().lifecycle(kind).update(id, olds, news),
    delete: (id, props) => runtime().lifecycle(kind).delete(id, props),
  };
}
