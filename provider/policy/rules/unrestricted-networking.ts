// Rule qoder-unrestricted-networking: sessions get unrestricted network access (an Environment's
// `config.networking`, an environment_variable credential's `auth.networking`) only where config allows it.
// Depends only on the policy layer's own modules.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, type RuleOptions } from "../config";
import { validateEnvironment, validateVaultCredential } from "../match";
import { violationMessage } from "../messages";
import { isRecord } from "../values";

export const UNRESTRICTED_NETWORKING = "qoder-unrestricted-networking";

export interface UnrestrictedNetworkingConfig extends RuleOptions {
  /** Allow `config.networking.type: "unrestricted"` on environments. Default false. */
  allowForEnvironments?: boolean;
  /** Allow `auth.networking.type: "unrestricted"` on environment_variable credentials. Default false. */
  allowForCredentials?: boolean;
}

/** True only for a known `{type: "unrestricted"}`; an unknown networking block or type is not a finding. */
function isUnrestricted(networking: unknown): boolean {
  return isRecord(networking) && networking.type === "unrestricted";
}

const PROBLEM = 'must not be "unrestricted" (limit it to allowed hosts, or allow it in the policy config)';

export function unrestrictedNetworking(config: UnrestrictedNetworkingConfig = {}): ResourceValidationPolicy {
  const defaults = {
    allowForEnvironments: config.allowForEnvironments ?? false,
    allowForCredentials: config.allowForCredentials ?? false,
  };
  return {
    name: UNRESTRICTED_NETWORKING,
    description: "Unrestricted network access is granted only where the policy config allows it.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      allowForEnvironments: {
        type: "boolean",
        default: defaults.allowForEnvironments,
        description: "Environments may use unrestricted networking.",
      },
      allowForCredentials: {
        type: "boolean",
        default: defaults.allowForCredentials,
        description: "environment_variable credentials may use unrestricted networking.",
      },
    }),
    validateResource: [
      validateEnvironment((environment, args, reportViolation) => {
        if (effectiveConfig(args, defaults).allowForEnvironments === true) return;
        const settings: unknown = environment.config;
        // An absent config means the API default: cloud with limited networking (CONTRACT.md "Environments").
        if (!isRecord(settings) || !isUnrestricted(settings.networking)) return;
        reportViolation(violationMessage(UNRESTRICTED_NETWORKING, "Environment", args.name, "config.networking.type", PROBLEM));
      }),
      validateVaultCredential((credential, args, reportViolation) => {
        if (effectiveConfig(args, defaults).allowForCredentials === true) return;
        // Read as a plain record: whatever `auth.type` says, a networking block grants what it says.
        const auth: unknown = credential.auth;
        if (!isRecord(auth) || !isUnrestricted(auth.networking)) return;
        reportViolation(violationMessage(UNRESTRICTED_NETWORKING, "VaultCredential", args.name, "auth.networking.type", PROBLEM));
      }),
    ],
  };
}
