import { randomUUID } from "node:crypto";
import { type CompiledMachine, loadDefinition } from "./definition.ts";
import { Execution, type LambdaInvoker, type Signal, TaskClosedError } from "./execution.ts";
import {
  type AwsHistoryEvent,
  type DescribeExecutionOutput,
  describeSnapshot,
  toAwsEvent,
} from "./history.ts";
import type { ExecSnapshot, TimerItem } from "./model.ts";
import {
  checkExecutionArn,
  checkExecutionName,
  isStateMachineArn,
  page,
  parseExecutionInput,
  parseTaskOutput,
} from "./requests.ts";
import { type RuntimeClock, Scheduler } from "./scheduler.ts";
import { type ExecutionStore, StoreConflictError } from "./store.ts";
import { TokenCodec } from "./tokens.ts";
import { type Json, SfnApiError, TERMINAL_STATUSES } from "./types.ts";

export interface StateMachineDef {
  arn: string;
  name: string;
  definition: string | object;
  roleArn?: string;
}

export interface PendingTimer {
  state: string;
  kind: "wait" | "retry" | "timeout" | "heartbeat" | "execution-timeout";
  dueMs: number;
}

export interface Runtime {
  registerStateMachine(def: StateMachineDef): void;
  startExecution(req: {
    stateMachineArn: string;
    name?: string;
    input?: string;
  }): Promise<{ executionArn: string; startDate: Date }>;
  sendTaskSuccess(token: string, output: string): Promise<void>;
  sendTaskFailure(token: string, error?: string, cause?: string): Promise<void>;
  sendTaskHeartbeat(token: string): Promise<void>;
  describeExecution(arn: string): Promise<DescribeExecutionOutput>;
  start(): Promise<void>;
  stop(): Promise<void>;
  idle(): Promise<void>;
  // Beyond the core contract: the rest of the Step Functions API and test helpers.
  stopExecution(arn: string, error?: string, cause?: string): Promise<{ stopDate: Date }>;
  getExecutionHistory(req: {
    executionArn: string;
    maxResults?: number;
    nextToken?: string;
    reverseOrder?: boolean;
    includeExecutionData?: boolean;
  }): Promise<{ events: AwsHistoryEvent[]; nextToken?: string }>;
  listExecutions(req: {
    stateMachineArn: string;
    statusFilter?: string;
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ executions: ExecutionListItem[]; nextToken?: string }>;
  describeStateMachine(arn: string): StateMachineDescription;
  listStateMachines(): {
    stateMachines: Array<{
      stateMachineArn: string;
      name: string;
      type: string;
      creationDate: Date;
    }>;
  };
  /** Resolves with the final description once the execution is closed. */
  waitForExecution(arn: string): Promise<DescribeExecutionOutput>;
  /** Current snapshot and pending timers of an execution (for the HTML view). */
  inspect(arn: string): Promise<{ snapshot: ExecSnapshot; timers: PendingTimer[] } | undefined>;
  /**
   * The execution a task token was issued for, or undefined when this runtime did not issue it
   * (read from the sealed token alone: the execution may have closed or may not exist any more).
   */
  taskTokenExecution(token: string): string | undefined;
  readonly region: string;
  readonly accountId: string;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: Date;
  stopDate?: Date;
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  status: string;
  definition: string;
  roleArn: string;
  type: string;
  creationDate: Date;
  loggingConfiguration: { level: string; includeExecutionData: boolean };
}

export interface RuntimeOptions {
  store: ExecutionStore;
  invokeLambda: LambdaInvoker;
  clock: RuntimeClock;
  region?: string;
  accountId?: string;
  /** Key material for sealing task tokens; tokens survive restarts when it stays the same. */
  tokenSecret?: string;
}

/** StartExecution on an existing name: AWS is idempotent only while it runs and with the same input. */
function sameExecution(
  s: ExecSnapshot,
  arn: string,
  inputText: string,
): { executionArn: string; startDate: Date } {
  if (s.status === "RUNNING" && s.inputText === inputText)
    return { executionArn: arn, startDate: new Date(s.startMs) };
  throw new SfnApiError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
}

/** Creates a runtime; call start() (or any API method, which starts it) to resume open executions. */
export function createRuntime(opts: RuntimeOptions): Runtime {
  const region = opts.region ?? "ap-southeast-1";
  const accountId = opts.accountId ?? "000000000000";
  const { store, clock } = opts;
  const machines = new Map<string, CompiledMachine>();
  const live = new Map<string, Execution>();
  const codec = new TokenCodec(opts.tokenSecret ?? "local");
  let active = 0;
  let started: Promise<void> | undefined;
  let generation = 0;

  const scheduler = new Scheduler<TimerItem>(clock, (item) =>
    live.get(item.arn)?.signal({ k: "timer", item }),
  );

  const host = {
    region,
    store,
    invokeLambda: opts.invokeLambda,
    now: () => clock.nowMs(),
    issueToken: (arn: string, tid: number) => codec.issue(arn, tid),
    schedule: (item: TimerItem) => scheduler.add(item.due, item),
    busy: (delta: 1 | -1) => {
      active += delta;
    },
    closed: (exec: Execution) => {
      if (live.get(exec.arn) === exec) live.delete(exec.arn);
    },
    failed: (exec: Execution, error: unknown) => {
      if (live.get(exec.arn) === exec) live.delete(exec.arn);
      if (error instanceof StoreConflictError) return; // another runtime owns it now
      console.warn(
        `[stepfunctions] write failed for ${exec.arn}, reloading in 1 s: ${(error as Error).message}`,
      );
      const gen = generation;
      setTimeout(() => {
        if (gen === generation && started) void resumeOne(exec.arn).catch(() => undefined);
      }, 1000);
    },
  };

  async function resumeOne(arn: string): Promise<void> {
    if (live.has(arn)) return;
    const snap = await store.load(arn);
    if (!snap) return;
    if (TERMINAL_STATUSES.has(snap.status)) {
      await store.markClosed({
        executionArn: snap.arn,
        stateMachineArn: snap.smArn,
        name: snap.name,
        status: snap.status,
        startMs: snap.startMs,
        stopMs: snap.stopMs,
      });
      return;
    }
    const machine = machines.get(snap.smArn);
    if (!machine) {
      console.warn(
        `[stepfunctions] execution ${arn} is open but its state machine is not registered; left as it is`,
      );
      return;
    }
    const exec = new Execution(snap, machine, host);
    live.set(arn, exec);
    exec.signal({ k: "resume" });
  }

  function ensureStarted(): Promise<void> {
    if (!started) started = runtime.start();
    return started;
  }

  function machineFor(arn: string): CompiledMachine {
    if (!isStateMachineArn(arn)) throw new SfnApiError("InvalidArn", `Invalid Arn: '${arn}'`);
    const m = machines.get(arn);
    if (!m)
      throw new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  async function snapshotOf(arn: string): Promise<ExecSnapshot> {
    checkExecutionArn(arn);
    await ensureStarted();
    const snap = live.get(arn)?.snap ?? (await store.load(arn));
    if (!snap) throw new SfnApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return snap;
  }

  async function callback(
    token: string,
    sig: { op: "success" | "failure" | "heartbeat"; output?: Json; error?: string; cause?: string },
  ): Promise<void> {
    await ensureStarted();
    const ref = codec.open(token);
    if (!ref)
      throw new SfnApiError(
        "InvalidToken",
        "Invalid Token: the task token is malformed or was not issued by this runtime",
      );
    const exec = live.get(ref.arn);
    if (!exec) {
      const snap = await store.load(ref.arn);
      if (!snap)
        throw new SfnApiError(
          "TaskDoesNotExist",
          "Task Does Not Exist: the execution of this token does not exist",
        );
      throw new SfnApiError("TaskTimedOut", new TaskClosedError().message);
    }
    try {
      await new Promise<void>((resolve, reject) => {
        const s: Signal = { k: "callback", tid: ref.tid, token, ...sig, done: { resolve, reject } };
        exec.signal(s);
      });
    } catch (e) {
      if (e instanceof TaskClosedError) throw new SfnApiError("TaskTimedOut", e.message);
      throw e;
    }
  }

  const runtime: Runtime = {
    region,
    accountId,

    registerStateMachine(def) {
      machines.set(def.arn, loadDefinition(def));
    },

    async startExecution(req) {
      await ensureStarted();
      const machine = machineFor(req.stateMachineArn);
      const name = req.name ?? randomUUID();
      checkExecutionName(name);
      const inputText = req.input ?? "{}";
      const input = parseExecutionInput(inputText);
      const arn = `${machine.arn.replace(":stateMachine:", ":execution:")}:${name}`;
      const running = live.get(arn);
      if (running) return sameExecution(running.snap, arn, inputText);
      const startMs = clock.nowMs();
      const snap: ExecSnapshot = {
        v: 1,
        arn,
        name,
        smArn: machine.arn,
        roleArn: machine.roleArn,
        input,
        inputText,
        startMs,
        status: "RUNNING",
        seq: 0,
        nextEventId: 1,
        nextId: 0,
        threads: {},
        timeoutDueMs:
          machine.timeoutSeconds !== undefined
            ? startMs + machine.timeoutSeconds * 1000
            : undefined,
      };
      const exec = new Execution(snap, machine, host);
      live.set(arn, exec);
      try {
        await exec.begin();
      } catch (e) {
        if (live.get(arn) === exec) live.delete(arn);
        exec.dead = true;
        if (!(e instanceof StoreConflictError)) throw e;
        const existing = await store.load(arn);
        if (!existing) throw e;
        return sameExecution(existing, arn, inputText);
      }
      return { executionArn: arn, startDate: new Date(startMs) };
    },

    async sendTaskSuccess(token, output) {
      await callback(token, { op: "success", output: parseTaskOutput(output) });
    },

    async sendTaskFailure(token, error, cause) {
      await callback(token, { op: "failure", error: error ?? "", cause: cause ?? "" });
    },

    async sendTaskHeartbeat(token) {
      await callback(token, { op: "heartbeat" });
    },

    async describeExecution(arn) {
      return describeSnapshot(await snapshotOf(arn));
    },

    async stopExecution(arn, error, cause) {
      const snap = await snapshotOf(arn);
      const exec = live.get(arn);
      if (exec && snap.status === "RUNNING") {
        await new Promise<void>((resolve, reject) =>
          exec.signal({ k: "stop", error, cause, done: { resolve, reject } }),
        );
      }
      return { stopDate: new Date(exec?.snap.stopMs ?? snap.stopMs ?? clock.nowMs()) };
    },

    async getExecutionHistory(req) {
      await snapshotOf(req.executionArn);
      const events = await store.history(req.executionArn);
      if (req.reverseOrder) events.reverse();
      const p = page(events, req.maxResults, req.nextToken);
      const out = p.items.map((e) => toAwsEvent(e, req.includeExecutionData !== false));
      return p.nextToken ? { events: out, nextToken: p.nextToken } : { events: out };
    },

    async listExecutions(req) {
      await ensureStarted();
      machineFor(req.stateMachineArn);
      let list = await store.list(req.stateMachineArn);
      if (req.statusFilter) list = list.filter((e) => e.status === req.statusFilter);
      const p = page(list, req.maxResults, req.nextToken);
      const executions = p.items.map((e) => ({
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: new Date(e.startMs),
        ...(e.stopMs !== undefined ? { stopDate: new Date(e.stopMs) } : {}),
      }));
      return p.nextToken ? { executions, nextToken: p.nextToken } : { executions };
    },

    describeStateMachine(arn) {
      const m = machineFor(arn);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: "ACTIVE",
        definition: m.definition,
        roleArn: m.roleArn,
        type: "STANDARD",
        creationDate: m.createdAt,
        loggingConfiguration: { level: "OFF", includeExecutionData: false },
      };
    },

    listStateMachines() {
      return {
        stateMachines: [...machines.values()].map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: "STANDARD",
          creationDate: m.createdAt,
        })),
      };
    },

    async waitForExecution(arn) {
      const snap = await snapshotOf(arn);
      const exec = live.get(arn);
      if (exec) await exec.whenClosed();
      return describeSnapshot(exec?.snap ?? snap);
    },

    async inspect(arn) {
      let snap: ExecSnapshot;
      try {
        snap = await snapshotOf(arn);
      } catch {
        return undefined;
      }
      const timers: PendingTimer[] = [];
      if (snap.status === "RUNNING") {
        if (snap.timeoutDueMs !== undefined)
          timers.push({
            state: "(execution)",
            kind: "execution-timeout",
            dueMs: snap.timeoutDueMs,
          });
        for (const t of Object.values(snap.threads)) {
          if ((t.phase === "wait" || t.phase === "retry") && t.dueMs !== undefined)
            timers.push({ state: t.state, kind: t.phase, dueMs: t.dueMs });
          if (t.task?.timeoutDueMs !== undefined)
            timers.push({ state: t.state, kind: "timeout", dueMs: t.task.timeoutDueMs });
          if (t.task?.heartbeatDueMs !== undefined)
            timers.push({ state: t.state, kind: "heartbeat", dueMs: t.task.heartbeatDueMs });
        }
      }
      return { snapshot: snap, timers: timers.sort((a, b) => a.dueMs - b.dueMs) };
    },

    taskTokenExecution(token) {
      return codec.open(token)?.arn;
    },

    async start() {
      if (started) return started;
      generation++;
      started = (async () => {
        await store.init();
        scheduler.start();
        const open = await store.listOpen();
        // A few loads at a time: DynamoDB Local answers ~16 concurrent queries best.
        for (let i = 0; i < open.length; i += 16) {
          await Promise.all(open.slice(i, i + 16).map((arn) => resumeOne(arn)));
        }
      })();
      return started;
    },

    async stop() {
      generation++;
      started = undefined;
      scheduler.stop();
      for (const exec of live.values()) exec.dead = true;
      live.clear();
    },

    async idle() {
      // Settle across a few macrotasks so that promise chains and microtask timers catch up.
      let quiet = 0;
      while (quiet < 3) {
        await new Promise((r) => setImmediate(r));
        quiet = active === 0 ? quiet + 1 : 0;
      }
    },
  };
  return runtime;
}
