// Serialized entry point of the stack identity provider. State refers to this file's path: never move or rename it.
import { entryFor } from "../entry-point";

export = entryFor("stack-identity");
