import type { AppendRecord, ExecSnapshot, ExecutionSummary, HistoryEvent } from "./model.ts";

/** Raised when a record with the same sequence number exists (another writer advanced the execution). */
export class StoreConflictError extends Error {
  constructor(arn: string, seq: number) {
    super(`record ${seq} of ${arn} already exists`);
    this.name = "StoreConflictError";
  }
}

/**
 * Where executions live. `append` is the only write on the hot path: it must be atomic and
 * conditional on `seq` not existing yet, so that two runtimes can never both advance one execution.
 */
export interface ExecutionStore {
  init(): Promise<void>;
  /**
   * Writes record `seq` (1 creates the execution). Throws StoreConflictError if it exists.
   * With `rec.close`, also closes the execution (as markClosed) in the same atomic write.
   */
  append(rec: AppendRecord): Promise<void>;
  /** Removes a closed execution from the open set and records its final status for listings. */
  markClosed(summary: ExecutionSummary): Promise<void>;
  load(arn: string): Promise<ExecSnapshot | undefined>;
  history(arn: string): Promise<HistoryEvent[]>;
  listOpen(): Promise<string[]>;
  /** Executions of a state machine, newest first. */
  list(stateMachineArn: string): Promise<ExecutionSummary[]>;
}

interface MemEntry {
  snapshot: ExecSnapshot;
  events: HistoryEvent[];
  summary: ExecutionSummary;
}

/** Same semantics as the DynamoDB store, nothing persisted. */
export function createMemoryStore(): ExecutionStore {
  const byArn = new Map<string, MemEntry>();
  const bySm = new Map<string, ExecutionSummary[]>();
  const open = new Set<string>();
  return {
    async init() {},
    async append(rec) {
      const cur = byArn.get(rec.arn);
      if (rec.seq === 1) {
        if (cur) throw new StoreConflictError(rec.arn, 1);
        const s = rec.snapshot;
        const summary: ExecutionSummary = {
          executionArn: s.arn,
          stateMachineArn: s.smArn,
          name: s.name,
          status: "RUNNING",
          startMs: s.startMs,
        };
        byArn.set(rec.arn, { snapshot: s, events: rec.events.slice(), summary });
        const list = bySm.get(s.smArn) ?? [];
        bySm.set(s.smArn, list);
        list.push(summary);
        if (rec.close) Object.assign(summary, rec.close);
        else open.add(rec.arn);
        return;
      }
      if (!cur || (cur.snapshot !== rec.snapshot && cur.snapshot.seq >= rec.seq))
        throw new StoreConflictError(rec.arn, rec.seq);
      cur.snapshot = rec.snapshot;
      for (const e of rec.events) cur.events.push(e);
      if (rec.close) {
        open.delete(rec.arn);
        Object.assign(cur.summary, rec.close);
      }
    },
    async markClosed(summary) {
      open.delete(summary.executionArn);
      const cur = byArn.get(summary.executionArn);
      if (cur) Object.assign(cur.summary, summary);
    },
    async load(arn) {
      return byArn.get(arn)?.snapshot;
    },
    async history(arn) {
      return byArn.get(arn)?.events.slice() ?? [];
    },
    async listOpen() {
      return [...open];
    },
    async list(smArn) {
      return (bySm.get(smArn) ?? []).slice().reverse();
    },
  };
}
