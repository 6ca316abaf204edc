// The File resource as a program declares it (provider/kinds/file.ts says what each field does).
import { fileKind, type FileOutputs, type FileView } from "../kinds/file";
import fileEntry = require("./entry/file");
import { type ArgsOf, kindResource } from "./resource";

export type { FileOutputs, FileView } from "../kinds/file";
export type FileArgs = ArgsOf<FileView>;

/** A local file uploaded for deployments and sessions to mount. New content replaces it; destroy deletes it. */
export const File = kindResource<FileView, FileOutputs>(fileKind, fileEntry);
export type File = InstanceType<typeof File>;
