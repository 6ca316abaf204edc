// The Environment resource as a program declares it (provider/kinds/environment.ts says what each field does).
import type { DeletionPolicy } from "../kinds/descriptor";
import { environmentKind, type EnvironmentOutputs, type EnvironmentView } from "../kinds/environment";
import environmentEntry = require("./entry/environment");
import { type ArgsOf, kindResource } from "./resource";

export type { EnvironmentConfig, EnvironmentOutputs, EnvironmentView } from "../kinds/environment";
export type EnvironmentArgs = ArgsOf<EnvironmentView>;
export type EnvironmentDeletionPolicy = DeletionPolicy;

/** A container environment that sessions run in. Another `config.type` replaces it; destroy deletes it. */
export const Environment = kindResource<EnvironmentView, EnvironmentOutputs>(environmentKind, environmentEntry);
export type Environment = InstanceType<typeof Environment>;
