// The Environment kind (CONTRACT.md "Environments"): name, description, config and metadata update in place,
// except that another `config.type` replaces it; destroy deletes it (archives while sessions use it).
import type { z } from "zod";
import type { EnvironmentCreateParams } from "../api/environment";
import type { CamelCased } from "../api/casing";
import { defineKind, deletionPolicy, type DeletionPolicy } from "./descriptor";

export type EnvironmentView = CamelCased<z.input<typeof EnvironmentCreateParams>> & {
  /** `"delete"` (default; archives instead while sessions use it) or `"archive"`. */
  deletionPolicy?: DeletionPolicy;
};
export type EnvironmentConfig = NonNullable<EnvironmentView["config"]>;

export interface EnvironmentOutputs {
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The config an environment gets when none is given. */
export const DEFAULT_CONFIG = { type: "cloud" } as const;
const PACKAGE_MANAGERS = ["apt", "cargo", "gem", "go", "npm", "pip"] as const;

type Loose = Record<string, unknown>;

/** The config as the API answers it: defaults filled in, so a short config and its echo compare equal. */
export function normalizeConfig(value: unknown): unknown {
  const config = (value ?? DEFAULT_CONFIG) as Loose;
  if (config.type !== "cloud") return { type: config.type };
  const networking = (config.networking ?? { type: "limited" }) as Loose;
  const packages = (config.packages ?? {}) as Loose;
  return {
    type: "cloud",
    networking:
      networking.type === "limited"
        ? {
            type: "limited",
            allowedHosts: networking.allowedHosts ?? [],
            allowPackageManagers: networking.allowPackageManagers ?? false,
            allowMcpServers: networking.allowMcpServers ?? false,
          }
        : { type: networking.type },
    packages: Object.fromEntries(PACKAGE_MANAGERS.map((manager) => [manager, packages[manager] ?? []])),
    setupScript: config.setupScript ?? null,
  };
}

export const configType = (config: unknown): unknown => ((config ?? DEFAULT_CONFIG) as Loose).type;

export const environmentKind = defineKind<EnvironmentView, EnvironmentOutputs>({
  type: "Environment",
  idPrefix: "env_",
  idNoun: "an environment id",
  get wire() {
    return (require("../api/environment") as typeof import("../api/environment")).EnvironmentCreateParams;
  },
  fields: {
    name: {},
    description: { default: "", cleared: "" },
    config: {
      default: DEFAULT_CONFIG,
      cleared: DEFAULT_CONFIG,
      normalize: normalizeConfig,
      replace: (old, wanted) => configType(old) !== configType(wanted),
    },
    metadata: { default: {} },
    deletionPolicy: deletionPolicy("delete"),
  },
  outputs: {
    archivedAt: "When the environment was archived, or null.",
    createdAt: "When the environment was created.",
    updatedAt: "When the environment last changed.",
  },
});
