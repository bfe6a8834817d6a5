import { parseTimestamp } from "../choice-rules.ts";
import type { Interpreter } from "../interpreter.ts";
import { type CompiledPath, evalPath } from "../jsonpath.ts";
import type { ThreadSnap } from "../model.ts";
import { applyIoPath } from "../payload.ts";
import { StatesError } from "../types.ts";
import { effectiveInput, leaveState, StateContext } from "./io.ts";
import {
  COMMON_FIELDS,
  FLOW_FIELDS,
  IO_FIELDS,
  type LoadContext,
  type StateBase,
  type StateType,
} from "./state.ts";

/** Wait: a timer, for a number of seconds or until a timestamp, fixed or read from the input. */
export interface WaitState extends StateBase {
  type: "Wait";
  seconds?: number;
  timestamp?: string;
  secondsPath?: CompiledPath;
  timestampPath?: CompiledPath;
}

const DURATIONS = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"] as const;

export const wait: StateType<WaitState> = {
  fields: [...COMMON_FIELDS, ...IO_FIELDS, ...FLOW_FIELDS, ...DURATIONS],

  load(base, raw, loader: LoadContext) {
    const name = base.name;
    const given = DURATIONS.filter((k) => raw[k] !== undefined);
    if (given.length !== 1)
      loader.fail(
        "exactly one of Seconds, Timestamp, SecondsPath, TimestampPath is required",
        name,
        given[1] ?? "Seconds",
      );
    const seconds = loader.num(raw, name, "Seconds", { int: true });
    let timestamp: string | undefined;
    if (raw.Timestamp !== undefined) {
      if (typeof raw.Timestamp !== "string" || Number.isNaN(Date.parse(raw.Timestamp)))
        loader.fail("must be an ISO-8601 timestamp", name, "Timestamp");
      timestamp = raw.Timestamp;
    }
    return {
      ...base,
      type: "Wait",
      seconds,
      timestamp,
      secondsPath: loader.refPath(raw, name, "SecondsPath"),
      timestampPath: loader.refPath(raw, name, "TimestampPath"),
    };
  },

  run(it, t, s) {
    const ctx = new StateContext(it, t);
    const eff = effectiveInput(s, t, ctx);
    const now = it.host.now();
    let due: number;
    if (s.seconds !== undefined) due = now + s.seconds * 1000;
    else if (s.timestamp !== undefined) due = Date.parse(s.timestamp);
    else if (s.secondsPath) {
      const v = evalPath(s.secondsPath, eff, ctx.ctx());
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
        throw new StatesError(
          "States.Runtime",
          `The SecondsPath parameter does not reference a valid non-negative integer: ${JSON.stringify(v ?? null)}`,
        );
      }
      due = now + v * 1000;
    } else {
      const v = s.timestampPath ? evalPath(s.timestampPath, eff, ctx.ctx()) : undefined;
      const ms = parseTimestamp(v);
      if (ms === undefined)
        throw new StatesError(
          "States.Runtime",
          `The TimestampPath parameter does not reference a valid ISO-8601 timestamp: ${JSON.stringify(v ?? null)}`,
        );
      due = ms;
    }
    if (due <= now) {
      finishWait(it, t, s);
      return;
    }
    t.phase = "wait";
    t.n++;
    t.dueMs = due;
    it.armTimer("wait", t.id, due, t.n);
    it.step.dirty = true;
  },
};

/** The Wait is over (at once, or when its timer fired): OutputPath, then the next state. */
export function finishWait(it: Interpreter, t: ThreadSnap, s: WaitState): void {
  const ctx = new StateContext(it, t);
  try {
    const eff = effectiveInput(s, t, ctx);
    const out = applyIoPath(s.outputPath, eff, ctx, "OutputPath");
    t.dueMs = undefined;
    leaveState(it, t, s, out);
  } catch (e) {
    it.failFromException(t, s, e);
  }
}
