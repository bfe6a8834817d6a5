/** The norm capability's ports on the DataTable and the AuditTable. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { appendEvent, type ChainHead } from "../../audit/domain/chain.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, pendingWrite, transact } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError } from "../../kernel/errors.ts";
import { auditPut } from "../../proposals/adapters/dynamo-proposal-store.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import { dataKeys } from "../../tables/data-table.ts";
import type { NormCheckLog, NormSetStore, NormUsageStore } from "../ports.ts";
import {
  adjustmentItem,
  listNormSets,
  loadUsage,
  normSetItem,
  normSetVersions,
  reservationItems,
} from "./dynamo-norm-store.ts";

/** The head of an audit stream (its last event), read consistently. */
export async function streamHead(stream: string): Promise<ChainHead> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.auditTableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": stream },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const last = res.Items?.[0];
  return last ? { seq: Number(last.seq), hash: String(last.hash) } : { seq: 0, hash: "" };
}

export const dynamoNormSets: NormSetStore = {
  list: () => listNormSets(doc, config.tableName),
  versions: (id) => normSetVersions(doc, config.tableName, id),
  async publish(set, facts, ctx) {
    const stream = auditStreams.normSet(set.id);
    const event = appendEvent(await streamHead(stream), facts, {
      stream,
      at: ctx.at,
      actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
      channel: ctx.channel,
      ...(set.scope.kind === "province" ? { scope: { provinceId: set.scope.provinceId } } : {}),
    });
    try {
      await transact([
        {
          Put: {
            TableName: config.tableName,
            Item: normSetItem(set),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        auditPut(event),
      ]);
    } catch (err) {
      if (err instanceof ConditionsFailed)
        throw new ConflictError(
          `norm set ${set.id} version ${set.version} was published meanwhile; reload and retry`,
        );
      throw err;
    }
    return event;
  },
};

export const dynamoNormUsage: NormUsageStore = {
  load: (beneficiary) => loadUsage(doc, config.tableName, beneficiary),
  stageReservations: (proposalId, beneficiary, reservations, at) =>
    reservationItems(config.tableName, proposalId, beneficiary, reservations, at).map(pendingWrite),
  stageAdjustment: (proposalId, beneficiary, adjustment, at) =>
    pendingWrite(adjustmentItem(config.tableName, proposalId, beneficiary, adjustment, at)),
};

/** The full result of a submission's norm check: pk `P#<id>`, sk `NC#<submissionNo>`. */
export const dynamoNormCheckLog: NormCheckLog = {
  stage: (proposalId, submissionNo, result, at) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: {
          ...dataKeys.normCheck(proposalId, submissionNo),
          submissionNo,
          checkedAt: at,
          result,
        },
      },
    }),
};
