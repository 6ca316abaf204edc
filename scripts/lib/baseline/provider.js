// The provider object of one baseline kind, the same shape as pulumi-qoder's entryFor
// (provider/resources/entry-point.ts): each method requires the implementation at call time, so Pulumi
// stores only `require("qoder-bench-baseline/entry/<kind>.js")` in state, as it does for ours.
"use strict";

/** @param {string} kind */
function providerFor(kind) {
  const run = (method, args) => require("qoder-bench-baseline/impl").run(kind, method, args);
  return {
    configure: (...args) => run("configure", args),
    check: (...args) => run("check", args),
    diff: (...args) => run("diff", args),
    create: (...args) => run("create", args),
    read: (...args) => run("read", args),
    update: (...args) => run("update", args),
    delete: (...args) => run("delete", args),
  };
}

module.exports = { providerFor };
