/**
 * The in-memory adapters' shared store: one map of records and one of audit streams, written
 * atomically. Adapters of different ports stage MemoryWrites for each other's transactions, as
 * the DynamoDB adapters stage transaction items; a failed condition rejects the whole write.
 */
import type { AuditEvent } from "../../../shared/audit/domain/chain.ts";
import { type PendingWrite, WriteConditionsFailed } from "../../../shared/kernel/pending-write.ts";

export interface MemoryWrite extends PendingWrite {
  readonly pendingWrite: "memory";
  /** False when the write's condition does not hold (nothing is applied then). */
  check(db: MemoryDb): boolean;
  apply(db: MemoryDb): void;
}

export const memoryWrite = (
  apply: (db: MemoryDb) => void,
  check: (db: MemoryDb) => boolean = () => true,
): MemoryWrite => ({ pendingWrite: "memory", apply, check });

export function asMemoryWrites(writes: readonly PendingWrite[]): MemoryWrite[] {
  return writes.map((w) => {
    if (w.pendingWrite !== "memory") throw new Error("a staged write of another adapter family");
    return w as MemoryWrite;
  });
}

export class MemoryDb {
  readonly records = new Map<string, unknown>();
  readonly streams = new Map<string, AuditEvent[]>();
  /** Every committed transaction, for tests that count writes. */
  commits = 0;

  get<T>(key: string): T | undefined {
    const v = this.records.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }

  put(key: string, value: unknown): void {
    this.records.set(key, structuredClone(value));
  }

  /** Keys with a prefix, in key order. */
  keys(prefix: string): string[] {
    return [...this.records.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  append(event: AuditEvent): void {
    const stream = this.streams.get(event.stream) ?? [];
    if (stream.some((e) => e.seq === event.seq)) throw new Error(`audit seq ${event.seq} taken`);
    stream.push(structuredClone(event));
    this.streams.set(event.stream, stream);
  }

  events(stream: string): AuditEvent[] {
    return structuredClone(this.streams.get(stream) ?? []);
  }

  /** Applies every write if every condition holds; else WriteConditionsFailed with the indexes. */
  transact(writes: readonly MemoryWrite[]): void {
    const failed = writes.flatMap((w, i) => (w.check(this) ? [] : [i]));
    if (failed.length > 0) throw new WriteConditionsFailed(failed);
    for (const w of writes) w.apply(this);
    this.commits++;
  }
}
