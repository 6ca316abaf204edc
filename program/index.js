// Entry of the repository's own Pulumi program (Pulumi.yaml `main: program/index.js`): the fleet lives in the
// stack file, and its outputs become the stack outputs. Everything else is in provider/fleet.
//
// The package is loaded by name from node_modules, as a user's program loads it: scripts/install-self.mjs
// makes node_modules/pulumi-qoder a real copy after each build, and this folder's own package.json keeps
// Node from resolving the name to this repository itself (a package's self-reference). So Pulumi stores each
// resource's provider as a short require of its entry module, not its code by value.
"use strict";
module.exports = require("pulumi-qoder/fleet").runFleetProgram;
