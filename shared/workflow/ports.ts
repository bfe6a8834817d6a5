/** The workflow engine (Step Functions) and the outbox that carries signals to it. */
import type { PendingWrite } from "../kernel/pending-write.ts";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "NONE";

export interface Workflow {
  /** Starts the lifecycle of one submission; idempotent (the execution is named after it). */
  start(proposalId: string, submissionNo: number): Promise<void>;
  /** Starts a named execution that resumes a submission's lifecycle (a repair). Idempotent. */
  resume(
    executionName: string,
    input: { proposalId: string; submissionNo: number; resumeAt?: string },
  ): Promise<void>;
  /** The status of a named execution ("NONE" when there is no such execution). */
  status(executionName: string): Promise<ExecutionStatus>;
  /**
   * Stops a named execution if it still runs (ABORTED, with `cause`); "none" when there is no
   * such execution. Stopping one that already ended changes nothing, as on Step Functions.
   */
  stop(executionName: string, cause: string): Promise<"stopped" | "none">;
  /** Completes a waiting task; "gone" when the wait is already over (used, timed out). */
  signal(token: string, output: unknown): Promise<"delivered" | "gone">;
}

/** A proposal in a state that needs a running execution (kept by the proposal store). */
export interface WatchedProposal {
  proposalId: string;
  submissionNo: number;
  status: string;
  /** The execution that should be running for it. */
  executionName: string;
  /** When it entered a state that needs an execution. */
  since: string;
  checkedAt?: string;
  repairs: number;
}

/**
 * The set of proposals whose state needs a running execution. The proposal store maintains it
 * in the transaction of every change (so it is never stale); the sweep reads it to repair.
 */
export interface ExecutionWatch {
  /** Entries not checked since `checkedBefore` (and older than it), oldest first. */
  due(checkedBefore: string, limit: number): Promise<WatchedProposal[]>;
  checked(proposalId: string, at: string): Promise<void>;
  /** Records the execution started for it, if the entry is still the one read. */
  repaired(w: WatchedProposal, executionName: string, at: string): Promise<boolean>;
}

export type OutboxEntry =
  | { sk: string; kind?: "signal"; token: string; output: unknown }
  | { sk: string; kind: "start"; proposalId: string; submissionNo: number };

export interface StagedEntry {
  entry: OutboxEntry;
  write: PendingWrite;
}

/**
 * Messages to the workflow, committed in the transaction of the change that causes them and
 * delivered right after it; the sweep delivers what a crash left behind.
 */
export interface Outbox {
  stageStart(at: string, proposalId: string, submissionNo: number): StagedEntry;
  stageSignal(at: string, id: string, token: string, output: unknown): StagedEntry;
  deliver(entry: OutboxEntry): Promise<"delivered" | "gone">;
  /** Delivers every pending entry; returns how many were delivered. */
  drain(): Promise<number>;
}
