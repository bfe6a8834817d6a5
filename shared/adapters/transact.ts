import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { UnavailableError } from "../domain/errors.ts";
import { doc } from "./dynamo.ts";

/** A TransactWriteItems element as accepted by lib-dynamodb. */
export type TxItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

/** Thrown when a condition of the transaction failed; `failed` lists the item indexes. */
export class ConditionsFailed extends Error {
  override name = "ConditionsFailed";
  constructor(readonly failed: number[]) {
    super(`transaction conditions failed at items ${failed.join(", ")}`);
  }
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * Writes items atomically. Transaction conflicts (another transaction on the same items) are
 * retried with jittered back-off; when retries run out the caller gets a 503 with Retry-After.
 * Failed conditions are reported by index so that callers can explain what changed.
 */
export async function transact(items: TxItem[], token?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: items,
          ...(token ? { ClientRequestToken: token } : {}),
        }),
      );
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : []));
      if (failed.length > 0) throw new ConditionsFailed(failed);
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
