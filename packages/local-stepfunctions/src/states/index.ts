import { choice } from "./choice.ts";
import { fail } from "./fail.ts";
import { map } from "./map.ts";
import { parallel } from "./parallel.ts";
import { pass } from "./pass.ts";
import type { CState, StateType, StateTypeName } from "./state.ts";
import { succeed } from "./succeed.ts";
import { task } from "./task.ts";
import { wait } from "./wait.ts";

/** Every supported state type, keyed by its ASL `Type`: the loader and the interpreter dispatch here. */
export const STATE_TYPES: {
  readonly [K in StateTypeName]: StateType<Extract<CState, { type: K }>>;
} = {
  Task: task,
  Pass: pass,
  Wait: wait,
  Choice: choice,
  Succeed: succeed,
  Fail: fail,
  Parallel: parallel,
  Map: map,
};

/** The module of a state type named in a definition; undefined for a type not supported. */
export function stateType(type: unknown): StateType<CState> | undefined {
  if (typeof type !== "string" || !Object.hasOwn(STATE_TYPES, type)) return undefined;
  return handlerOf(type as StateTypeName);
}

/** The module that runs states of type `type`. */
export function handlerOf(type: StateTypeName): StateType<CState> {
  // Each entry handles the states of its own key, which the map's type guarantees.
  return STATE_TYPES[type] as StateType<CState>;
}
