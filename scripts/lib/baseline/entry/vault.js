// Serialized entry point of the baseline vault provider: state names this file.
"use strict";
module.exports = require("../provider").providerFor("vault");
