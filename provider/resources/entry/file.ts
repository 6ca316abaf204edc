// Serialized entry point of the file provider. State refers to this file's path: never move or rename it.
import { entryFor } from "../entry-point";

export = entryFor("file");
