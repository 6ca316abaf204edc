// The File lifecycle (provider/kinds/file.ts): check reads the local file into its content hash; create
// uploads exactly the bytes that hash was computed from; every change replaces the file (the API has no
// update); refresh cannot read content back (user uploads are not downloadable), so it keeps the hash.
import { basename } from "node:path";
import type { QoderFile } from "../client";
import { isConflict } from "../client/errors";
import { readLocalFile, type LocalFile } from "../client/local-file";
import { fileKind } from "../kinds/file";
import { apiClient } from "./connection";
import { defineLifecycle } from "./engine";
import { isUnknown, UNKNOWN, unlessNotFound, type Props } from "./rules";

/** The file as check reads it: inside the project unless the inputs opt out. */
function readFile(inputs: Props): ReturnType<typeof readLocalFile> {
  return readLocalFile(String(inputs.path), {
    allowOutsideProject: inputs.allowOutsideProject === true,
    mediaType: typeof inputs.mediaType === "string" ? inputs.mediaType : undefined,
  });
}

/** Reads the file again at upload time: a file edited since check would not match the plan. */
async function uploadable(inputs: Props): Promise<LocalFile> {
  const file = await readFile(inputs);
  if ("problem" in file) throw new Error(`File: ${file.problem}`);
  if (file.contentHash !== inputs.contentHash) {
    throw new Error(`File: ${String(inputs.path)} changed while this update ran; run \`pulumi up\` again to upload what it holds now`);
  }
  return file;
}

/**
 * The API stores a name "after sanitizing" (api-skills-vaults-files.md §3.3): its last path segment, without
 * control characters or blanks around it. A name it would change could never match what refresh reads back,
 * so every refresh would plan a replacement that uploads the same name again: say so at check instead.
 */
function nameFailures(name: unknown) {
  if (typeof name !== "string") return [];
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what the API removes
  const stored = (name.split(/[/\\]/).at(-1) ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (stored === name) return [];
  return [
    {
      property: "name",
      reason: `must be a plain file name: the API keeps only the last path segment, without control characters or blanks around it${stored === "" ? "" : ` (here "${stored}")`}`,
    },
  ];
}

export const fileLifecycle = defineLifecycle<QoderFile>({
  kind: fileKind,
  validate: (inputs) => [
    ...(typeof inputs.path === "string" && inputs.path !== "" ? [] : [{ property: "path", reason: "must be the path of a local file" }]),
    ...nameFailures(inputs.name),
    ...(inputs.allowOutsideProject === undefined || typeof inputs.allowOutsideProject === "boolean" || isUnknown(inputs.allowOutsideProject)
      ? []
      : [{ property: "allowOutsideProject", reason: "must be true or false" }]),
  ],
  async prepare(inputs) {
    if (isUnknown(inputs.path) || isUnknown(inputs.allowOutsideProject) || isUnknown(inputs.mediaType)) {
      return { inputs: { ...inputs, contentHash: UNKNOWN, sizeBytes: UNKNOWN }, failures: [] };
    }
    const file = await readFile(inputs);
    if ("problem" in file) return { inputs, failures: [{ property: "path", reason: file.problem }] };
    // The size shows in the preview, and lets adoption compare the local file with one it cannot download.
    return { inputs: { ...inputs, contentHash: file.contentHash, sizeBytes: file.sizeBytes }, failures: [] };
  },
  async create(inputs, key) {
    const file = await uploadable(inputs);
    const params = {
      content: file.content,
      filename: file.filename,
      mediaType: file.mediaType,
      ...(typeof inputs.name === "string" ? { name: inputs.name } : {}),
      ...(inputs.metadata ? { metadata: inputs.metadata as Record<string, string> } : {}),
    };
    const keyBody = {
      contentHash: file.contentHash,
      filename: file.filename,
      mediaType: file.mediaType,
      name: inputs.name,
      metadata: inputs.metadata,
    };
    return (await apiClient()).files.create(params, { idempotencyKey: key("create", keyBody) });
  },
  retrieve: (id) => unlessNotFound(async () => (await apiClient()).files.retrieve(id)),
  update(id) {
    // Every field replaces, so the engine never asks for an update that must reach the API.
    throw new Error(`File ${id}: the API cannot update a file; its changes replace it`);
  },
  async remove(id, _props, key) {
    try {
      await (await apiClient()).files.delete(id, { idempotencyKey: key("delete", { id }) });
    } catch (err) {
      if (!isConflict(err)) throw err;
      throw new Error(
        `File ${id} is still mounted by a session that is running or not yet archived, and the API keeps a file while ` +
          "something uses it. Archive or wait for those sessions, then run `pulumi destroy` (or `up`) again.",
      );
    }
  },
  toInputs: (remote, applied) => ({
    // The API keeps no content we could read back: the applied hash stands for what was uploaded.
    contentHash: applied.contentHash,
    // The file's own name is the default: that is no drift.
    name: applied.name === undefined && typeof applied.path === "string" && remote.filename === basename(applied.path) ? undefined : remote.filename,
    metadata: remote.metadata,
  }),
  toOutputs: (remote) => ({
    filename: remote.filename,
    sizeBytes: remote.sizeBytes,
    mimeType: remote.mimeType,
    createdAt: remote.createdAt,
  }),
  checkAdoptable: (remote, inputs) => {
    // The content cannot be downloaded to compare; its size at least must match the local file's.
    const size = inputs.sizeBytes;
    return typeof size === "number" && size !== remote.sizeBytes
      ? `its size (${remote.sizeBytes} bytes) differs from ${String(inputs.path)} (${size} bytes)`
      : undefined;
  },
});
