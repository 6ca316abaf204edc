// Rule qoder-https-urls: agent MCP server URLs, credential URLs (`auth.mcpServerUrl`, and the OAuth
// `auth.refresh.tokenEndpoint` that receives refresh tokens) and the GitHub repositories deployments clone with
// their authorization token use https. Never prints a URL: it may hold a token in its query string.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, withDefault, type RuleOptions } from "../config";
import type { QoderKind } from "../kinds";
import { validateAgent, validateDeployment, validateVaultCredential } from "../match";
import { propertyPath, violationMessage, type PathSegment } from "../messages";
import { isRecord, isUnknown } from "../values";

export const HTTPS_URLS = "qoder-https-urls";

export interface HttpsUrlsConfig extends RuleOptions {
  /** Host names allowed over plain http, e.g. ["localhost"] for a local MCP server. Default: none. */
  allowHttpHosts?: string[];
}

/** The problem with a URL value, or undefined when it is fine or not known yet. */
function urlProblem(value: unknown, allowHttpHosts: string[]): string | undefined {
  if (value === undefined || isUnknown(value)) return undefined;
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return "must be an https URL (it is not a valid URL)";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && allowHttpHosts.includes(url.hostname)) return undefined;
  return "must use https";
}

export function httpsUrls(config: HttpsUrlsConfig = {}): ResourceValidationPolicy {
  const defaults = { allowHttpHosts: config.allowHttpHosts ?? [] };
  const check = (kind: QoderKind, name: string, value: unknown, path: PathSegment[], allowHttpHosts: string[], report: (message: string) => void) => {
    const problem = urlProblem(value, allowHttpHosts);
    if (problem) report(violationMessage(HTTPS_URLS, kind, name, propertyPath(...path), problem));
  };
  return {
    name: HTTPS_URLS,
    description: "MCP server, credential and repository URLs use https.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      allowHttpHosts: withDefault(
        { type: "array", items: { type: "string", minLength: 1 }, description: "Host names allowed over http." },
        defaults.allowHttpHosts,
      ),
    }),
    validateResource: [
      validateAgent((agent, args, reportViolation) => {
        if (!Array.isArray(agent.mcpServers)) return; // absent, or unknown in preview
        const hosts = stringList(effectiveConfig(args, defaults).allowHttpHosts);
        agent.mcpServers.forEach((server, index) => {
          if (!isRecord(server)) return;
          check("Agent", args.name, server.url, ["mcpServers", index, "url"], hosts, reportViolation);
        });
      }),
      validateVaultCredential((credential, args, reportViolation) => {
        // Read as a plain record: a URL field is checked whatever `auth.type` says, and the type may be unknown.
        const auth: unknown = credential.auth;
        if (!isRecord(auth)) return;
        const hosts = stringList(effectiveConfig(args, defaults).allowHttpHosts);
        check("VaultCredential", args.name, auth.mcpServerUrl, ["auth", "mcpServerUrl"], hosts, reportViolation);
        const refresh = auth.refresh;
        if (!isRecord(refresh)) return;
        check("VaultCredential", args.name, refresh.tokenEndpoint, ["auth", "refresh", "tokenEndpoint"], hosts, reportViolation);
      }),
      validateDeployment((deployment, args, reportViolation) => {
        const resources: unknown = deployment.resources;
        if (!Array.isArray(resources)) return; // absent, or unknown in preview
        const hosts = stringList(effectiveConfig(args, defaults).allowHttpHosts);
        // Read as plain records: only github_repository resources have a url, whatever `type` says.
        resources.forEach((resource: unknown, index) => {
          if (!isRecord(resource)) return;
          check("Deployment", args.name, resource.url, ["resources", index, "url"], hosts, reportViolation);
        });
      }),
    ],
  };
}
