import type { Json } from "../types.ts";
import { effectiveInput, finishWithResult, parametersOf, StateContext } from "./io.ts";
import { COMMON_FIELDS, FLOW_FIELDS, IO_FIELDS, type StateBase, type StateType } from "./state.ts";

/** Pass: its input (after Parameters), or its fixed Result, placed by ResultPath. */
export interface PassState extends StateBase {
  type: "Pass";
  result?: Json;
}

export const pass: StateType<PassState> = {
  fields: [...COMMON_FIELDS, ...IO_FIELDS, ...FLOW_FIELDS, "Parameters", "Result", "ResultPath"],

  load(base, raw) {
    return raw.Result !== undefined
      ? { ...base, type: "Pass", result: raw.Result }
      : { ...base, type: "Pass" };
  },

  run(it, t, s) {
    const ctx = new StateContext(it, t);
    const params = parametersOf(s, effectiveInput(s, t, ctx), ctx);
    finishWithResult(it, t, s, s.result !== undefined ? s.result : params);
  },
};
