import type { CompiledMachine } from "./definition.ts";
import { Interpreter, type InterpreterHost, newStep } from "./interpreter.ts";
import { lambdaError, lambdaSubmitted } from "./lambda.ts";
import type { ExecSnapshot, ExecutionSummary, TaskSnap, ThreadSnap, TimerItem } from "./model.ts";
import { taskFailed, taskSucceeded } from "./states/task.ts";
import { finishWait } from "./states/wait.ts";
import type { ExecutionStore } from "./store.ts";
import { type Json, toJsonValue } from "./types.ts";

export type LambdaInvoker = (
  functionArn: string,
  payload: unknown,
  ctx: { executionArn: string; stateName: string },
) => Promise<unknown>;

/** Inputs that move an execution forward; each batch of them becomes one persisted record. */
export type Signal =
  | { k: "result"; tid: number; n: number; ok: true; value: Json }
  | { k: "result"; tid: number; n: number; ok: false; error: string; cause: string }
  | { k: "submitted"; tid: number; n: number; value: Json }
  | { k: "timer"; item: TimerItem }
  | {
      k: "callback";
      tid: number;
      token: string;
      op: "success" | "failure" | "heartbeat";
      output?: Json;
      error?: string;
      cause?: string;
      done: Waiter;
    }
  | { k: "stop"; error?: string; cause?: string; done: Waiter }
  | { k: "resume" }
  | { k: "continue" };

export interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

export interface ExecutionHost extends InterpreterHost {
  store: ExecutionStore;
  invokeLambda: LambdaInvoker;
  schedule(item: TimerItem): void;
  busy(delta: 1 | -1): void;
  closed(exec: Execution): void;
  /** The store rejected a write: drop this actor (and reload it later). */
  failed(exec: Execution, error: unknown): void;
}

/** Cause recorded for a Lambda invocation that was in flight when the runtime stopped. */
export const IN_FLIGHT_CAUSE =
  "The local Step Functions runtime stopped while this Lambda invocation was in flight, so its outcome is unknown; the task is failed with Lambda.SdkClientException and the state's Retry/Catch decide what happens next.";

/**
 * One execution as an actor: signals are queued and applied one batch at a time; each batch is
 * persisted as ONE record (events + snapshot) before any effect (Lambda invocation, timer) runs.
 */
export class Execution extends Interpreter {
  private queue: Signal[] = [];
  private running = false;
  dead = false;
  private closed: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;
  private closeDone = false;

  constructor(
    snap: ExecSnapshot,
    machine: CompiledMachine,
    readonly xhost: ExecutionHost,
  ) {
    super(snap, machine, xhost);
  }

  get arn(): string {
    return this.snap.arn;
  }

  /** Resolves once the execution is closed and its close is recorded in the store. */
  whenClosed(): Promise<void> {
    if (this.closeDone) return Promise.resolve();
    this.closed ??= new Promise<void>((r) => {
      this.resolveClosed = r;
    });
    return this.closed;
  }

  signal(sig: Signal): void {
    if (this.dead) {
      if ("done" in sig) sig.done.reject(new Error("the runtime is stopped"));
      return;
    }
    this.queue.push(sig);
    if (!this.running) void this.pump();
  }

  /** Runs the first step of a new execution and persists it as record 1. */
  async begin(): Promise<void> {
    this.running = true;
    this.xhost.busy(1);
    try {
      this.step = newStep();
      this.emit("ExecutionStarted", { input: this.snap.input, roleArn: this.snap.roleArn });
      if (this.snap.timeoutDueMs !== undefined) {
        this.armTimer("exec", 0, this.snap.timeoutDueMs, 0);
      }
      this.newThread("", this.snap.input);
      const finished = this.drive();
      await this.persist();
      this.effects(finished);
    } finally {
      this.running = false;
      this.xhost.busy(-1);
    }
    if (this.queue.length > 0) void this.pump();
  }

  private async pump(): Promise<void> {
    this.running = true;
    this.xhost.busy(1);
    try {
      while (this.queue.length > 0 && !this.dead) {
        const batch = this.queue;
        this.queue = [];
        this.step = newStep();
        const waiters: Waiter[] = [];
        for (const sig of batch) this.apply(sig, waiters);
        const finished = this.drive();
        try {
          if (this.step.dirty || this.step.events.length > 0) await this.persist();
        } catch (e) {
          for (const w of waiters) w.reject(e);
          for (const sig of this.queue) if ("done" in sig) sig.done.reject(e);
          this.dead = true;
          this.xhost.failed(this, e);
          return;
        }
        if (this.dead) return;
        this.effects(finished);
        for (const w of waiters) w.resolve();
        if (this.step.closed) await this.finishClose();
      }
    } finally {
      this.running = false;
      this.xhost.busy(-1);
    }
  }

  /** The step's record; a closing step carries the close, written with it in one atomic write. */
  private async persist(): Promise<void> {
    const seq = this.snap.seq + 1;
    this.snap.seq = seq;
    await this.xhost.store.append({
      arn: this.arn,
      seq,
      events: this.step.events,
      snapshot: this.snap,
      ...(this.step.closed ? { close: this.summary() } : {}),
    });
  }

  private summary(): ExecutionSummary {
    const s = this.snap;
    return {
      executionArn: s.arn,
      stateMachineArn: s.smArn,
      name: s.name,
      status: s.status,
      startMs: s.startMs,
      stopMs: s.stopMs,
    };
  }

  /** The close was recorded with the final record (persist); tells the host and the waiters. */
  private async finishClose(): Promise<void> {
    this.closeDone = true;
    this.xhost.closed(this);
    this.resolveClosed?.();
  }

  private effects(finished: boolean): void {
    const step = this.step;
    if (step.closed) return;
    for (const t of step.timers) this.xhost.schedule(t);
    for (const tid of step.invokes) {
      const t = this.snap.threads[tid];
      if (t?.phase === "task" && t.task) this.invoke(t);
    }
    if (!finished) setImmediate(() => this.signal({ k: "continue" }));
  }

  private invoke(t: ThreadSnap): void {
    const task = t.task;
    if (!task) return;
    this.xhost.busy(1);
    void this.callLambda(t.id, t.n, t.state, task);
  }

  /** Invokes the Lambda and turns its outcome into a signal (an async method: no closures per call). */
  private async callLambda(tid: number, n: number, state: string, task: TaskSnap): Promise<void> {
    try {
      // Lambda receives JSON: a copy, so a handler can never change the execution's own data.
      const v = await this.xhost.invokeLambda(task.fn, toJsonValue(task.payload), {
        executionArn: this.arn,
        stateName: state,
      });
      const value = toJsonValue(v);
      if (task.kind === "token") this.signal({ k: "submitted", tid, n, value });
      else this.signal({ k: "result", tid, n, ok: true, value });
    } catch (e) {
      this.signal({ k: "result", tid, n, ok: false, ...lambdaError(e) });
    } finally {
      this.xhost.busy(-1);
    }
  }

  private current(tid: number, n?: number): ThreadSnap | undefined {
    const t = this.snap.threads[tid];
    if (!t || (n !== undefined && t.n !== n)) return undefined;
    return t;
  }

  private apply(sig: Signal, waiters: Waiter[]): void {
    if (this.snap.status !== "RUNNING") {
      if (sig.k === "callback") sig.done.reject(new TaskClosedError());
      else if (sig.k === "stop") sig.done.resolve();
      return;
    }
    switch (sig.k) {
      case "result": {
        const t = this.current(sig.tid, sig.n);
        if (t?.phase !== "task") return;
        if (sig.ok) taskSucceeded(this, t, sig.value);
        else taskFailed(this, t, sig.error, sig.cause);
        return;
      }
      case "submitted": {
        const t = this.current(sig.tid, sig.n);
        if (t?.phase !== "task" || !t.task) return;
        t.task.invoked = true;
        this.emit("TaskSubmitted", {
          resourceType: "lambda",
          resource: "invoke.waitForTaskToken",
          output: lambdaSubmitted(sig.value),
        });
        return;
      }
      case "timer":
        this.applyTimer(sig.item);
        return;
      case "callback": {
        const t = this.current(sig.tid);
        if (t?.phase !== "task" || t.task?.token !== sig.token) {
          sig.done.reject(new TaskClosedError());
          return;
        }
        waiters.push(sig.done);
        if (sig.op === "success") taskSucceeded(this, t, sig.output ?? null);
        else if (sig.op === "failure") taskFailed(this, t, sig.error ?? "", sig.cause ?? "");
        else if (t.task.heartbeatSeconds !== undefined) {
          t.task.heartbeatDueMs = this.xhost.now() + t.task.heartbeatSeconds * 1000;
          this.armTimer("heartbeat", t.id, t.task.heartbeatDueMs, t.n);
          this.step.dirty = true;
        }
        return;
      }
      case "stop":
        waiters.push(sig.done);
        this.closeExecution("ABORTED", { error: sig.error, cause: sig.cause });
        return;
      case "resume":
        this.resume();
        return;
      case "continue":
        return;
    }
  }

  private applyTimer(item: TimerItem): void {
    if (item.kind === "exec") {
      if (this.snap.timeoutDueMs === item.due)
        this.closeExecution("TIMED_OUT", {
          error: "States.Timeout",
          cause: "The execution timed out (TimeoutSeconds of the state machine)",
        });
      return;
    }
    const t = this.current(item.tid, item.n);
    if (!t) return;
    if (
      (item.kind === "wait" || item.kind === "retry") &&
      t.phase === item.kind &&
      t.dueMs === item.due
    ) {
      t.phase = "ready";
      t.dueMs = undefined;
      if (item.kind === "retry") this.ready.push(t.id);
      else {
        const s = this.stateOf(t);
        if (s.type === "Wait") finishWait(this, t, s);
      }
      return;
    }
    if (t.phase !== "task" || !t.task) return;
    if (item.kind === "timeout" && t.task.timeoutDueMs === item.due) {
      taskFailed(
        this,
        t,
        "States.Timeout",
        "The task did not complete within its TimeoutSeconds",
        true,
      );
    } else if (item.kind === "heartbeat" && t.task.heartbeatDueMs === item.due) {
      taskFailed(
        this,
        t,
        "States.HeartbeatTimeout",
        "The task did not send a heartbeat within its HeartbeatSeconds",
        true,
      );
    }
  }

  /**
   * After a restart: tasks whose Lambda invocation was in flight fail with
   * Lambda.SdkClientException (never silently re-run); callback tasks whose invocation had
   * returned keep waiting for their token; every timer is re-armed from the snapshot.
   */
  private resume(): void {
    if (this.snap.timeoutDueMs !== undefined) this.armTimer("exec", 0, this.snap.timeoutDueMs, 0);
    for (const t of Object.values(this.snap.threads)) {
      if (t.phase === "ready") this.ready.push(t.id);
      else if ((t.phase === "wait" || t.phase === "retry") && t.dueMs !== undefined) {
        this.armTimer(t.phase, t.id, t.dueMs, t.n);
      } else if (t.phase === "task" && t.task) {
        const task = t.task;
        if (task.kind !== "token" || !task.invoked) {
          taskFailed(this, t, "Lambda.SdkClientException", IN_FLIGHT_CAUSE);
          continue;
        }
        if (task.timeoutDueMs !== undefined) this.armTimer("timeout", t.id, task.timeoutDueMs, t.n);
        if (task.heartbeatDueMs !== undefined)
          this.armTimer("heartbeat", t.id, task.heartbeatDueMs, t.n);
      }
    }
  }
}

export class TaskClosedError extends Error {
  constructor() {
    super(
      "Task Timed Out: the task token has either expired or the task associated with the token has already been closed",
    );
    this.name = "TaskTimedOut";
  }
}
