import { DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { logger } from "../logger.ts";
import { doc } from "./dynamo.ts";
import type { TxItem } from "./transact.ts";
import { signalTask } from "./workflow.ts";

/**
 * Signals to the workflow, written in the same transaction as the decision that causes them
 * and delivered right after it. If the process dies in between, the sweep delivers them.
 */
export interface OutboxEntry {
  sk: string;
  token: string;
  output: unknown;
}

const PK = "OUTBOX";

export function outboxItem(
  at: string,
  id: string,
  token: string,
  output: unknown,
): { entry: OutboxEntry; tx: TxItem } {
  const entry = { sk: `${at}#${id}`, token, output };
  return {
    entry,
    tx: {
      Put: {
        TableName: config.tableName,
        Item: { pk: PK, ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  };
}

export async function deliver(entry: OutboxEntry): Promise<"delivered" | "gone"> {
  const outcome = await signalTask(entry.token, entry.output);
  await doc.send(new DeleteCommand({ TableName: config.tableName, Key: { pk: PK, sk: entry.sk } }));
  return outcome;
}

/** Delivers every pending signal; returns how many were delivered. */
export async function drainOutbox(): Promise<number> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": PK },
      Limit: 100,
    }),
  );
  let n = 0;
  for (const item of res.Items ?? []) {
    try {
      await deliver({ sk: String(item.sk), token: String(item.token), output: item.output });
      n++;
    } catch (err) {
      logger.warn("outbox delivery failed; will retry", {
        sk: String(item.sk),
        error: (err as Error).name,
      });
    }
  }
  return n;
}
