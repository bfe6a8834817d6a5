import { effectiveInput, parametersOf, StateContext } from "./io.ts";
import {
  COMMON_FIELDS,
  ERROR_FIELDS,
  FLOW_FIELDS,
  IO_FIELDS,
  type LoadContext,
  type StateBase,
  type StateType,
} from "./state.ts";

/**
 * Parallel: one child thread per branch, all started at once; the state's result is the array
 * of the branches' outputs (joined in Interpreter.threadEnd). A failing branch fails the state.
 */
export interface ParallelState extends StateBase {
  type: "Parallel";
  /** Scope keys of the branches. */
  branches: string[];
}

export const parallel: StateType<ParallelState> = {
  fields: [
    ...COMMON_FIELDS,
    ...IO_FIELDS,
    ...FLOW_FIELDS,
    ...ERROR_FIELDS,
    "Branches",
    "Parameters",
    "ResultSelector",
    "ResultPath",
  ],

  load(base, raw, loader: LoadContext) {
    const name = base.name;
    if (!Array.isArray(raw.Branches) || raw.Branches.length === 0)
      loader.fail("must be a non-empty array", name, "Branches");
    const branches = raw.Branches.map(
      (b, i) => loader.scope(b, `${base.scope}/${name}[${i}]`, name, `Branches[${i}]`).key,
    );
    return { ...base, type: "Parallel", branches };
  },

  run(it, t, s) {
    const ctx = new StateContext(it, t);
    const eff = effectiveInput(s, t, ctx);
    const input = parametersOf(s, eff, ctx);
    const branches = s.branches;
    it.emit("ParallelStateStarted");
    t.phase = "join";
    t.join = {
      kind: "parallel",
      results: branches.map(() => null),
      total: branches.length,
      done: 0,
      next: branches.length,
      active: branches.length,
      maxConcurrency: 0,
      effInput: eff,
    };
    branches.forEach((b, i) => {
      it.newThread(b, input, t.id, i);
    });
    it.step.dirty = true;
  },
};
