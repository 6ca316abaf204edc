// The Resource classes users declare, with their argument and output types.
export * from "./agent";
export * from "./environment";
export { TOKEN_PREFIX, type DeepInput } from "./resource";
