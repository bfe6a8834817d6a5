import type { ExecutionStatus, Json } from "./types.ts";

/**
 * The persisted shape of one execution. One record (new history events + this snapshot) is
 * written per step; the latest record is the execution's current state.
 */
export interface ExecSnapshot {
  v: 1;
  arn: string;
  name: string;
  smArn: string;
  roleArn: string;
  input: Json;
  inputText: string;
  startMs: number;
  stopMs?: number;
  status: ExecutionStatus;
  output?: Json;
  error?: string;
  cause?: string;
  /** Sequence number of the last persisted record (1 = the record that created the execution). */
  seq: number;
  nextEventId: number;
  nextId: number;
  threads: Record<string, ThreadSnap>;
  timeoutDueMs?: number;
}

/**
 * A thread runs one chain of states: the execution's top level, a Parallel branch or a Map
 * iteration. A thread whose state is Parallel/Map waits in phase "join" for its children.
 */
export interface ThreadSnap {
  id: number;
  scope: string;
  parent?: number;
  index?: number;
  state: string;
  input: Json;
  entered: boolean;
  enteredMs: number;
  retries?: number[];
  retryCount: number;
  phase: "ready" | "task" | "wait" | "retry" | "join";
  /** Serial of the current task/timer, so that late results and stale timers are ignored. */
  n: number;
  dueMs?: number;
  task?: TaskSnap;
  join?: JoinSnap;
}

export interface TaskSnap {
  kind: "invoke" | "token" | "plain";
  fn: string;
  payload: Json;
  token?: string;
  /** For .waitForTaskToken: the Lambda invocation returned, the task now waits for its token. */
  invoked?: boolean;
  timeoutDueMs?: number;
  heartbeatSeconds?: number;
  heartbeatDueMs?: number;
}

export interface JoinSnap {
  kind: "parallel" | "map";
  results: Json[];
  total: number;
  done: number;
  next: number;
  active: number;
  maxConcurrency: number;
  effInput: Json;
  items?: Json[];
}

/** One history event; `d` holds the AWS event details (input/output/parameters as raw JSON). */
export interface HistoryEvent {
  id: number;
  prev: number;
  ts: number;
  type: string;
  d?: Record<string, Json | undefined>;
}

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startMs: number;
  stopMs?: number;
}

export interface AppendRecord {
  arn: string;
  seq: number;
  events: HistoryEvent[];
  snapshot: ExecSnapshot;
  /**
   * The execution closed in this step: the store records the close with the record, in the
   * same atomic write (no separate markClosed, no window where a closed execution is listed open).
   */
  close?: ExecutionSummary;
}

export type TimerItem = {
  arn: string;
  tid: number;
  kind: "wait" | "retry" | "timeout" | "heartbeat" | "exec";
  due: number;
  n: number;
};
