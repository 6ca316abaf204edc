// Serialized entry point of the deployment provider. State refers to this file's path: never move or rename it.
import { entryFor } from "../entry-point";

export = entryFor("deployment");
