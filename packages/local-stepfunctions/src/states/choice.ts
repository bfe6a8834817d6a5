import { compileRule, evalRule, type Rule } from "../choice-rules.ts";
import { applyIoPath } from "../payload.ts";
import { isObject, StatesError } from "../types.ts";
import { effectiveInput, StateContext } from "./io.ts";
import {
  COMMON_FIELDS,
  IO_FIELDS,
  type LoadContext,
  type StateBase,
  type StateType,
} from "./state.ts";

/** Choice: the first rule that matches its input names the next state, else Default. */
export interface ChoiceState extends StateBase {
  type: "Choice";
  choices: Array<{ rule: Rule; next: string }>;
  default: string | undefined;
}

export const choice: StateType<ChoiceState> = {
  fields: [...COMMON_FIELDS, ...IO_FIELDS, "Choices", "Default"],

  load(base, raw, loader: LoadContext) {
    const name = base.name;
    if (!Array.isArray(raw.Choices) || raw.Choices.length === 0)
      loader.fail("must be a non-empty array", name, "Choices");
    const choices = raw.Choices.map((c, i) =>
      loader.at(name, `Choices[${i}]`, () => {
        const rule = compileRule(c, true);
        const next = isObject(c) ? c.Next : undefined;
        if (typeof next !== "string") throw new Error("a top-level choice rule needs Next");
        return { rule, next };
      }),
    );
    if (raw.Default !== undefined && typeof raw.Default !== "string")
      loader.fail("must be a string", name, "Default");
    return { ...base, type: "Choice", choices, default: raw.Default as string | undefined };
  },

  run(it, t, s) {
    const ctx = new StateContext(it, t);
    const eff = effectiveInput(s, t, ctx);
    let next = s.default;
    for (const c of s.choices) {
      if (evalRule(c.rule, eff, ctx)) {
        next = c.next;
        break;
      }
    }
    if (next === undefined) {
      throw new StatesError(
        "States.NoChoiceMatched",
        `No Choice Rules matched in Choice state '${s.name}' with input ${JSON.stringify(eff)}`,
      );
    }
    const out = applyIoPath(s.outputPath, eff, ctx, "OutputPath");
    it.emit("ChoiceStateExited", { name: s.name, output: out });
    it.enterState(t, next, out);
  },
};
