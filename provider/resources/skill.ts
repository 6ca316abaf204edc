// The Skill resource: its input is a directory; the hash of its content decides whether `up` uploads a new
// version (`latestVersion` moves, and agents that pin it follow). `displayTitle`, `metadata` and the SKILL.md
// name are fixed at create, so a change replaces the skill; destroy deletes it with every version.
import * as pulumi from "@pulumi/pulumi";
import * as wire from "../api/skill";
import type { Skill as RemoteSkill } from "../client";
import { apiClient } from "./connection";
import skillEntry = require("./entry/skill");
import { defineLifecycle } from "./kind";
import { isUnknown, pick, schemaFailures, UNKNOWN, unlessNotFound, type Fields, type Props } from "./lifecycle";
import { adoptIdFailures } from "./provider-inputs";
import { registerProps, TOKEN_PREFIX, type DeepInput } from "./resource";
import { readLocalSkill, remoteSkillContent, type LocalSkill, type SkillContent } from "./skill-content";

export interface SkillArgs {
  /**
   * A directory with SKILL.md (frontmatter `name` and `description`) at its top. Relative paths start at the
   * program's working directory (the Pulumi project directory, unless `main` points into a subdirectory);
   * keep them relative so state is the same on every machine. It must lie inside the project (the nearest
   * directory holding Pulumi.yaml); `.qoderignore` and the defaults leave files out (docs/skills.md).
   */
  directory: pulumi.Input<string>;
  /**
   * Lets `directory` lie outside the Pulumi project. Off by default, so a mistyped `../` path cannot upload
   * files from elsewhere on the machine. Symbolic links are still followed only within the skill or project.
   */
  allowOutsideProject?: pulumi.Input<boolean>;
  /** ≤255 characters; defaults to the SKILL.md name. Fixed after create. */
  displayTitle?: pulumi.Input<string>;
  /** Fixed after create. */
  metadata?: DeepInput<Record<string, string>>;
  /** Take over this existing skill instead of creating one (README, "Adoption"). */
  adoptId?: pulumi.Input<string>;
}

const fields: Fields = {
  // Where the files are read from steers the provider only: the content hash is what the API holds.
  directory: { local: true },
  allowOutsideProject: { local: true, default: false },
  contentHash: {},
  skillName: { replace: true },
  displayTitle: { replace: true },
  metadata: { default: {}, replace: true },
};

/** The directory as check reads it: inside the project unless the inputs opt out. */
function readSkill(inputs: Props): ReturnType<typeof readLocalSkill> {
  return readLocalSkill(String(inputs.directory), { allowOutsideProject: inputs.allowOutsideProject === true });
}

/**
 * Reads the directory again at upload time: a directory edited since check would not match the plan. The
 * files uploaded are the very ones this hash was computed from, so hash and upload cannot disagree.
 */
async function uploadableFiles(inputs: Props): Promise<LocalSkill["files"]> {
  const directory = String(inputs.directory);
  const content = await readSkill(inputs);
  if ("problem" in content) throw new Error(`Skill: ${content.problem}`);
  if (content.contentHash !== inputs.contentHash) {
    throw new Error(`Skill: ${directory} changed while this update ran; run \`pulumi up\` again to upload what it holds now`);
  }
  return content.files;
}

export const skillLifecycle = defineLifecycle<RemoteSkill>({
  label: "Skill",
  fields,
  validate: (inputs) => [
    ...schemaFailures(wire.SkillCreateParams, toWireFields(inputs)),
    ...(typeof inputs.directory === "string" && inputs.directory !== ""
      ? []
      : [{ property: "directory", reason: "must be the path of a skill directory (holding SKILL.md)" }]),
    ...(inputs.allowOutsideProject === undefined || typeof inputs.allowOutsideProject === "boolean" || isUnknown(inputs.allowOutsideProject)
      ? []
      : [{ property: "allowOutsideProject", reason: "must be true or false" }]),
    ...adoptIdFailures(inputs.adoptId, "skill_", "a skill id"),
  ],
  async prepare(inputs) {
    if (isUnknown(inputs.directory) || isUnknown(inputs.allowOutsideProject)) {
      return { inputs: { ...inputs, contentHash: UNKNOWN, skillName: UNKNOWN }, failures: [] };
    }
    const content = await readSkill(inputs);
    if ("problem" in content) return { inputs, failures: [{ property: "directory", reason: content.problem }] };
    return { inputs: { ...inputs, contentHash: content.contentHash, skillName: content.skillName }, failures: [] };
  },
  async create(inputs, key) {
    const files = await uploadableFiles(inputs);
    const body = { ...toWireFields(inputs), contentHash: inputs.contentHash, skillName: inputs.skillName };
    const params = { files, topFolder: String(inputs.skillName), ...pick(inputs, ["displayTitle", "metadata"]) };
    return apiClient().skills.create(params, { idempotencyKey: key("create", body) });
  },
  retrieve: (id) => unlessNotFound(() => apiClient().skills.retrieve(id)),
  async update(id, _olds, news, key) {
    // Only the content can change in place (the other fields replace): it becomes a new version.
    const files = await uploadableFiles(news);
    const client = apiClient();
    await client.skills.versions.create(
      id,
      { files, topFolder: String(news.skillName) },
      { idempotencyKey: key("version", { contentHash: news.contentHash }) },
    );
    return client.skills.retrieve(id);
  },
  async remove(id, _props, key) {
    await apiClient().skills.delete(id, { idempotencyKey: key("delete", { id }) });
  },
  async toInputs(remote, applied) {
    // The hash of what we uploaded stands while the latest version is ours; another one is read back.
    const ours = applied.latestVersion === remote.latestVersion && typeof applied.contentHash === "string";
    const content: SkillContent = ours
      ? { contentHash: String(applied.contentHash), skillName: String(applied.skillName) }
      : await remoteSkillContent(remote.id, remote.latestVersion);
    // The API fills in the SKILL.md name as the title when none was given; that is no drift.
    const defaultTitle = applied.displayTitle === undefined && remote.displayTitle === content.skillName;
    return { ...content, displayTitle: defaultTitle ? undefined : remote.displayTitle, metadata: remote.metadata };
  },
  toOutputs: (remote) => ({
    latestVersion: remote.latestVersion,
    source: remote.source,
    createdAt: remote.createdAt,
    updatedAt: remote.updatedAt,
  }),
});

function toWireFields(inputs: Props): Props {
  return pick(inputs, ["displayTitle", "metadata"]);
}

/** A custom skill uploaded from a directory; each content change is a new version. */
export class Skill extends pulumi.dynamic.Resource {
  static readonly __pulumiType = `${TOKEN_PREFIX}Skill`;

  declare readonly directory: pulumi.Output<string>;
  declare readonly allowOutsideProject: pulumi.Output<boolean | undefined>;
  declare readonly displayTitle: pulumi.Output<string | undefined>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  /** The SKILL.md name. */
  declare readonly skillName: pulumi.Output<string>;
  declare readonly contentHash: pulumi.Output<string>;
  /** The newest version; pin it in an agent (`version: skill.latestVersion`) to roll agents forward with it. */
  declare readonly latestVersion: pulumi.Output<string>;
  declare readonly source: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: SkillArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = ["skillName", "contentHash", "latestVersion", "source", "createdAt", "updatedAt"];
    super(skillEntry, name, registerProps("Skill", name, args, outputs), opts, "qoder", "Skill");
  }
}
