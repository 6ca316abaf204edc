// Serialized entry point of the baseline agent provider: state names this file.
"use strict";
module.exports = require("../provider").providerFor("agent");
