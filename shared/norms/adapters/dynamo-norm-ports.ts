/** The norm capability's ports on the DataTable and the AuditTable. */

import { type AuditEvent, appendEvent, type ChainHead } from "../../audit/domain/chain.ts";
import { GetCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, pendingWrite, transact } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError } from "../../kernel/errors.ts";
import { randomUUID } from "../../kernel/node-crypto.ts";
import { auditPut } from "../../proposals/adapters/dynamo-proposal-store.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import {
  DATA_QUERIES,
  dataIndexKeys,
  dataKeys,
  NORM_SET_DRAFTS_PARTITION,
  withoutKeys,
} from "../../tables/data-table.ts";
import { packJson } from "../../tables/packed.ts";
import type { NormSetDraftRecord } from "../domain/drafts.ts";
import type { NormSet } from "../domain/types.ts";
import type { NormCheckLog, NormSetDrafts, NormSetStore, NormUsageStore } from "../ports.ts";
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

/** The next event of a norm set's stream (NS#<setId>), scoped to its province if it has one. */
async function setEvent(
  setId: string,
  scope: NormSet["scope"],
  facts: AuditFacts,
  ctx: TransitionContext,
): Promise<AuditEvent> {
  const stream = auditStreams.normSet(setId);
  return appendEvent(await streamHead(stream), facts, {
    stream,
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    ...(scope.kind === "province" ? { scope: { provinceId: scope.provinceId } } : {}),
  });
}

const draftItem = (d: NormSetDraftRecord) => ({
  ...dataKeys.normSetDraft(d.draftId),
  ...dataIndexKeys.normSetDraft(d),
  entity: "NormSetDraft",
  ...d,
});

export const dynamoNormSetDrafts: NormSetDrafts = {
  newDraftId: () => randomUUID(),
  async find(draftId) {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.normSetDraft(draftId),
        ConsistentRead: true,
      }),
    );
    return res.Item ? withoutKeys<NormSetDraftRecord & { entity?: string }>(res.Item) : undefined;
  },
  async list(limit) {
    const q = DATA_QUERIES.normSetDrafts;
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: q.index,
        KeyConditionExpression: `${q.pk} = :pk`,
        ExpressionAttributeValues: { ":pk": NORM_SET_DRAFTS_PARTITION },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map((i) => withoutKeys<NormSetDraftRecord>(i));
  },
  async save(d, facts, ctx) {
    const event = await setEvent(d.setId, d.scope, facts, ctx);
    try {
      await transact([
        {
          Put: {
            TableName: config.tableName,
            Item: draftItem(d),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        auditPut(event),
      ]);
    } catch (err) {
      if (err instanceof ConditionsFailed)
        throw new ConflictError(`norm set ${d.setId} changed meanwhile; retry`);
      throw err;
    }
    return event;
  },
  async approve(d, set, facts, ctx) {
    const event = await setEvent(set.id, set.scope, facts, ctx);
    try {
      await transact([
        {
          Put: {
            TableName: config.tableName,
            Item: normSetItem(set),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName: config.tableName,
            Item: draftItem(d),
            ConditionExpression: "#s = :pending",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":pending": "pending" },
          },
        },
        auditPut(event),
      ]);
    } catch (err) {
      if (err instanceof ConditionsFailed)
        throw new ConflictError(
          `norm set ${set.id} version ${set.version} or its draft changed meanwhile (already approved?); reload`,
        );
      throw err;
    }
    return event;
  },
};

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

/**
 * The full result of a submission's norm check: pk `P#<id>`, sk `NC#<submissionNo>`, the result
 * as packed JSON (`resultBr`, shared/tables/packed.ts; items written before it carry `result`).
 */
export const dynamoNormCheckLog: NormCheckLog = {
  stage: (proposalId, submissionNo, result, at) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: {
          ...dataKeys.normCheck(proposalId, submissionNo),
          submissionNo,
          checkedAt: at,
          resultBr: packJson(result),
        },
      },
    }),
};
