// A file a `files` entry uploads, checked before anything is declared with the File resource's own upload
// rules (client/local-file.ts: inside the project, a regular file, ≤50 MB, text-based), so a missing or
// unusable file is a fleet problem at its line rather than a failed check halfway through an update.
import { promises as fs } from "node:fs";
import { fileOutsideProjectProblem, readLocalFile } from "../client/local-file";
import { isInside } from "../client/skill-files";

export interface FileCheck {
  absolute: string;
  /** How messages name the file (relative to the project directory). */
  shown: string;
  /** The Pulumi project directory, which uploaded files must stay inside unless the entry opts out. */
  projectDir: string;
  /** The entry's `allowOutsideProject`. */
  allowOutsideProject?: boolean;
  /** The entry's `mediaType`, instead of the one the extension says. */
  mediaType?: string;
}

const PROJECT = "the project (the directory of Pulumi.yaml)";
const WHERE = "paths are relative to the file that declares the fleet";

/** What the File resource's check would say of the file, with the file named as the document names it. */
export async function checkFile({ absolute, shown, projectDir, allowOutsideProject, mediaType }: FileCheck): Promise<string | undefined> {
  const options = { projectDir, projectLabel: PROJECT, allowOutsideProject, ...(mediaType ? { mediaType } : {}) };
  const named = (text: string) => text.split(absolute).join(shown);
  // Before the file is even looked at: nothing outside the project is read unless the entry opted in.
  const outside = fileOutsideProjectProblem(absolute, options);
  if (outside) return named(outside);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat) return `${shown} does not exist (${WHERE})`;
  if (!allowOutsideProject && stat.isFile()) {
    // The path may stay inside while a symbolic link on it leads out: its real location decides.
    const [real, realProject] = await Promise.all([fs.realpath(absolute), fs.realpath(projectDir).catch(() => projectDir)]);
    if (!isInside(real, realProject)) {
      return `${shown} leads through a symbolic link to a file outside ${PROJECT}; move the file into the project, or set allowOutsideProject: true to upload it from there`;
    }
  }
  const read = await readLocalFile(absolute, options);
  return "problem" in read ? named(read.problem) : undefined;
}
