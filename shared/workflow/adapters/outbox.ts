import { DeleteCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { logger } from "../../logger.ts";
import { dataKeys, dataPartitions } from "../../tables/data-table.ts";
import type { Outbox, OutboxEntry } from "../ports.ts";
import { signalTask, startLifecycle } from "./sfn-workflow.ts";

/**
 * Messages to the workflow, written in the same transaction as the change that causes them and
 * delivered right after it: a task token's signal (a decision, the last payment) or the start
 * of a submission's execution. If the process dies in between, the sweep delivers them; both
 * deliveries are idempotent (a used token is "gone"; an execution is named after its submission).
 */
export type { OutboxEntry } from "../ports.ts";

const PK = dataPartitions.outbox();

export function outboxItem(
  at: string,
  id: string,
  token: string,
  output: unknown,
): { entry: OutboxEntry; tx: TxItem } {
  const entry: OutboxEntry = { sk: `${at}#${id}`, token, output };
  return {
    entry,
    tx: {
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.outbox(entry.sk), ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  };
}

/** The start of a submission's lifecycle execution, committed with the submission itself. */
export function startItem(
  at: string,
  proposalId: string,
  submissionNo: number,
): { entry: OutboxEntry; tx: TxItem } {
  const entry: OutboxEntry = {
    sk: `${at}#start#${proposalId}-${submissionNo}`,
    kind: "start",
    proposalId,
    submissionNo,
  };
  return {
    entry,
    tx: {
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.outbox(entry.sk), ...entry },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  };
}

export async function deliver(entry: OutboxEntry): Promise<"delivered" | "gone"> {
  let outcome: "delivered" | "gone" = "delivered";
  if (entry.kind === "start") await startLifecycle(entry.proposalId, entry.submissionNo);
  else outcome = await signalTask(entry.token, entry.output);
  await doc.send(
    new DeleteCommand({ TableName: config.tableName, Key: dataKeys.outbox(entry.sk) }),
  );
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
      await deliver(
        item.kind === "start"
          ? {
              sk: String(item.sk),
              kind: "start",
              proposalId: String(item.proposalId),
              submissionNo: Number(item.submissionNo),
            }
          : { sk: String(item.sk), token: String(item.token), output: item.output },
      );
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

/** The outbox in the DataTable (partition OUTBOX), delivering to Step Functions. */
export const dynamoOutbox: Outbox = {
  stageStart(at, proposalId, submissionNo) {
    const { entry, tx } = startItem(at, proposalId, submissionNo);
    return { entry, write: pendingWrite(tx) };
  },
  stageSignal(at, id, token, output) {
    const { entry, tx } = outboxItem(at, id, token, output);
    return { entry, write: pendingWrite(tx) };
  },
  deliver,
  drain: drainOutbox,
};
