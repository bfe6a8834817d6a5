import type { Interpreter } from "../interpreter.ts";
import { type CompiledPath, compilePath, evalPath } from "../jsonpath.ts";
import type { ThreadSnap } from "../model.ts";
import { applyTemplate, compileTemplate } from "../payload.ts";
import { type Json, StatesError } from "../types.ts";
import { effectiveInput, finishWithResult, StateContext } from "./io.ts";
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
 * Inline Map: one child thread per item of ItemsPath, at most MaxConcurrency at a time (0 = all);
 * the state's result is the array of the iterations' outputs. A failing iteration fails the state.
 * `parameters` holds ItemSelector (or its legacy name Parameters), applied to each item.
 */
export interface MapState extends StateBase {
  type: "Map";
  /** Scope key of the item processor. */
  iterator: string;
  itemsPath?: CompiledPath;
  maxConcurrency?: number;
  maxConcurrencyPath?: CompiledPath;
}

export const map: StateType<MapState> = {
  fields: [
    ...COMMON_FIELDS,
    ...IO_FIELDS,
    ...FLOW_FIELDS,
    ...ERROR_FIELDS,
    "Iterator",
    "ItemProcessor",
    "ItemsPath",
    "ItemSelector",
    "Parameters",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ResultSelector",
    "ResultPath",
  ],

  load(base, raw, loader: LoadContext) {
    const name = base.name;
    const proc = raw.ItemProcessor ?? raw.Iterator;
    if (raw.ItemProcessor !== undefined && raw.Iterator !== undefined)
      loader.fail("use either ItemProcessor or Iterator", name, "Iterator");
    const iterator = loader.scope(
      proc,
      `${base.scope}/${name}[it]`,
      name,
      raw.ItemProcessor ? "ItemProcessor" : "Iterator",
    ).key;
    if (raw.ItemSelector !== undefined && raw.Parameters !== undefined)
      loader.fail("use either ItemSelector or Parameters", name, "ItemSelector");
    // In a Map state, Parameters is the legacy name of ItemSelector (applied per item).
    const sel = raw.ItemSelector ?? raw.Parameters;
    const parameters =
      sel !== undefined
        ? loader.at(name, "ItemSelector", () => compileTemplate(sel, "ItemSelector"))
        : base.parameters;
    let itemsPath: CompiledPath | undefined;
    if (raw.ItemsPath !== undefined) {
      const text = raw.ItemsPath;
      if (typeof text !== "string") loader.fail("must be a path string", name, "ItemsPath");
      itemsPath = loader.at(name, "ItemsPath", () => compilePath(text));
    }
    return {
      ...base,
      type: "Map",
      iterator,
      parameters,
      itemsPath,
      maxConcurrency: loader.num(raw, name, "MaxConcurrency", { int: true }),
      maxConcurrencyPath: loader.refPath(raw, name, "MaxConcurrencyPath"),
    };
  },

  run(it, t, s) {
    const ctx = new StateContext(it, t);
    const eff = effectiveInput(s, t, ctx);
    const items = s.itemsPath
      ? evalPath(s.itemsPath, eff, s.itemsPath.context ? ctx.ctx() : null)
      : eff;
    if (!Array.isArray(items)) {
      throw new StatesError(
        "States.Runtime",
        `Invalid path '${s.itemsPath?.text ?? "$"}': ItemsPath does not reference an array`,
      );
    }
    let max = s.maxConcurrency ?? 0;
    if (s.maxConcurrencyPath) {
      const v = evalPath(s.maxConcurrencyPath, eff, ctx.ctx());
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
        throw new StatesError(
          "States.Runtime",
          "MaxConcurrencyPath does not reference a non-negative integer",
        );
      max = v;
    }
    it.emit("MapStateStarted", { length: items.length });
    t.phase = "join";
    t.join = {
      kind: "map",
      results: items.map(() => null),
      total: items.length,
      done: 0,
      next: 0,
      active: 0,
      maxConcurrency: max,
      effInput: eff,
      items,
    };
    it.step.dirty = true;
    if (items.length === 0) {
      it.emit("MapStateSucceeded");
      t.join = undefined;
      t.phase = "ready";
      finishWithResult(it, t, s, []);
      return;
    }
    spawnIterations(it, t, s);
  },
};

/** Starts iterations up to MaxConcurrency; returns false if an ItemSelector failure failed the state. */
export function spawnIterations(it: Interpreter, t: ThreadSnap, s: MapState): boolean {
  const join = t.join;
  if (!join?.items) return true;
  while (
    join.next < join.total &&
    (join.maxConcurrency === 0 || join.active < join.maxConcurrency)
  ) {
    const index = join.next++;
    const value = join.items[index] as Json;
    let input: Json = value;
    if (s.parameters) {
      try {
        input = applyTemplate(
          s.parameters,
          join.effInput,
          new StateContext(it, t, { item: { index, value } }),
        );
      } catch (e) {
        if (!(e instanceof StatesError)) throw e;
        it.abortChildren(t);
        it.emit("MapStateFailed");
        t.join = undefined;
        t.phase = "ready";
        it.failState(t, s, e.name, e.cause);
        return false;
      }
    }
    join.active++;
    it.emit("MapIterationStarted", { name: s.name, index });
    it.newThread(s.iterator, input, t.id, index);
  }
  if (join.next === join.total) join.items = undefined;
  return true;
}
