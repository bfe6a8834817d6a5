import { auditPut } from "../../audit/adapters/dynamo-audit-log.ts";
import { appendEvent } from "../../audit/domain/chain.ts";
import { GetCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { transact } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import type { Proposal, TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import { dataKeys } from "../../tables/data-table.ts";
import type { PersonalReadLog } from "../ports.ts";

/**
 * Every read of a survivor's personal data is an audit event. Reads have their own chain
 * (stream `PR#<proposalId>`) so that reading never bumps the proposal's version; the chain head
 * and the event are written in one transaction, conditioned on the head not having moved.
 */
export async function recordPersonalRead(
  p: Proposal,
  tx: TransitionContext,
  what: Record<string, unknown> = { fields: "all" },
): Promise<void> {
  const headKey = dataKeys.personalReadHead(p.id);
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await doc.send(
      new GetCommand({ TableName: config.tableName, Key: headKey, ConsistentRead: true }),
    );
    const head = { seq: Number(res.Item?.seq ?? 0), hash: String(res.Item?.hash ?? "") };
    const event = appendEvent(
      head,
      { type: "personal.read", from: p.status, to: p.status, data: what },
      {
        stream: auditStreams.personalReads(p.id),
        at: tx.at,
        actor: { id: tx.actor.id, role: tx.actor.role, unitId: tx.actor.unitId },
        channel: tx.channel,
        scope: { provinceId: p.provinceId, reviewUnitId: p.reviewUnitId, communeId: p.communeId },
      },
    );
    try {
      await transact([
        {
          Put: {
            TableName: config.tableName,
            Item: { ...headKey, seq: event.seq, hash: event.hash },
            ConditionExpression: head.seq === 0 ? "attribute_not_exists(pk)" : "seq = :s",
            ...(head.seq === 0 ? {} : { ExpressionAttributeValues: { ":s": head.seq } }),
          },
        },
        auditPut(event),
      ]);
      return;
    } catch (err) {
      if ((err as Error).name !== "ConditionsFailed") throw err;
    }
  }
  throw new Error("could not record the personal-data read; refusing to return the data");
}

/** The personal-data read log in the DataTable (head) and the AuditTable (events). */
export const dynamoPersonalReadLog: PersonalReadLog = { record: recordPersonalRead };
