// Public entry of `pulumi-qoder/policy`: the rules, the ready policy list, the typed matching helpers and
// test helpers for policy packs on Qoder fleets. Loads no runtime module (not even @pulumi/policy), so a
// pack can import it beside its own SDK copy, and importing it has no side effects.
export { qoderPolicies, QODER_POLICY_NAMES, type QoderPolicyConfig, type QoderPolicyOptions } from "./pack";
export * from "./rules/allowed-models";
export * from "./rules/required-metadata";
export * from "./rules/https-urls";
export * from "./rules/unrestricted-networking";
export * from "./rules/system-prompt";
export * from "./rules/managed-references";
export * from "./rules/memory-store-deletion";
export * from "./rules/deployment-schedule-interval";
export * from "./rules/deployment-pinned-agent";
export * from "./rules/github-repositories";
export * from "./rules/deployment-environment-secrets";
export * from "./match";
export * from "./kinds";
export { isUnknown, knownString, plain, plainProps, UNKNOWN, UNKNOWN_SENTINELS, type Unknown } from "./values";
export { propertyPath, violationMessage } from "./messages";
export { currentStackName, isProductionStack } from "./stack-name";
export { minimumCronInterval } from "./cron";
export { globMatches } from "./patterns";
export type { RuleOptions } from "./config";
export * as testing from "./testing";
