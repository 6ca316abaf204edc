// The lifecycle of a stack's identity (stack-identity.ts): a random id made once, with no API call, and
// kept in state from then on. Every Qoder resource's idempotency keys derive from it (DESIGN.md,
// "Reliability rules"), so no two stacks can replay, and later destroy, each other's objects.
import { randomUUID } from "node:crypto";
import type { Lifecycle } from "./engine";

export const stackIdentityLifecycle: Lifecycle = {
  async check(_olds, news) {
    return { inputs: news, failures: [] };
  },
  // Nothing about it can change: a new identity would only ever come from a new resource.
  async diff() {
    return { changes: false, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs) {
    return { id: `stack_${randomUUID()}`, outs: inputs };
  },
  async read(id, props) {
    return { id, props, inputs: props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};
