// Serialized entry point of the baseline environment provider: state names this file.
"use strict";
module.exports = require("../provider").providerFor("environment");
