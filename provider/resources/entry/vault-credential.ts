// Serialized entry point of the vault-credential provider. State refers to this file's path: never move or rename it.
import { entryFor } from "../entry-point";

export = entryFor("vault-credential");
