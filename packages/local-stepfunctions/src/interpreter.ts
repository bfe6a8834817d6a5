import { evalRule, parseTimestamp } from "./choice.ts";
import type { CompiledMachine, CState, Scope } from "./definition.ts";
import { evalIntrinsic } from "./intrinsics.ts";
import { evalPath } from "./jsonpath.ts";
import type { ExecSnapshot, HistoryEvent, ThreadSnap, TimerItem } from "./model.ts";
import { applyIoPath, applyResultPath, applyTemplate, type CtxSource } from "./payload.ts";
import { decideRetry, findCatcher } from "./retry.ts";
import { isObject, isTerminalError, type Json, StatesError } from "./types.ts";

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

const RESOURCE_NAME = { invoke: "invoke", token: "invoke.waitForTaskToken" } as const;

/**
 * Runs states of one execution. Every method mutates the snapshot and appends history events to
 * the current step; nothing here performs I/O (the Execution persists, then invokes and arms timers).
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
    const ctx = new Ctx(this, t);
    try {
      switch (s.type) {
        case "Pass": {
          const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
          const params = s.parameters ? applyTemplate(s.parameters, eff, ctx) : eff;
          this.finishWithResult(t, s, s.hasResult ? (s.result as Json) : params);
          return;
        }
        case "Choice": {
          const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
          let next = s.default;
          for (const c of s.choices ?? []) {
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
          this.emit("ChoiceStateExited", { name: s.name, output: out });
          this.enterState(t, next, out);
          return;
        }
        case "Succeed": {
          const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
          const out = applyIoPath(s.outputPath, eff, ctx, "OutputPath");
          this.emit("SucceedStateExited", { name: s.name, output: out });
          this.threadEnd(t, out);
          return;
        }
        case "Fail": {
          const error = s.error ?? this.failField(s.errorPath, t) ?? "";
          const cause = s.cause ?? this.failField(s.causePath, t) ?? "";
          this.threadFail(t, error, cause);
          return;
        }
        case "Wait":
          this.runWait(t, s);
          return;
        case "Task":
          this.runTask(t, s);
          return;
        case "Parallel":
          this.runParallel(t, s);
          return;
        case "Map":
          this.runMap(t, s);
          return;
      }
    } catch (e) {
      this.failFromException(t, s, e);
    }
  }

  private failField(spec: CState["errorPath"], t: ThreadSnap): string | undefined {
    if (!spec) return undefined;
    const ctx = this.context(t);
    const v =
      "fn" in spec ? evalIntrinsic(spec.fn, t.input, ctx) : evalPath(spec.path, t.input, ctx);
    if (typeof v !== "string")
      throw new StatesError("States.Runtime", "ErrorPath/CausePath must select a string");
    return v;
  }

  failFromException(t: ThreadSnap, s: CState, e: unknown): void {
    if (e instanceof StatesError) {
      this.failState(t, s, e.name, e.cause);
      return;
    }
    throw e;
  }

  // ----- results, errors, ends ---------------------------------------------------------------

  /** ResultSelector → ResultPath (into the raw state input) → OutputPath → next state. */
  finishWithResult(t: ThreadSnap, s: CState, result: Json): void {
    const ctx = new Ctx(this, t);
    try {
      const selected = s.resultSelector ? applyTemplate(s.resultSelector, result, ctx) : result;
      const combined = applyResultPath(s.resultPath, t.input, selected);
      const out = applyIoPath(s.outputPath, combined, ctx, "OutputPath");
      this.emit(`${s.type}StateExited`, { name: s.name, output: out });
      if (s.end) this.threadEnd(t, out);
      else this.enterState(t, s.next as string, out);
    } catch (e) {
      this.failFromException(t, s, e);
    }
  }

  /** Applies Retry, then Catch; otherwise the thread fails. States.Runtime skips both. */
  failState(t: ThreadSnap, s: CState, error: string, cause: string): void {
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
        this.step.timers.push({
          arn: this.snap.arn,
          tid: t.id,
          kind: "retry",
          due: t.dueMs,
          n: t.n,
        });
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
      if (this.spawnIterations(parent, ps) === false) return;
    }
    if (join.done === join.total) {
      this.emit(join.kind === "map" ? "MapStateSucceeded" : "ParallelStateSucceeded");
      const results = join.results;
      parent.join = undefined;
      parent.phase = "ready";
      this.finishWithResult(parent, ps, results);
    }
  }

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

  // ----- Wait ----------------------------------------------------------------------------------

  runWait(t: ThreadSnap, s: CState): void {
    const ctx = new Ctx(this, t);
    const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
    const now = this.host.now();
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
      this.finishWait(t, s);
      return;
    }
    t.phase = "wait";
    t.n++;
    t.dueMs = due;
    this.step.timers.push({ arn: this.snap.arn, tid: t.id, kind: "wait", due, n: t.n });
    this.step.dirty = true;
  }

  finishWait(t: ThreadSnap, s: CState): void {
    const ctx = new Ctx(this, t);
    try {
      const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
      const out = applyIoPath(s.outputPath, eff, ctx, "OutputPath");
      t.dueMs = undefined;
      this.emit("WaitStateExited", { name: s.name, output: out });
      if (s.end) this.threadEnd(t, out);
      else this.enterState(t, s.next as string, out);
    } catch (e) {
      this.failFromException(t, s, e);
    }
  }

  // ----- Task ----------------------------------------------------------------------------------

  private seconds(
    t: ThreadSnap,
    fixed: number | undefined,
    path: CState["timeoutPath"],
    eff: Json,
    field: string,
  ): number | undefined {
    if (fixed !== undefined) return fixed;
    if (!path) return undefined;
    const v = evalPath(path, eff, this.context(t));
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new StatesError(
        "States.Runtime",
        `${field} does not reference a positive integer: ${JSON.stringify(v ?? null)}`,
      );
    }
    return v;
  }

  runTask(t: ThreadSnap, s: CState): void {
    const kind = s.taskKind ?? "plain";
    const token = kind === "token" ? this.host.issueToken(this.snap.arn, t.id) : undefined;
    const ctx = new Ctx(this, t, { token });
    const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
    const params = s.parameters ? applyTemplate(s.parameters, eff, ctx) : eff;
    const timeout = this.seconds(t, s.timeoutSeconds, s.timeoutPath, eff, "TimeoutSecondsPath");
    const heartbeat = this.seconds(
      t,
      s.heartbeatSeconds,
      s.heartbeatPath,
      eff,
      "HeartbeatSecondsPath",
    );
    let fn = s.resource as string;
    let payload: Json = params;
    if (kind !== "plain") {
      if (!isObject(params) || typeof params.FunctionName !== "string") {
        throw new StatesError("States.Runtime", "lambda:invoke needs a string FunctionName");
      }
      fn =
        params.Qualifier !== undefined
          ? `${params.FunctionName}:${String(params.Qualifier)}`
          : params.FunctionName;
      payload = params.Payload === undefined ? {} : params.Payload;
    }
    const now = this.host.now();
    t.n++;
    t.phase = "task";
    t.task = { kind, fn, payload, token };
    if (timeout !== undefined) {
      t.task.timeoutDueMs = now + timeout * 1000;
      this.step.timers.push({
        arn: this.snap.arn,
        tid: t.id,
        kind: "timeout",
        due: t.task.timeoutDueMs,
        n: t.n,
      });
    }
    if (heartbeat !== undefined) {
      t.task.heartbeatSeconds = heartbeat;
      t.task.heartbeatDueMs = now + heartbeat * 1000;
      this.step.timers.push({
        arn: this.snap.arn,
        tid: t.id,
        kind: "heartbeat",
        due: t.task.heartbeatDueMs,
        n: t.n,
      });
    }
    if (kind === "plain") {
      this.emit("LambdaFunctionScheduled", {
        resource: fn,
        input: payload,
        timeoutInSeconds: timeout,
      });
      this.emit("LambdaFunctionStarted");
    } else {
      const resource = RESOURCE_NAME[kind];
      this.emit("TaskScheduled", {
        resourceType: "lambda",
        resource,
        region: this.host.region,
        parameters: params,
        timeoutInSeconds: timeout,
        heartbeatInSeconds: heartbeat,
      });
      this.emit("TaskStarted", { resourceType: "lambda", resource });
    }
    this.step.invokes.push(t.id);
    this.step.dirty = true;
  }

  /** The task's result arrived (Lambda return value, or the output sent with SendTaskSuccess). */
  taskSucceeded(t: ThreadSnap, value: Json): void {
    const s = this.stateOf(t);
    const task = t.task;
    if (!task) return;
    t.task = undefined;
    t.phase = "ready";
    let result: Json = value;
    if (task.kind === "plain") {
      this.emit("LambdaFunctionSucceeded", { output: value });
    } else {
      if (task.kind === "invoke") result = lambdaInvokeResult(value);
      this.emit("TaskSucceeded", {
        resourceType: "lambda",
        resource: RESOURCE_NAME[task.kind],
        output: result,
      });
    }
    this.finishWithResult(t, s, result);
  }

  taskFailed(t: ThreadSnap, error: string, cause: string, timedOut = false): void {
    const s = this.stateOf(t);
    const task = t.task;
    if (!task) return;
    t.task = undefined;
    t.phase = "ready";
    if (task.kind === "plain") {
      this.emit(timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed", { error, cause });
    } else {
      this.emit(timedOut ? "TaskTimedOut" : "TaskFailed", {
        resourceType: "lambda",
        resource: RESOURCE_NAME[task.kind],
        error,
        cause,
      });
    }
    this.failState(t, s, error, cause);
  }

  // ----- Parallel and Map ----------------------------------------------------------------------

  runParallel(t: ThreadSnap, s: CState): void {
    const ctx = new Ctx(this, t);
    const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
    const input = s.parameters ? applyTemplate(s.parameters, eff, ctx) : eff;
    const branches = s.branches ?? [];
    this.emit("ParallelStateStarted");
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
      this.newThread(b, input, t.id, i);
    });
    this.step.dirty = true;
  }

  runMap(t: ThreadSnap, s: CState): void {
    const ctx = new Ctx(this, t);
    const eff = applyIoPath(s.inputPath, t.input, ctx, "InputPath");
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
    this.emit("MapStateStarted", { length: items.length });
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
    this.step.dirty = true;
    if (items.length === 0) {
      this.emit("MapStateSucceeded");
      t.join = undefined;
      t.phase = "ready";
      this.finishWithResult(t, s, []);
      return;
    }
    this.spawnIterations(t, s);
  }

  /** Starts iterations up to MaxConcurrency; returns false if an ItemSelector failure failed the state. */
  spawnIterations(t: ThreadSnap, s: CState): boolean {
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
            new Ctx(this, t, { item: { index, value } }),
          );
        } catch (e) {
          if (!(e instanceof StatesError)) throw e;
          this.abortChildren(t);
          this.emit("MapStateFailed");
          t.join = undefined;
          t.phase = "ready";
          this.failState(t, s, e.name, e.cause);
          return false;
        }
      }
      join.active++;
      this.emit("MapIterationStarted", { name: s.name, index });
      this.newThread(s.iterator as string, input, t.id, index);
    }
    if (join.next === join.total) join.items = undefined;
    return true;
  }
}

/** Lazily built Context object of one thread (a class, so no closure is created per state). */
class Ctx implements CtxSource {
  constructor(
    private readonly it: Interpreter,
    private readonly t: ThreadSnap,
    private readonly extra?: { token?: string; item?: { index: number; value: Json } },
  ) {}
  ctx(): Json {
    return this.it.context(this.t, this.extra);
  }
}

export function newStep(): Step {
  return { events: [], invokes: [], timers: [], dirty: false, closed: false };
}

/** The result of `arn:aws:states:::lambda:invoke`, shaped as on AWS. */
export function lambdaInvokeResult(payload: Json): Json {
  const requestId = crypto.randomUUID();
  const headers = {
    Connection: "keep-alive",
    "Content-Type": "application/json",
    "X-Amz-Executed-Version": "$LATEST",
    "x-amzn-Remapped-Content-Length": "0",
    "x-amzn-RequestId": requestId,
  };
  return {
    ExecutedVersion: "$LATEST",
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}
