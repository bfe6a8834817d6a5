import type { CompiledMachine, Scope } from "./definition.ts";
import type { ExecSnapshot, HistoryEvent, ThreadSnap, TimerItem } from "./model.ts";
import { applyResultPath } from "./payload.ts";
import { decideRetry, findCatcher } from "./retry.ts";
import { handlerOf } from "./states/index.ts";
import { finishWithResult } from "./states/io.ts";
import { spawnIterations } from "./states/map.ts";
import type { CState, StateBase } from "./states/state.ts";
import { isTerminalError, type Json, StatesError } from "./types.ts";

/** What one step (one persisted record) produced besides the snapshot change. */
export interface Step {
  events: HistoryEvent[];
  invokes: number[];
  timers: TimerItem[];
  dirty: boolean;
  closed: boolean;
}

export interface InterpreterHost {
  now(): number;
  region: string;
  issueToken(arn: string, tid: number): string;
}

/** Above this many synchronous transitions in one step, the rest continues in the next step. */
const MAX_SYNC_TRANSITIONS = 2000;

/**
 * Runs states of one execution. Every method mutates the snapshot and appends history events to
 * the current step; nothing here performs I/O (the Execution persists, then invokes and arms
 * timers). What a state does is in its module under states/; this class holds what is common:
 * threads, entering and leaving states, Retry and Catch, joins of Parallel and Map, the end.
 */
export class Interpreter {
  ready: number[] = [];
  step: Step = newStep();
  private execCtx: Json | undefined;

  constructor(
    readonly snap: ExecSnapshot,
    readonly machine: CompiledMachine,
    readonly host: InterpreterHost,
  ) {}

  // ----- helpers -----------------------------------------------------------------------------

  emit(type: string, d?: HistoryEvent["d"]): void {
    const id = this.snap.nextEventId++;
    this.step.events.push({ id, prev: id - 1, ts: this.host.now(), type, d });
  }

  /** Arms a timer once this step is persisted; `n` is the serial of the task or wait it belongs to. */
  armTimer(kind: TimerItem["kind"], tid: number, due: number, n: number): void {
    this.step.timers.push({ arn: this.snap.arn, tid, kind, due, n });
  }

  scope(key: string): Scope {
    const s = this.machine.scopes.get(key);
    if (!s) throw new Error(`unknown scope ${key}`);
    return s;
  }

  stateOf(t: ThreadSnap): CState {
    const s = this.scope(t.scope).states.get(t.state);
    if (!s) throw new Error(`unknown state ${t.state}`);
    return s;
  }

  context(t: ThreadSnap, extra?: { token?: string; item?: { index: number; value: Json } }): Json {
    if (!this.execCtx) {
      const s = this.snap;
      this.execCtx = {
        Id: s.arn,
        Input: s.input,
        Name: s.name,
        RoleArn: s.roleArn,
        StartTime: new Date(s.startMs).toISOString(),
        RedriveCount: 0,
      };
    }
    const ctx: { [k: string]: Json } = {
      Execution: this.execCtx,
      State: {
        EnteredTime: new Date(t.enteredMs).toISOString(),
        Name: t.state,
        RetryCount: t.retryCount,
      },
      StateMachine: { Id: this.machine.arn, Name: this.machine.name },
    };
    if (extra?.token) ctx.Task = { Token: extra.token };
    if (extra?.item) ctx.Map = { Item: { Index: extra.item.index, Value: extra.item.value } };
    return ctx;
  }

  newThread(scopeKey: string, input: Json, parent?: number, index?: number): ThreadSnap {
    const t: ThreadSnap = {
      id: this.snap.nextId++,
      scope: scopeKey,
      parent,
      index,
      state: this.scope(scopeKey).startAt,
      input,
      entered: false,
      enteredMs: 0,
      retryCount: 0,
      phase: "ready",
      n: 0,
    };
    this.snap.threads[t.id] = t;
    this.ready.push(t.id);
    return t;
  }

  enterState(t: ThreadSnap, name: string, input: Json): void {
    t.state = name;
    t.input = input;
    t.entered = false;
    t.retries = undefined;
    t.retryCount = 0;
    t.phase = "ready";
    t.task = undefined;
    t.join = undefined;
    t.dueMs = undefined;
    this.ready.push(t.id);
  }

  // ----- driving -----------------------------------------------------------------------------

  /** Runs every ready thread until each one waits (task, timer, children) or ends. */
  drive(): boolean {
    let budget = MAX_SYNC_TRANSITIONS;
    while (this.ready.length > 0 && this.snap.status === "RUNNING") {
      if (budget-- <= 0) return false;
      const tid = this.ready.shift() as number;
      const t = this.snap.threads[tid];
      if (t?.phase !== "ready") continue;
      this.runState(t);
    }
    return true;
  }

  runState(t: ThreadSnap): void {
    const s = this.stateOf(t);
    if (!t.entered) {
      t.entered = true;
      t.enteredMs = this.host.now();
      this.emit(`${s.type}StateEntered`, { name: s.name, input: t.input });
    }
    try {
      handlerOf(s.type).run(this, t, s);
    } catch (e) {
      this.failFromException(t, s, e);
    }
  }

  /** A StatesError raised by a state fails it (Retry/Catch apply); anything else is a bug. */
  failFromException(t: ThreadSnap, s: StateBase, e: unknown): void {
    if (e instanceof StatesError) {
      this.failState(t, s, e.name, e.cause);
      return;
    }
    throw e;
  }

  // ----- errors, ends ------------------------------------------------------------------------

  /** Applies Retry, then Catch; otherwise the thread fails. States.Runtime skips both. */
  failState(t: ThreadSnap, s: StateBase, error: string, cause: string): void {
    if (!isTerminalError(error) && s.retry.length > 0) {
      const attempts = t.retries ?? [];
      const d = decideRetry(s.retry, error, attempts);
      if (d) {
        attempts[d.retrierIndex] = (attempts[d.retrierIndex] ?? 0) + 1;
        t.retries = attempts;
        t.retryCount++;
        t.phase = "retry";
        t.task = undefined;
        t.join = undefined;
        t.n++;
        t.dueMs = this.host.now() + d.delayMs;
        this.armTimer("retry", t.id, t.dueMs, t.n);
        this.step.dirty = true;
        return;
      }
    }
    const catcher = isTerminalError(error) ? undefined : findCatcher(s.catch, error);
    if (catcher) {
      let out: Json;
      try {
        out = applyResultPath(catcher.resultPath, t.input, { Error: error, Cause: cause });
      } catch (e) {
        const err = e as StatesError;
        this.threadFail(t, "States.Runtime", err.cause ?? String(e));
        return;
      }
      this.emit(`${s.type}StateExited`, { name: s.name, output: out });
      this.enterState(t, catcher.next, out);
      return;
    }
    this.threadFail(t, error, cause);
  }

  /** A thread reached its end: the execution succeeds, or a Parallel/Map collects the output. */
  threadEnd(t: ThreadSnap, output: Json): void {
    this.removeThread(t);
    if (t.parent === undefined) {
      this.closeExecution("SUCCEEDED", { output });
      return;
    }
    const parent = this.snap.threads[t.parent];
    const join = parent?.join;
    if (!parent || !join) return;
    const ps = this.stateOf(parent);
    join.results[t.index ?? 0] = output;
    join.done++;
    join.active--;
    if (join.kind === "map") {
      this.emit("MapIterationSucceeded", { name: ps.name, index: t.index ?? 0 });
      if (ps.type === "Map" && spawnIterations(this, parent, ps) === false) return;
    }
    if (join.done === join.total) {
      this.emit(join.kind === "map" ? "MapStateSucceeded" : "ParallelStateSucceeded");
      const results = join.results;
      parent.join = undefined;
      parent.phase = "ready";
      finishWithResult(this, parent, ps, results);
    }
  }

  /** A thread failed: the execution fails, or the Parallel/Map fails with the same error. */
  threadFail(t: ThreadSnap, error: string, cause: string): void {
    this.removeThread(t);
    if (t.parent === undefined) {
      this.closeExecution("FAILED", { error, cause });
      return;
    }
    const parent = this.snap.threads[t.parent];
    if (!parent?.join) return;
    const ps = this.stateOf(parent);
    if (parent.join.kind === "map")
      this.emit("MapIterationFailed", { name: ps.name, index: t.index ?? 0 });
    this.abortChildren(parent);
    this.emit(parent.join.kind === "map" ? "MapStateFailed" : "ParallelStateFailed");
    parent.join = undefined;
    parent.phase = "ready";
    this.failState(parent, ps, error, cause);
  }

  removeThread(t: ThreadSnap): void {
    delete this.snap.threads[t.id];
  }

  /** Removes every descendant of `t`; their pending results, tokens and timers become stale. */
  abortChildren(t: ThreadSnap): void {
    for (const c of Object.values(this.snap.threads)) {
      if (c.parent === t.id) {
        this.abortChildren(c);
        this.removeThread(c);
      }
    }
  }

  closeExecution(
    status: ExecSnapshot["status"],
    r: { output?: Json; error?: string; cause?: string },
  ): void {
    const s = this.snap;
    if (s.status !== "RUNNING") return;
    s.status = status;
    s.stopMs = this.host.now();
    s.threads = {};
    this.ready = [];
    if (status === "SUCCEEDED") {
      s.output = r.output ?? null;
      this.emit("ExecutionSucceeded", { output: s.output });
    } else {
      s.error = r.error;
      s.cause = r.cause;
      const type =
        { FAILED: "ExecutionFailed", ABORTED: "ExecutionAborted", TIMED_OUT: "ExecutionTimedOut" }[
          status as string
        ] ?? "ExecutionFailed";
      this.emit(type, { error: r.error, cause: r.cause });
    }
    this.step.closed = true;
  }
}

export function newStep(): Step {
  return { events: [], invokes: [], timers: [], dirty: false, closed: false };
}
