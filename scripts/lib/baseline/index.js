// The baseline's resource classes, named like pulumi-qoder's so that one fleet program runs on either
// package. Each registers the user's inputs and seeds the outputs its provider fills in, and nothing else:
// no identity input, no stack identity resource, no secret marking. `qoder-bench-baseline/with-identity`
// (`npm run bench -- --baseline identity`) adds one input, as pulumi-qoder does: `__identity`.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { KINDS } = require("./kinds");

/**
 * Shaped like pulumi-qoder's stack identity id (a UUID), fixed: the bare provider makes no identity
 * resource, only the input.
 */
const STACK_ID = "00000000-0000-4000-8000-000000000000";

/**
 * pulumi-qoder's `__identity` input as it registers it: a promise of `<stack id>/<project>/<stack>/<type>/<name>`.
 * The baseline's provider leaves it out of the outputs and the diff, as ours does.
 */
function identityOf(type, name) {
  return Promise.resolve(`${STACK_ID}/${pulumi.getProject()}/${pulumi.getStack()}/${type}/${name}`);
}

/** @param {keyof typeof KINDS} kind @param {string} type @param {boolean} withIdentity */
function resourceClass(kind, type, withIdentity) {
  const entry = require(`./entry/${kind}.js`);
  return class extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
      const props = Object.fromEntries(KINDS[kind].outputs.map((output) => [output, undefined]));
      const identity = withIdentity ? { __identity: identityOf(type, name) } : {};
      super(entry, name, { ...props, ...args, ...identity }, opts, "qoder-bench", type);
    }
  };
}

/** The six resource classes, with or without the identity input. */
function classes(withIdentity) {
  return {
    Agent: resourceClass("agent", "Agent", withIdentity),
    Environment: resourceClass("environment", "Environment", withIdentity),
    MemoryStore: resourceClass("memory-store", "MemoryStore", withIdentity),
    Memory: resourceClass("memory", "Memory", withIdentity),
    Vault: resourceClass("vault", "Vault", withIdentity),
    Skill: resourceClass("skill", "Skill", withIdentity),
  };
}

module.exports = { ...classes(false), classes };
