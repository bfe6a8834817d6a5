import { applyIoPath } from "../payload.ts";
import { effectiveInput, StateContext } from "./io.ts";
import { COMMON_FIELDS, IO_FIELDS, type StateBase, type StateType } from "./state.ts";

/** Succeed: ends its thread (the execution, a branch or an iteration) with its input. */
export interface SucceedState extends StateBase {
  type: "Succeed";
}

export const succeed: StateType<SucceedState> = {
  fields: [...COMMON_FIELDS, ...IO_FIELDS],

  load(base) {
    return { ...base, type: "Succeed" };
  },

  run(it, t, s) {
    const ctx = new StateContext(it, t);
    const out = applyIoPath(s.outputPath, effectiveInput(s, t, ctx), ctx, "OutputPath");
    it.emit("SucceedStateExited", { name: s.name, output: out });
    it.threadEnd(t, out);
  },
};
