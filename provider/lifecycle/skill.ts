// The Skill resource: its input is a directory; the hash of its content decides whether `up` uploads a new
// version (`latestVersion` moves, and agents that pin it follow). `displayTitle`, `metadata` and the SKILL.md
// name are fixed at create, so a change replaces the skill; destroy deletes it with every version.
import type { Skill as RemoteSkill } from "../client";
import { skillKind } from "../kinds/skill";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { isUnknown, pick, UNKNOWN, unlessNotFound, type Props } from "./rules";
import { hashSkillDirectory } from "../client/skill-files";
import { readLocalSkill, skillZipFiles, type LocalSkill, type SkillContent } from "../client/skill-content";

/**
 * The directory as check reads it: inside the project unless the inputs opt out. `known` is what state holds
 * (the applied inputs), whose SKILL.md name stands while the content hash does.
 */
function readSkill(inputs: Props, known?: Props): ReturnType<typeof readLocalSkill> {
  return readLocalSkill(String(inputs.directory), {
    allowOutsideProject: inputs.allowOutsideProject === true,
    known: known && pick(known, ["contentHash", "skillName"]),
  });
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
  kind: skillKind,
  validate: (inputs) => [
    ...(typeof inputs.directory === "string" && inputs.directory !== ""
      ? []
      : [{ property: "directory", reason: "must be the path of a skill directory (holding SKILL.md)" }]),
    ...(inputs.allowOutsideProject === undefined || typeof inputs.allowOutsideProject === "boolean" || isUnknown(inputs.allowOutsideProject)
      ? []
      : [{ property: "allowOutsideProject", reason: "must be true or false" }]),
  ],
  async prepare(inputs, applied) {
    if (isUnknown(inputs.directory) || isUnknown(inputs.allowOutsideProject)) {
      return { inputs: { ...inputs, contentHash: UNKNOWN, skillName: UNKNOWN }, failures: [] };
    }
    const content = await readSkill(inputs, applied);
    if ("problem" in content) return { inputs, failures: [{ property: "directory", reason: content.problem }] };
    return { inputs: { ...inputs, contentHash: content.contentHash, skillName: content.skillName }, failures: [] };
  },
  async create(inputs, key) {
    const files = await uploadableFiles(inputs);
    const body = { ...toWireFields(inputs), contentHash: inputs.contentHash, skillName: inputs.skillName };
    const params = { files, topFolder: String(inputs.skillName), ...pick(inputs, ["displayTitle", "metadata"]) };
    return (await apiClient()).skills.create(params, { idempotencyKey: key("create", body) });
  },
  retrieve: (id) => unlessNotFound(async () => (await apiClient()).skills.retrieve(id)),
  async update(id, olds, news, key) {
    // Only the content can change in place (the other fields replace): it becomes a new version, which is
    // the skill's latest from then on, and its creation time is the skill's update time. So the answer to
    // the upload says all that changed, and no read follows (one request per update).
    const files = await uploadableFiles(news);
    const version = await (await apiClient()).skills.versions.create(
      id,
      { files, topFolder: String(news.skillName) },
      { idempotencyKey: key("version", { contentHash: news.contentHash }) },
    );
    const kept = pick(olds, ["displayTitle", "source", "metadata", "createdAt"]) as Pick<
      RemoteSkill,
      "displayTitle" | "source" | "metadata" | "createdAt"
    >;
    return { ...kept, id, type: "skill", latestVersion: version.version, updatedAt: version.createdAt };
  },
  async remove(id, _props, key) {
    await (await apiClient()).skills.delete(id, { idempotencyKey: key("delete", { id }) });
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
});

function toWireFields(inputs: Props): Props {
  return pick(inputs, ["displayTitle", "metadata"]);
}

/** The content of an uploaded version, from its zip (the files sit under one top folder, dropped here). */
export async function remoteSkillContent(skillId: string, version: string): Promise<SkillContent> {
  const client = await apiClient();
  const [zip, descriptor] = await Promise.all([client.skills.versions.content(skillId, version), client.skills.versions.retrieve(skillId, version)]);
  const read = skillZipFiles(zip);
  if ("problem" in read) throw new Error(`Skill ${skillId} version ${version}: ${read.problem}`);
  return { contentHash: await hashSkillDirectory(read.files), skillName: descriptor.name };
}
