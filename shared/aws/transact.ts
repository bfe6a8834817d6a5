import {
  commitMarker,
  IdempotencyKeyTakenError,
  markerCommitted,
} from "../idempotency/dynamo-idempotency-store.ts";
import { UnavailableError } from "../kernel/errors.ts";
import { type PendingWrite, WriteConditionsFailed } from "../kernel/pending-write.ts";
import { TransactWriteCommand, type TransactWriteItem } from "./dynamo/commands.ts";
import { TransactionCanceledException } from "./dynamo/errors.ts";
import { doc } from "./dynamo.ts";

/** A TransactWriteItems element, in plain values (shared/aws/dynamo/commands.ts). */
export type TxItem = TransactWriteItem;

/** Thrown when a condition of the transaction failed; `failed` lists the item indexes. */
export { WriteConditionsFailed as ConditionsFailed } from "../kernel/pending-write.ts";

/** A DynamoDB transaction element staged by one adapter for another adapter's transaction. */
export interface DynamoPendingWrite extends PendingWrite {
  readonly pendingWrite: "dynamodb";
  readonly item: TxItem;
}

export const pendingWrite = (item: TxItem): DynamoPendingWrite => ({
  pendingWrite: "dynamodb",
  item,
});

/** The DynamoDB elements of staged writes (refuses another family's writes: a wiring bug). */
export function txItemsOf(writes: readonly PendingWrite[]): TxItem[] {
  return writes.map((w) => {
    if (w.pendingWrite !== "dynamodb") throw new Error("a staged write of another adapter family");
    return (w as DynamoPendingWrite).item;
  });
}

const MAX_CONFLICT_RETRIES = 5;

/** Errors DynamoDB raises under load; the SDK already retried them (maxAttempts) when we see one. */
const THROTTLING = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

/** True for a throttling error that survived the SDK's own retries: the caller gets a 503. */
export function isThrottling(err: unknown): boolean {
  return err instanceof Error && THROTTLING.has(err.name);
}

/**
 * Writes items atomically. Transaction conflicts (another transaction on the same items) are
 * retried with jittered exponential back-off (up to 5 retries, about 0.6 s in all); when
 * retries run out the caller gets a 503 with Retry-After, and nothing was written.
 * Failed conditions are reported by index so that callers can explain what changed.
 * Inside an idempotent request the transaction also writes the idempotency record, committed,
 * so a retry after a crash can never apply the change twice.
 */
export async function transact(items: TxItem[]): Promise<void> {
  const marker = commitMarker();
  const all = marker ? [...items, marker] : items;
  for (let attempt = 0; ; attempt++) {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: all }));
      if (marker) markerCommitted();
      return;
    } catch (err) {
      if (isThrottling(err)) {
        throw new UnavailableError("the data store is busy; retry shortly", 1);
      }
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : []));
      if (marker && failed.includes(items.length)) {
        throw new IdempotencyKeyTakenError(
          "another request with the same Idempotency-Key was applied first",
        );
      }
      if (failed.length > 0) throw new WriteConditionsFailed(failed);
      const conflict = reasons.some(
        (r) => r.Code === "TransactionConflict" || r.Code === "ThrottlingError",
      );
      if (!conflict || attempt >= MAX_CONFLICT_RETRIES) {
        throw new UnavailableError("the data store is busy; retry shortly", 1);
      }
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }
}
