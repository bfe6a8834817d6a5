import type { Interpreter } from "../interpreter.ts";
import type { ThreadSnap } from "../model.ts";
import { applyIoPath, applyResultPath, applyTemplate, type CtxSource } from "../payload.ts";
import type { Json } from "../types.ts";
import type { StateBase } from "./state.ts";

/**
 * Input and output processing shared by the state types:
 * InputPath → Parameters → (the state's work) → ResultSelector → ResultPath → OutputPath.
 */

/** Lazily built Context object of one thread (a class, so no closure is created per state). */
export class StateContext implements CtxSource {
  constructor(
    private readonly it: Interpreter,
    private readonly t: ThreadSnap,
    private readonly extra?: { token?: string; item?: { index: number; value: Json } },
  ) {}
  ctx(): Json {
    return this.it.context(this.t, this.extra);
  }
}

/** The state's input after InputPath. */
export function effectiveInput(s: StateBase, t: ThreadSnap, ctx: CtxSource): Json {
  return applyIoPath(s.inputPath, t.input, ctx, "InputPath");
}

/** The effective input after Parameters, for the states that have them. */
export function parametersOf(s: StateBase, eff: Json, ctx: CtxSource): Json {
  return s.parameters ? applyTemplate(s.parameters, eff, ctx) : eff;
}

/** Emits `<Type>StateExited` and moves the thread to the next state, or ends it. */
export function leaveState(it: Interpreter, t: ThreadSnap, s: StateBase, output: Json): void {
  it.emit(`${s.type}StateExited`, { name: s.name, output });
  if (s.end) it.threadEnd(t, output);
  else it.enterState(t, s.next as string, output);
}

/** ResultSelector → ResultPath (into the raw state input) → OutputPath → next state. */
export function finishWithResult(it: Interpreter, t: ThreadSnap, s: StateBase, result: Json): void {
  const ctx = new StateContext(it, t);
  try {
    const selected = s.resultSelector ? applyTemplate(s.resultSelector, result, ctx) : result;
    const combined = applyResultPath(s.resultPath, t.input, selected);
    const out = applyIoPath(s.outputPath, combined, ctx, "OutputPath");
    leaveState(it, t, s, out);
  } catch (e) {
    it.failFromException(t, s, e);
  }
}
