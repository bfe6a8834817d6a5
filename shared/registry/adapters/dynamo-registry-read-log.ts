import { auditPut } from "../../audit/adapters/dynamo-audit-log.ts";
import { appendEvent } from "../../audit/domain/chain.ts";
import { GetCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { transact } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { auditStreams } from "../../tables/audit-table.ts";
import { dataKeys } from "../../tables/data-table.ts";
import type { Beneficiary } from "../domain/beneficiary.ts";
import type { RegistryReadLog } from "../ports.ts";

/**
 * Every read of an entry's personal data (a survivor case, a trusted address's host) is an
 * audit event in the entry's own read chain (stream `BR#<id>`), so reading never bumps the
 * entry's version; head and event in one transaction, conditioned on the head not having moved.
 */
export async function recordEntryRead(b: Beneficiary, tx: TransitionContext): Promise<void> {
  const headKey = dataKeys.beneficiaryReadHead(b.id);
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await doc.send(
      new GetCommand({ TableName: config.tableName, Key: headKey, ConsistentRead: true }),
    );
    const head = { seq: Number(res.Item?.seq ?? 0), hash: String(res.Item?.hash ?? "") };
    const event = appendEvent(
      head,
      { type: "personal.read", from: b.state, to: b.state, data: { kind: b.kind, fields: "all" } },
      {
        stream: auditStreams.beneficiaryReads(b.id),
        at: tx.at,
        actor: { id: tx.actor.id, role: tx.actor.role, unitId: tx.actor.unitId },
        channel: tx.channel,
        scope: { provinceId: b.provinceId, communeId: b.communeId },
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

export const dynamoRegistryReadLog: RegistryReadLog = { record: recordEntryRead };
