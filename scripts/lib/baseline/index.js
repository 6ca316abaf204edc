// The baseline's resource classes, named like pulumi-qoder's so that one fleet program runs on either
// package. Each registers the user's inputs and seeds the outputs its provider fills in, and nothing else:
// no identity input, no stack identity resource, no secret marking.
"use strict";
const pulumi = require("@pulumi/pulumi");
const { KINDS } = require("./kinds");

/** @param {keyof typeof KINDS} kind @param {string} type */
function resourceClass(kind, type) {
  const entry = require(`./entry/${kind}.js`);
  return class extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
      const props = Object.fromEntries(KINDS[kind].outputs.map((output) => [output, undefined]));
      super(entry, name, { ...props, ...args }, opts, "qoder-bench", type);
    }
  };
}

module.exports = {
  Agent: resourceClass("agent", "Agent"),
  Environment: resourceClass("environment", "Environment"),
  MemoryStore: resourceClass("memory-store", "MemoryStore"),
  Memory: resourceClass("memory", "Memory"),
  Vault: resourceClass("vault", "Vault"),
  Skill: resourceClass("skill", "Skill"),
};
