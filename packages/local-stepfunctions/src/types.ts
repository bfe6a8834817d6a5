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

/**
 * What a value becomes once sent through JSON (undefined → null, Dates → strings, functions
 * dropped), as a fresh copy. Plain data is copied directly, much faster than a JSON round trip.
 */
export function toJsonValue(v: unknown): Json {
  return copyJson(v) ?? null;
}

function copyJson(v: unknown): Json | undefined {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? v : null;
    case "object": {
      if (v === null) return null;
      if (Array.isArray(v)) {
        const out: Json[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = copyJson(v[i]) ?? null;
        return out;
      }
      const proto = Object.getPrototypeOf(v);
      if (
        (proto !== Object.prototype && proto !== null) ||
        typeof (v as { toJSON?: unknown }).toJSON === "function"
      ) {
        return (JSON.parse(JSON.stringify(v) ?? "null") as Json) ?? null;
      }
      const out: { [k: string]: Json } = {};
      for (const k of Object.keys(v)) {
        const c = copyJson((v as Record<string, unknown>)[k]);
        if (c !== undefined) out[k] = c;
      }
      return out;
    }
    default:
      return undefined;
  }
}
