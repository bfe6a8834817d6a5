import type { Scope } from "../definition.ts";
import type { Interpreter } from "../interpreter.ts";
import type { IntrinsicCall } from "../intrinsics.ts";
import type { CompiledPath } from "../jsonpath.ts";
import type { ThreadSnap } from "../model.ts";
import type { CompiledTemplate, IoPath, ResultPathSpec } from "../payload.ts";
import type { JsonObject } from "../types.ts";
import type { ChoiceState } from "./choice.ts";
import type { FailState } from "./fail.ts";
import type { MapState } from "./map.ts";
import type { ParallelState } from "./parallel.ts";
import type { PassState } from "./pass.ts";
import type { SucceedState } from "./succeed.ts";
import type { TaskState } from "./task.ts";
import type { WaitState } from "./wait.ts";

/**
 * What every state type shares, and the contract of a state type's module: the ASL fields it
 * accepts, how it is loaded from the definition and how it runs. One module per state type, as
 * in aws-cdk-lib/aws-stepfunctions/lib/states/.
 */
export type StateTypeName =
  | "Task"
  | "Pass"
  | "Wait"
  | "Choice"
  | "Succeed"
  | "Fail"
  | "Parallel"
  | "Map";

export type CState =
  | TaskState
  | PassState
  | WaitState
  | ChoiceState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

export interface Retrier {
  errorEquals: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds: number | undefined;
  jitter: "NONE" | "FULL";
}

export interface Catcher {
  errorEquals: string[];
  next: string;
  resultPath: ResultPathSpec;
}

export type PathOrFn = { path: CompiledPath } | { fn: IntrinsicCall };

/**
 * The compiled fields common to all states. A state type without a field keeps its neutral value
 * (no Next/End: `next` undefined and `end` false; no Retry/Catch: empty lists), so that the
 * shared paths (results, errors, transitions) never need to ask which type they hold.
 */
export interface StateBase {
  name: string;
  type: StateTypeName;
  /** Key of the scope (top level, Parallel branch, Map item processor) the state belongs to. */
  scope: string;
  next: string | undefined;
  end: boolean;
  inputPath: IoPath;
  outputPath: IoPath;
  /** Parameters; in a Map state, ItemSelector (applied to each item). */
  parameters?: CompiledTemplate;
  resultSelector?: CompiledTemplate;
  resultPath?: ResultPathSpec;
  retry: Retrier[];
  catch: Catcher[];
}

/** The loader's helpers a state type uses; each failure names the state and the field. */
export interface LoadContext {
  fail(msg: string, state?: string, field?: string): never;
  /** Runs `fn`, turning a plain Error into an UnsupportedDefinitionError for `state`/`field`. */
  at<T>(state: string, field: string, fn: () => T): T;
  num(
    raw: JsonObject,
    name: string,
    field: string,
    opts?: { min?: number; int?: boolean },
  ): number | undefined;
  refPath(raw: JsonObject, name: string, field: string): CompiledPath | undefined;
  pathOrFn(v: unknown, name: string, field: string): PathOrFn | undefined;
  /** Loads a nested scope (a Parallel branch, a Map item processor). */
  scope(raw: unknown, key: string, owner: string | undefined, field: string): Scope;
}

export interface StateType<S extends StateBase> {
  /** Every ASL field a state of this type may have; any other field is refused at load time. */
  readonly fields: readonly string[];
  /** Adds the type's own fields to the common ones, validating them. */
  load(base: StateBase, raw: JsonObject, loader: LoadContext): S;
  /** Runs the state once its thread is ready (entered, or re-entered after a retry). */
  run(it: Interpreter, t: ThreadSnap, s: S): void;
}

export const COMMON_FIELDS = ["Type", "Comment", "QueryLanguage"] as const;
export const IO_FIELDS = ["InputPath", "OutputPath"] as const;
export const FLOW_FIELDS = ["Next", "End"] as const;
export const ERROR_FIELDS = ["Retry", "Catch"] as const;
