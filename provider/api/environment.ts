// Wire schemas of Environments (CONTRACT.md "Environments"): config union, networking, packages, the response
// object and create/update/list params. No I/O.
import { z } from "zod";
import { ArchivableListParams, ListEnvelope, Metadata, MetadataPatch, MetadataRecord, Timestamp } from "./common";

export const ENVIRONMENT_LIMITS = { setupScriptMax: 10_000 } as const;

export const PACKAGE_MANAGERS = ["apt", "cargo", "gem", "go", "npm", "pip"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export const UnrestrictedNetworking = z.strictObject({ type: z.literal("unrestricted") });
export const LimitedNetworking = z.strictObject({
  type: z.literal("limited"),
  allowed_hosts: z.array(z.string().min(1)).optional().meta({ description: "Hosts the sandbox may reach." }),
  allow_package_managers: z
    .boolean()
    .optional()
    .meta({ description: "Let package managers through (default false); required when packages are declared." }),
  allow_mcp_servers: z.boolean().optional().meta({ description: "Let the sandbox reach the agent's MCP servers (default false)." }),
});
export const Networking = z
  .discriminatedUnion("type", [UnrestrictedNetworking, LimitedNetworking])
  .meta({ description: "Outbound network policy; limited when omitted." });
export type Networking = z.infer<typeof Networking>;

const PackageList = z.array(z.string().min(1)).optional();
export const Packages = z
  .strictObject({
    type: z.literal("packages").optional().meta({ description: "Echoed by the server; optional on input." }),
    apt: PackageList,
    cargo: PackageList,
    gem: PackageList,
    go: PackageList,
    npm: PackageList,
    pip: PackageList,
  })
  .meta({ description: "Package specs per manager, pinned with the manager's own syntax." });
export type Packages = z.infer<typeof Packages>;

export const CloudConfig = z.strictObject({
  type: z.literal("cloud"),
  networking: Networking.optional(),
  packages: Packages.optional(),
  setup_script: z
    .string()
    .max(ENVIRONMENT_LIMITS.setupScriptMax)
    .nullable()
    .optional()
    .meta({ description: "Bash run as root when a sandbox is prepared; ≤10000 characters." }),
});
export const SelfHostedConfig = z
  .strictObject({ type: z.literal("self_hosted") })
  .meta({ description: "Exactly {type: self_hosted}: no networking, packages or setup script." });

/** True when any package manager list is non-empty ("declaring packages", CONTRACT.md "Environments"). */
export function declaresPackages(packages: Packages | undefined | null): boolean {
  if (!packages) return false;
  return PACKAGE_MANAGERS.some((manager) => (packages[manager]?.length ?? 0) > 0);
}

/**
 * Declared packages need `allow_package_managers: true` under limited networking — and limited is the
 * default when `networking` is omitted (CONTRACT.md "Environments").
 */
export const EnvironmentConfig = z
  .discriminatedUnion("type", [CloudConfig, SelfHostedConfig])
  .superRefine((config, ctx) => {
    if (config.type !== "cloud" || !declaresPackages(config.packages)) return;
    const networking = config.networking ?? { type: "limited" as const };
    if (networking.type === "limited" && networking.allow_package_managers !== true) {
      ctx.addIssue({
        code: "custom",
        message: "declaring packages requires networking.allow_package_managers: true under limited networking",
        path: ["networking", "allow_package_managers"],
      });
    }
  })
  .meta({ description: "Cloud sandbox settings, or self-hosted. config.type cannot change after create." });
export type EnvironmentConfig = z.infer<typeof EnvironmentConfig>;

/** `POST /environments` body. */
export const EnvironmentCreateParams = z.strictObject({
  name: z.string().min(1).meta({ description: "Environment name, non-empty." }),
  description: z.string().nullable().optional(),
  config: EnvironmentConfig.optional().meta({ description: "Defaults to cloud with limited networking." }),
  metadata: Metadata.optional(),
});
export type EnvironmentCreateParams = z.infer<typeof EnvironmentCreateParams>;

/** `POST /environments/{id}` body: partial; `config` replaces the stored config whole; `metadata` is a patch. */
export const EnvironmentUpdateParams = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  config: EnvironmentConfig.optional(),
  metadata: MetadataPatch.optional(),
});
export type EnvironmentUpdateParams = z.infer<typeof EnvironmentUpdateParams>;

export const EnvironmentListParams = ArchivableListParams;
export type EnvironmentListParams = z.infer<typeof EnvironmentListParams>;

/**
 * Older vocabularies: networking as a bare string (G1), the hosted variant named `managed` (CN schema).
 * They are read as today's shapes so the provider compares like with like.
 */
function normaliseLegacyConfig(input: unknown): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const config = { ...(input as Record<string, unknown>) };
  if (config.type === "managed") config.type = "cloud";
  if (typeof config.networking === "string") config.networking = { type: config.networking };
  return config;
}

export const EnvironmentConfigRecord = z.preprocess(
  normaliseLegacyConfig,
  z.looseObject({
    type: z.string(),
    networking: z
      .looseObject({
        type: z.string(),
        allowed_hosts: z.array(z.string()).optional(),
        allow_package_managers: z.boolean().optional(),
        allow_mcp_servers: z.boolean().optional(),
      })
      .optional(),
    packages: z.record(z.string(), z.unknown()).optional(),
    setup_script: z.string().nullable().optional(),
  }),
);

/** An environment as read back. Tolerant: unknown fields (older `status`, `archived`) are kept. */
export const Environment = z.looseObject({
  id: z.string(),
  type: z.literal("environment").default("environment"),
  name: z.string(),
  description: z.string().nullable().default(""),
  config: EnvironmentConfigRecord,
  metadata: MetadataRecord,
  archived_at: Timestamp.nullable().default(null),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Environment = z.output<typeof Environment>;

export const EnvironmentList = ListEnvelope(Environment);
export type EnvironmentList = z.output<typeof EnvironmentList>;
