// Rule qoder-github-repositories: the GitHub repositories a deployment mounts (`resources[]` of type
// github_repository) are on a configured allow-list, so a scheduled agent is handed a token only for code the
// platform team knows about. Never prints a URL (it may carry credentials) or the authorization token.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, DEFAULT_ENFORCEMENT, effectiveConfig, stringList, withDefault, type RuleOptions } from "../config";
import { validateDeployment } from "../match";
import { propertyPath, violationMessage } from "../messages";
import { globMatches } from "../patterns";
import { isRecord, isUnknown } from "../values";

export const GITHUB_REPOSITORIES = "qoder-github-repositories";

export interface GitHubRepositoriesConfig extends RuleOptions {
  /**
   * Repositories deployments may mount: `owner/repo`, `owner/*` or `owner` on github.com, or a URL such as
   * `https://github.example.com/platform` for another host; `*` matches any characters within a path segment.
   * Not set: the rule does not apply. An empty list allows no repository.
   */
  repositories?: string[];
}

/** A host and the leading path segments, compared segment by segment (case-insensitive, as GitHub names are). */
interface Location {
  host: string;
  segments: string[];
}

function segmentsOf(path: string): string[] {
  const segments = path.split("/").filter((segment) => segment !== "");
  const last = segments.length - 1;
  if (last >= 0) segments[last] = segments[last]!.replace(/\.git$/i, "");
  return segments;
}

/** An allow-list entry: a URL names its host, anything else is a path on github.com. */
function patternOf(entry: string): Location | undefined {
  if (!entry.includes("://")) return { host: "github.com", segments: segmentsOf(entry) };
  try {
    const url = new URL(entry);
    return { host: url.hostname.toLowerCase(), segments: segmentsOf(url.pathname) };
  } catch {
    return undefined;
  }
}

function repositoryOf(value: string): Location | undefined {
  try {
    const url = new URL(value);
    return { host: url.hostname.toLowerCase(), segments: segmentsOf(url.pathname) };
  } catch {
    return undefined;
  }
}

/** Segment-wise, so `acme` allows `acme/tools` but not `acme-labs/tools`. */
function allows(pattern: Location, repository: Location): boolean {
  if (pattern.segments.length === 0 || pattern.host !== repository.host || pattern.segments.length > repository.segments.length) return false;
  return pattern.segments.every((segment, index) => globMatches(segment, repository.segments[index]!, true));
}

export function githubRepositories(config: GitHubRepositoriesConfig = {}): ResourceValidationPolicy {
  const defaults = { repositories: config.repositories };
  return {
    name: GITHUB_REPOSITORIES,
    description: "Deployments mount only the GitHub repositories the platform team allows.",
    enforcementLevel: config.enforcementLevel ?? DEFAULT_ENFORCEMENT,
    configSchema: configSchema({
      repositories: withDefault(
        {
          type: "array",
          items: { type: "string", minLength: 1 },
          description: "Allowed repositories: owner/repo, owner/* or owner on github.com, or URL prefixes for other hosts.",
        },
        defaults.repositories,
      ),
    }),
    validateResource: validateDeployment((deployment, args, reportViolation) => {
      const resources: unknown = deployment.resources;
      if (!Array.isArray(resources)) return; // absent, or unknown in preview
      // Read as plain records: only github_repository resources have a url, whatever `type` says (it may be unknown).
      const urls = resources.flatMap((resource: unknown, index) =>
        isRecord(resource) && resource.url !== undefined && !isUnknown(resource.url) ? [{ url: resource.url, index }] : [],
      );
      if (urls.length === 0) return;
      const configured: unknown = effectiveConfig(args, defaults).repositories;
      if (configured === undefined) args.notApplicable("no allowed repositories configured");
      const entries = stringList(configured);
      const patterns = entries.flatMap((entry) => patternOf(entry) ?? []);
      for (const { url, index } of urls) {
        const repository = typeof url === "string" ? repositoryOf(url) : undefined;
        if (repository !== undefined && patterns.some((pattern) => allows(pattern, repository))) continue;
        const allowed = entries.length > 0 ? `(${entries.join(", ")})` : "(none are allowed)";
        const problem =
          repository === undefined ? `is not a valid URL, so it is no allowed repository ${allowed}` : `is not an allowed repository ${allowed}`;
        reportViolation(violationMessage(GITHUB_REPOSITORIES, "Deployment", args.name, propertyPath("resources", index, "url"), problem));
      }
    }),
  };
}
