// @ts-check
// The Qoder fleet policy pack: every rule of pulumi-qoder/policy with this organisation's baseline.
// A `--policy-pack-config` file (policy-config.json is a sample) overrides any setting per run.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
// pulumi-qoder/policy loads no module at run time, so the pack process holds the one copy of
// @pulumi/policy and @pulumi/pulumi installed here, whatever pulumi-qoder itself depends on.
const { qoderPolicies } = require("pulumi-qoder/policy");

new PolicyPack("qoder-fleet", {
  description: "Models, metadata, URLs, networking, prompts, references and deployments of Qoder agent fleets.",
  // Settings given here become the rules' config defaults; rules not listed keep their own.
  policies: qoderPolicies({
    "qoder-allowed-models": { models: ["auto", "ultimate"] },
    "qoder-required-metadata": { keys: ["team"] },
    "qoder-memory-store-deletion": { production: ["prod", "prod-*", "production"] },
    "qoder-deployment-schedule-interval": { minimumIntervalMinutes: 60 },
    "qoder-deployment-pinned-agent": { production: ["prod", "prod-*", "production"] },
    // qoder-github-repositories applies once a list is set, e.g. { repositories: ["your-org/*"] }.
  }),
});
