// The baseline's resource classes with one more input, `__identity`, registered as pulumi-qoder registers
// it: what carrying a per-resource identity costs any dynamic provider (docs/performance.md).
"use strict";
module.exports = require("./index").classes(true);
