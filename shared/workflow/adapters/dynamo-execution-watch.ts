import { QueryCommand, UpdateCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { dataKeys, dataPartitions, WATCH_SHARDS, withoutKeys } from "../../tables/data-table.ts";
import type { ExecutionWatch, WatchedProposal } from "../ports.ts";

/**
 * The execution watch in the DataTable (`WATCH#<shard>` / `<proposalId>`), written by the
 * proposal store in the transaction of each change, read here by the sweep.
 */
async function due(checkedBefore: string, limit: number): Promise<WatchedProposal[]> {
  const shards = await Promise.all(
    Array.from({ length: WATCH_SHARDS }, (_, shard) =>
      doc.send(
        new QueryCommand({
          TableName: config.tableName,
          KeyConditionExpression: "pk = :pk",
          // Not checked recently, and in its state long enough for its execution to have started.
          // `done`: a tombstone of a proposal that left the states needing an execution.
          FilterExpression:
            "attribute_not_exists(done) AND since < :t AND (attribute_not_exists(checkedAt) OR checkedAt < :t)",
          ExpressionAttributeValues: {
            ":pk": dataPartitions.executionWatch(shard),
            ":t": checkedBefore,
          },
        }),
      ),
    ),
  );
  return shards
    .flatMap((r) => (r.Items ?? []).map((i) => withoutKeys<WatchedProposal>(i)))
    .sort((a, b) => (a.checkedAt ?? a.since).localeCompare(b.checkedAt ?? b.since))
    .slice(0, limit);
}

export const dynamoExecutionWatch: ExecutionWatch = {
  due,
  async checked(proposalId, at) {
    await doc
      .send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: dataKeys.executionWatch(proposalId),
          UpdateExpression: "SET checkedAt = :at",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(done)",
          ExpressionAttributeValues: { ":at": at },
        }),
      )
      .catch((err: Error) => {
        // Gone meanwhile: the proposal left the states that need an execution.
        if (err.name !== "ConditionalCheckFailedException") throw err;
      });
  },
  async repaired(w, executionName, at) {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: dataKeys.executionWatch(w.proposalId),
          UpdateExpression: "SET executionName = :n, repairs = :r, checkedAt = :at",
          ConditionExpression: "executionName = :was AND submissionNo = :sub",
          ExpressionAttributeValues: {
            ":n": executionName,
            ":r": w.repairs + 1,
            ":at": at,
            ":was": w.executionName,
            ":sub": w.submissionNo,
          },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  },
};
