/** JSON values as they flow through a state machine. Values are treated as immutable. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An error raised while running a state: `name` is the ASL error name matched by Retry/Catch. */
export class StatesError extends Error {
  override readonly cause: string;
  constructor(name: string, cause: string) {
    super(`${name}: ${cause}`);
    this.name = name;
    this.cause = cause;
  }
}

/** States.Runtime and States.DataLimitExceeded are never retried nor caught (not even by States.ALL). */
export function isTerminalError(name: string): boolean {
  return name === "States.Runtime" || name === "States.DataLimitExceeded";
}

/** Raised at load time for anything the runtime cannot run faithfully. */
export class UnsupportedDefinitionError extends Error {
  readonly stateName: string | undefined;
  readonly field: string | undefined;
  constructor(message: string, stateName?: string, field?: string) {
    super(message);
    this.name = "UnsupportedDefinitionError";
    this.stateName = stateName;
    this.field = field;
  }
}

/** An API-level error, rendered on the wire as `{"__type": name, "message": ...}` with HTTP 400. */
export class SfnApiError extends Error {
  readonly status: number;
  constructor(name: string, message: string, status = 400) {
    super(message);
    this.name = name;
    this.status = status;
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const TERMINAL_STATUSES = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]);
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
