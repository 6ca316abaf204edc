// The Environment resource: name, description, config and metadata update in place; a change of
// `config.type` replaces it; destroy deletes it, or archives it while sessions still use it (CONTRACT.md).
import * as pulumi from "@pulumi/pulumi";
import * as wire from "../api/environment";
import { isConflict } from "../client/errors";
import type { Environment as RemoteEnvironment, EnvironmentCreateParams } from "../client";
import { apiClient } from "./connection";
import environmentEntry = require("./entry/environment");
import { defineLifecycle } from "./kind";
import { metadataPatch, pick, schemaFailures, unlessNotFound, type Fields, type Props } from "./lifecycle";
import { adoptIdFailures, deletionPolicyFailures, type DeletionPolicy } from "./provider-inputs";
import { registerProps, TOKEN_PREFIX, type DeepInput } from "./resource";

export type EnvironmentConfig = NonNullable<EnvironmentCreateParams["config"]>;
export type EnvironmentDeletionPolicy = DeletionPolicy;

export interface EnvironmentArgs {
  name: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** `{ type: "cloud", networking?, packages?, setupScript? }` or `{ type: "self_hosted" }`; default cloud with limited networking. */
  config?: DeepInput<EnvironmentConfig>;
  metadata?: DeepInput<Record<string, string>>;
  /** `"delete"` (default; archives instead while sessions use it) or `"archive"`. */
  deletionPolicy?: pulumi.Input<EnvironmentDeletionPolicy>;
  /** Take over this existing environment instead of creating one (README, "Adoption"). */
  adoptId?: pulumi.Input<string>;
}

const API_FIELDS = ["name", "description", "config", "metadata"] as const;
const DEFAULT_CONFIG = { type: "cloud" };
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

const configType = (config: unknown): unknown => ((config ?? DEFAULT_CONFIG) as Loose).type;

const fields: Fields = {
  name: {},
  description: { default: "" },
  // `config.type` cannot change after create (CONTRACT.md "Environments"): only that change replaces.
  config: { default: DEFAULT_CONFIG, normalize: normalizeConfig, replace: (old, wanted) => configType(old) !== configType(wanted) },
  metadata: { default: {} },
  deletionPolicy: { default: "delete", local: true },
};

export const environmentLifecycle = defineLifecycle<RemoteEnvironment>({
  label: "Environment",
  fields,
  validate(inputs) {
    return [
      ...schemaFailures(wire.EnvironmentCreateParams, pick(inputs, API_FIELDS)),
      ...deletionPolicyFailures(inputs.deletionPolicy, ["delete", "archive"]),
      ...adoptIdFailures(inputs.adoptId, "env_", "an environment id"),
    ];
  },
  create(inputs, key) {
    const body = pick(inputs, API_FIELDS) as EnvironmentCreateParams;
    return apiClient().environments.create(body, { idempotencyKey: key("create", body) });
  },
  retrieve(id) {
    return unlessNotFound(() => apiClient().environments.retrieve(id));
  },
  update(id, olds, news, key) {
    const body: Props = {
      name: news.name,
      description: news.description ?? "",
      config: news.config ?? DEFAULT_CONFIG,
      metadata: metadataPatch(olds.metadata as Record<string, string>, news.metadata as Record<string, string>),
    };
    return apiClient().environments.update(id, body as never, { idempotencyKey: key("update", body) });
  },
  async remove(id, props, key) {
    const client = apiClient();
    if (props.deletionPolicy === "archive") {
      await client.environments.archive(id, { idempotencyKey: key("archive", { id }) });
      return;
    }
    try {
      await client.environments.delete(id, { idempotencyKey: key("delete", { id }) });
    } catch (err) {
      // Sessions still reference it: it cannot be deleted, but archiving stops new sessions (CONTRACT.md).
      if (!isConflict(err)) throw err;
      await client.environments.archive(id, { idempotencyKey: key("archive", { id }) });
    }
  },
  toInputs: (remote) => pick(remote as unknown as Props, API_FIELDS),
  toOutputs: (remote) => ({ archivedAt: remote.archivedAt ?? null, createdAt: remote.createdAt, updatedAt: remote.updatedAt }),
  isRetired: (remote) => Boolean(remote.archivedAt),
  checkAdoptable: (remote, inputs) =>
    configType(remote.config) === configType(inputs.config) ? undefined : "its config.type differs, and config.type cannot change",
});

/** A container environment that sessions run in. */
export class Environment extends pulumi.dynamic.Resource {
  static readonly __pulumiType = `${TOKEN_PREFIX}Environment`;

  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly config: pulumi.Output<EnvironmentConfig | undefined>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  declare readonly deletionPolicy: pulumi.Output<EnvironmentDeletionPolicy | undefined>;
  declare readonly archivedAt: pulumi.Output<string | null>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["archivedAt", "createdAt", "updatedAt"];
    super(environmentEntry, name, registerProps("Environment", name, args, outputs), opts, "qoder", "Environment");
  }
}
