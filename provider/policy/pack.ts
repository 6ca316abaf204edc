// The ready policy list for a Qoder fleet pack: every rule, configured from one object keyed by policy name
// (the same shape as a `--policy-pack-config` file). Builds policies only; never constructs a PolicyPack,
// which would start the analyzer server (prior-art.md §C.1).
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { ALLOWED_MODELS, allowedModels, type AllowedModelsConfig } from "./rules/allowed-models";
import {
  DEPLOYMENT_ENVIRONMENT_SECRETS,
  deploymentEnvironmentSecrets,
  type DeploymentEnvironmentSecretsConfig,
} from "./rules/deployment-environment-secrets";
import { DEPLOYMENT_PINNED_AGENT, deploymentPinnedAgent, type DeploymentPinnedAgentConfig } from "./rules/deployment-pinned-agent";
import {
  DEPLOYMENT_SCHEDULE_INTERVAL,
  deploymentScheduleInterval,
  type DeploymentScheduleIntervalConfig,
} from "./rules/deployment-schedule-interval";
import { GITHUB_REPOSITORIES, githubRepositories, type GitHubRepositoriesConfig } from "./rules/github-repositories";
import { HTTPS_URLS, httpsUrls, type HttpsUrlsConfig } from "./rules/https-urls";
import { MANAGED_REFERENCES, managedReferences, type ManagedReferencesConfig } from "./rules/managed-references";
import { MEMORY_STORE_DELETION, memoryStoreDeletion, type MemoryStoreDeletionConfig } from "./rules/memory-store-deletion";
import { REQUIRED_METADATA, requiredMetadata, type RequiredMetadataConfig } from "./rules/required-metadata";
import { SYSTEM_PROMPT, systemPrompt, type SystemPromptConfig } from "./rules/system-prompt";
import { UNRESTRICTED_NETWORKING, unrestrictedNetworking, type UnrestrictedNetworkingConfig } from "./rules/unrestricted-networking";

/** Per policy: an enforcement level alone, or the rule's settings (as in a `--policy-pack-config` file). */
type Entry<C> = EnforcementLevel | C;

export interface QoderPolicyConfig {
  [ALLOWED_MODELS]?: Entry<AllowedModelsConfig>;
  [REQUIRED_METADATA]?: Entry<RequiredMetadataConfig>;
  [HTTPS_URLS]?: Entry<HttpsUrlsConfig>;
  [UNRESTRICTED_NETWORKING]?: Entry<UnrestrictedNetworkingConfig>;
  [SYSTEM_PROMPT]?: Entry<SystemPromptConfig>;
  [MANAGED_REFERENCES]?: Entry<ManagedReferencesConfig>;
  [MEMORY_STORE_DELETION]?: Entry<Omit<MemoryStoreDeletionConfig, "stackName">>;
  [DEPLOYMENT_SCHEDULE_INTERVAL]?: Entry<DeploymentScheduleIntervalConfig>;
  [DEPLOYMENT_PINNED_AGENT]?: Entry<Omit<DeploymentPinnedAgentConfig, "stackName">>;
  [GITHUB_REPOSITORIES]?: Entry<GitHubRepositoriesConfig>;
  [DEPLOYMENT_ENVIRONMENT_SECRETS]?: Entry<DeploymentEnvironmentSecretsConfig>;
}

/** Settings that are code, not JSON, so they sit beside the config rather than in it. */
export interface QoderPolicyOptions {
  /** Where qoder-memory-store-deletion and qoder-deployment-pinned-agent learn the stack name; default PULUMI_NODEJS_STACK. */
  stackName?: () => string | undefined;
}

/** Names of every rule `qoderPolicies` returns, in order. */
export const QODER_POLICY_NAMES = [
  ALLOWED_MODELS,
  REQUIRED_METADATA,
  HTTPS_URLS,
  UNRESTRICTED_NETWORKING,
  SYSTEM_PROMPT,
  MANAGED_REFERENCES,
  MEMORY_STORE_DELETION,
  DEPLOYMENT_SCHEDULE_INTERVAL,
  DEPLOYMENT_PINNED_AGENT,
  GITHUB_REPOSITORIES,
  DEPLOYMENT_ENVIRONMENT_SECRETS,
] as const;

function entry<C extends object>(value: Entry<C> | undefined): C {
  if (value === undefined) return {} as C;
  return typeof value === "string" ? ({ enforcementLevel: value } as C) : value;
}

/**
 * Every rule, configured. Values given here become the rules' schema defaults, so a
 * `--policy-pack-config` file still overrides them per run.
 */
export function qoderPolicies(config: QoderPolicyConfig = {}, options: QoderPolicyOptions = {}): Policies {
  return [
    allowedModels(entry(config[ALLOWED_MODELS])),
    requiredMetadata(entry(config[REQUIRED_METADATA])),
    httpsUrls(entry(config[HTTPS_URLS])),
    unrestrictedNetworking(entry(config[UNRESTRICTED_NETWORKING])),
    systemPrompt(entry(config[SYSTEM_PROMPT])),
    managedReferences(entry(config[MANAGED_REFERENCES])),
    memoryStoreDeletion({ ...entry(config[MEMORY_STORE_DELETION]), stackName: options.stackName }),
    deploymentScheduleInterval(entry(config[DEPLOYMENT_SCHEDULE_INTERVAL])),
    deploymentPinnedAgent({ ...entry(config[DEPLOYMENT_PINNED_AGENT]), stackName: options.stackName }),
    githubRepositories(entry(config[GITHUB_REPOSITORIES])),
    deploymentEnvironmentSecrets(entry(config[DEPLOYMENT_ENVIRONMENT_SECRETS])),
  ];
}
