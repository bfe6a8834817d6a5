/**
 * A write one port stages for another port's transaction: the outbox entry committed with the
 * submission, the cap reservation committed with the approval. Use cases pass it along without
 * looking inside; each adapter family (DynamoDB, in-memory) makes and commits its own kind.
 */
export interface PendingWrite {
  readonly pendingWrite: "dynamodb" | "memory";
}

/** A condition of a transaction failed: `failed` indexes the staged writes (`extra`) that failed. */
export class WriteConditionsFailed extends Error {
  override name = "ConditionsFailed";
  constructor(readonly failed: number[]) {
    super(`transaction conditions failed at items ${failed.join(", ")}`);
  }
}
