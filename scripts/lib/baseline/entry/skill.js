// Serialized entry point of the baseline skill provider: state names this file.
"use strict";
module.exports = require("../provider").providerFor("skill");
