// Serialized entry point of the baseline memory-store provider: state names this file.
"use strict";
module.exports = require("../provider").providerFor("memory-store");
