import { GetCommand, PutCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { dataKeys } from "../../tables/data-table.ts";
import type { DisbursementWaits } from "../ports.ts";

async function find(proposalId: string, consistent: boolean) {
  const res = await doc.send(
    new GetCommand({
      TableName: config.tableName,
      Key: dataKeys.disbursementWait(proposalId),
      ConsistentRead: consistent,
    }),
  );
  return res.Item?.token
    ? { token: String(res.Item.token), since: String(res.Item.since ?? "") }
    : undefined;
}

/** The AwaitDisbursement token of a proposal: item P#<id> / W#DISBURSEMENT. */
export const dynamoDisbursementWaits: DisbursementWaits = {
  find: (id) => find(id, true),
  async hold(proposalId, token, at) {
    const existing = await find(proposalId, false);
    await doc.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...dataKeys.disbursementWait(proposalId), token, since: existing?.since ?? at },
      }),
    );
    return existing ? { firstSince: existing.since } : {};
  },
  stageEnd: (proposalId) =>
    pendingWrite({
      Delete: { TableName: config.tableName, Key: dataKeys.disbursementWait(proposalId) },
    }),
};
