// The Resource classes users declare, with their argument and output types.
export * from "./agent";
export * from "./environment";
export * from "./skill";
export * from "./vault";
export * from "./vault-credential";
export * from "./memory-store";
export * from "./memory";
export * from "./file";
export * from "./deployment";
export { StackIdentity, STACK_IDENTITY_NAME, TOKEN_PREFIX, type DeepInput } from "./resource";
