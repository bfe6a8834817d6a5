import type { Interpreter } from "../interpreter.ts";
import { evalIntrinsic } from "../intrinsics.ts";
import { evalPath } from "../jsonpath.ts";
import type { ThreadSnap } from "../model.ts";
import { StatesError } from "../types.ts";
import {
  COMMON_FIELDS,
  type LoadContext,
  type PathOrFn,
  type StateBase,
  type StateType,
} from "./state.ts";

/** Fail: fails its thread with a fixed or computed Error and Cause. */
export interface FailState extends StateBase {
  type: "Fail";
  error?: string;
  cause?: string;
  errorPath?: PathOrFn;
  causePath?: PathOrFn;
}

export const fail: StateType<FailState> = {
  fields: [...COMMON_FIELDS, "Error", "Cause", "ErrorPath", "CausePath"],

  load(base, raw, loader: LoadContext) {
    for (const f of ["Error", "Cause"] as const) {
      if (raw[f] !== undefined && typeof raw[f] !== "string")
        loader.fail("must be a string", base.name, f);
      if (raw[f] !== undefined && raw[`${f}Path`] !== undefined)
        loader.fail(`${f} and ${f}Path are mutually exclusive`, base.name, `${f}Path`);
    }
    return {
      ...base,
      type: "Fail",
      error: raw.Error as string | undefined,
      cause: raw.Cause as string | undefined,
      errorPath: loader.pathOrFn(raw.ErrorPath, base.name, "ErrorPath"),
      causePath: loader.pathOrFn(raw.CausePath, base.name, "CausePath"),
    };
  },

  run(it, t, s) {
    const error = s.error ?? failField(it, s.errorPath, t) ?? "";
    const cause = s.cause ?? failField(it, s.causePath, t) ?? "";
    it.threadFail(t, error, cause);
  },
};

/** ErrorPath/CausePath: a reference path or an intrinsic over the raw state input. */
function failField(it: Interpreter, spec: PathOrFn | undefined, t: ThreadSnap): string | undefined {
  if (!spec) return undefined;
  const ctx = it.context(t);
  const v = "fn" in spec ? evalIntrinsic(spec.fn, t.input, ctx) : evalPath(spec.path, t.input, ctx);
  if (typeof v !== "string")
    throw new StatesError("States.Runtime", "ErrorPath/CausePath must select a string");
  return v;
}
