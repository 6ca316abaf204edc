// Barrel of the wire schemas (provider/api): everything the client, the resources and the emulator import.
// Pure re-exports; this folder does no I/O.
export * from "./common";
export * from "./casing";
export * from "./agent";
export * from "./environment";
export * from "./session";
export * from "./skill";
export * from "./vault";
export * from "./memory-store";
export * from "./cron";
export * from "./deployment";
export * from "./file";
