// The package entry (`import * as qoder from "pulumi-qoder"`): the resource classes and their types, the
// API client, and the Qoder type tokens.
export * from "./resources";
export * as client from "./client";
export { createClient, QoderClient, type ClientOptions } from "./client";
export * from "./lookups";
