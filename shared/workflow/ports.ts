/** The workflow engine (Step Functions) and the outbox that carries signals to it. */
import type { PendingWrite } from "../kernel/pending-write.ts";

export interface Workflow {
  /** Starts the lifecycle of one submission; idempotent (the execution is named after it). */
  start(proposalId: string, submissionNo: number): Promise<void>;
  /** Completes a waiting task; "gone" when the wait is already over (used, timed out). */
  signal(token: string, output: unknown): Promise<"delivered" | "gone">;
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
