export * from "./accessors.ts";
export * from "./resolve.ts";
export * from "./types.ts";
