// The file and deployment entries of the fleet document, and the resources a deployment or an agent's session
// preset mounts: files and memory stores named by key, GitHub repositories with a secret token. Derived from
// the File and Deployment kinds (fleet/derive.ts); the wire's own rules (cron, timezone, events) come along.
import { z } from "zod";
import { IdOf, Metadata } from "../api/common";
import { timezoneProblem } from "../api/cron";
import { CronSchedule, DEPLOYMENT_LIMITS, DeploymentCreateParams, GitHubRepositoryResource } from "../api/deployment";
import { FileCreateParams } from "../api/file";
import { FileResource, MemoryStoreResource } from "../api/session";
import { deploymentKind, VARIABLE_NAME } from "../kinds/deployment";
import { fileKind } from "../kinds/file";
import { camelSchema } from "./camel";
import { fleetEntry, fleetKind, wireField } from "./derive";
import { adoptId, Ref, ResourceOptions, SecretRef, secretOrRef } from "./schema-parts";
import { didYouMean } from "./suggest";

const FILE = fleetKind(fileKind, FileCreateParams);
export const FILE_ENTRY = fleetEntry(FILE, {
  path: z
    .string()
    .min(1)
    .meta({ description: "The file to upload (text-based, ≤50 MB), relative to the file that declares the fleet, inside the project." }),
  allowOutsideProject: z
    .boolean()
    .optional()
    .meta({ description: "Lets path lie outside the project (the directory of Pulumi.yaml); off by default." }),
  mediaType: z
    .string()
    .min(1)
    .optional()
    .meta({ description: "The media type (text-based only, such as text/markdown); by default the one the extension says." }),
  adoptId: adoptId("file", "file"),
  options: ResourceOptions.optional(),
});
export const FleetFile = z
  .strictObject(FILE_ENTRY.shape)
  .meta({ description: "A local file uploaded for deployments and sessions to mount. New content, a new name or metadata replaces it." });
export type FleetFile = z.infer<typeof FleetFile>;

// The parts of each wire resource the fleet keeps as they are, in camelCase.
const fileParts = (camelSchema(FileResource) as unknown as z.ZodObject).shape;
const storeParts = (camelSchema(MemoryStoreResource) as unknown as z.ZodObject).shape;
const repositoryParts = (camelSchema(GitHubRepositoryResource) as unknown as z.ZodObject).shape;
type Part<T> = z.ZodType<T>;

const mountPath = fileParts.mountPath as Part<string | undefined>;

export const FileUse = z
  .strictObject({ file: Ref("file"), mountPath })
  .meta({ description: "A file of `files` by key; mounted at /mnt/session/uploads/<file id> unless mountPath says." });

export const FileIdUse = z
  .strictObject({
    fileId: IdOf("file").meta({ description: "An uploaded file (file_…) the fleet does not manage, such as one qoder-adopt found." }),
    mountPath,
  })
  .meta({ description: "A file the account holds that no `files` entry declares, by id." });

export const MemoryStoreResourceUse = z
  .strictObject({
    memoryStore: Ref("memory store"),
    access: storeParts.access as Part<"read_write" | "read_only" | undefined>,
    instructions: (storeParts.instructions as z.ZodOptional).meta({ description: "How the agent should use the store, ≤4096 characters." }) as Part<
      string | undefined
    >,
  })
  .meta({ description: "A memory store by key: read_write unless access says read_only." });

export const GitHubRepositoryUse = z
  .strictObject({
    githubRepository: repositoryParts.url as Part<string>,
    token: secretOrRef(repositoryParts.authorizationToken as Part<string>),
    mountPath: repositoryParts.mountPath as Part<string | undefined>,
    checkout: repositoryParts.checkout as Part<{ type: "branch"; name: string } | { type: "commit"; sha: string } | undefined>,
  })
  .meta({ description: "A GitHub repository by URL, cloned with a token that is a secret (`secure:` or { secret: <config key> })." });

/** What a deployment mounts in every session it starts. */
export const DeploymentResourceUse = z
  .union([FileUse, FileIdUse, MemoryStoreResourceUse, GitHubRepositoryUse])
  .meta({ description: "{ file: <key> }, { fileId: file_… }, { memoryStore: <key> } or { githubRepository: <url>, token }." });
export type DeploymentResourceUse = z.infer<typeof DeploymentResourceUse>;

/** What an agent's session preset mounts besides its memory stores (which its memoryStores list names). */
export const SessionResourceUse = z
  .union([FileUse, FileIdUse, GitHubRepositoryUse])
  .meta({ description: "{ file: <key> }, { fileId: file_… } or { githubRepository: <url>, token }; memory stores go in memoryStores." });
export type SessionResourceUse = z.infer<typeof SessionResourceUse>;

/** Every IANA zone name this runtime knows, for "did you mean". */
const TIMEZONES = [...Intl.supportedValuesOf("timeZone"), "UTC"];

const cronSchedule = CronSchedule.shape;
export const FleetSchedule = z
  .strictObject({
    cron: cronSchedule.expression,
    timezone: z
      .string()
      .superRefine((text, context) => {
        // The wire's own rule (api/cron.ts), with the zone name most likely meant.
        const problem = timezoneProblem(text);
        if (problem) context.addIssue({ code: "custom", message: `${problem}${didYouMean(text, TIMEZONES)}`, input: text });
      })
      .meta({ description: "The IANA timezone name the expression is matched in, e.g. Europe/Berlin." }),
  })
  .meta({ description: "When scheduled runs fire: { cron: <5 fields>, timezone: <IANA name> }; absent means manual runs only." });

export const DeploymentAgentUse = z
  .union([
    Ref("agent").meta({ description: "An agent key: runs use the agent's latest version." }),
    z.strictObject({
      agent: Ref("agent"),
      pin: z
        .boolean()
        .optional()
        .meta({ description: "Pin the agent's current version: each new version of the agent then updates the deployment to it." }),
    }),
  ])
  .meta({ description: "An agent by key (its latest version at each run), or { agent, pin: true }." });

const LINES = "the API takes the variables as KEY=VALUE lines";

export const EnvironmentVariables = z
  .record(
    z.string().regex(VARIABLE_NAME, `must be a variable name (letters, digits and _, not starting with a digit): ${LINES}`),
    // `{ secret: <config key> }` reads the value from the stack config (fleet/secrets.ts), as a Pulumi secret.
    z
      .union([z.string().refine((value) => !/[\r\n]/.test(value), { message: `must not hold a line break: ${LINES}` }), SecretRef])
      .meta({ description: "A string, or { secret: <config key> } to read it from the stack config." }),
  )
  .meta({
    description: "Variables every run's session sees, name → value (sent as sorted KEY=VALUE lines); a value may be { secret: <config key> }.",
  });

const DEPLOYMENT = fleetKind(deploymentKind, DeploymentCreateParams, {
  stated: { environmentId: ["environment"], initialEvents: ["initialEvents", "prompt"], vaultIds: ["vaults"] },
});
export const DEPLOYMENT_ENTRY = fleetEntry(DEPLOYMENT, {
  name: wireField(DEPLOYMENT, "name").optional().meta({ description: "1–256 characters, unique among live deployments; defaults to the key." }),
  agent: DeploymentAgentUse,
  environment: Ref("environment")
    .optional()
    .meta({ description: "The environment its runs use; defaults to the only environment when there is one." }),
  schedule: FleetSchedule.optional(),
  initialEvents: wireField(DEPLOYMENT, "initialEvents")
    .optional()
    .meta({ description: "What each run starts with: 1–50 events, one of them a user.message or user.define_outcome." }),
  prompt: z.string().min(1).optional().meta({ description: "Instead of initialEvents: the text of the one user.message each run starts with." }),
  resources: z
    .array(DeploymentResourceUse)
    .max(DEPLOYMENT_LIMITS.resourcesMax)
    .optional()
    .meta({ description: "What every session it starts mounts: files, memory stores and GitHub repositories." }),
  vaults: z.array(Ref("vault")).max(DEPLOYMENT_LIMITS.vaultIdsMax).optional().meta({ description: "Vaults its sessions use (keys)." }),
  environmentVariables: EnvironmentVariables.optional(),
  metadata: Metadata.optional(),
  paused: z.boolean().optional().meta({ description: "true pauses its scheduled runs (default false)." }),
  adoptId: adoptId("dep", "deployment"),
  options: ResourceOptions.optional(),
});
export const FleetDeployment = z
  .strictObject(DEPLOYMENT_ENTRY.shape)
  // Exactly one of prompt and initialEvents (fleet/deployment-definition.ts reports it in words).
  .meta({
    description: "A deployment: the agent run on a cron schedule (or by hand). Updates in place; destroying it archives it.",
    oneOf: [{ required: ["prompt"] }, { required: ["initialEvents"] }],
  });
export type FleetDeployment = z.infer<typeof FleetDeployment>;
