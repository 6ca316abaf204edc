// The fleet stack file as a library: its schema (for editors and tools), loading and validation with source
// positions, and the program that declares a fleet's resources.
export { FleetDocument } from "./schema";
export { FleetError, formatProblem, type FleetProblem, type LocatedProblem } from "./problems";
export { loadFleet, type LoadOptions, type LoadedFleet } from "./load";
export { validateFleet, type FleetInput, type ValidFleet } from "./validate";
export type { ConfigSource } from "./secrets";
export { declareFleet, type FleetOutputs } from "./build";
export type { SessionPreset } from "./session-preset";
export { fleetProgram, runFleetProgram } from "./run";
export { checkSkillDirectory } from "./skill-directory";
export { checkFile } from "./file-check";
