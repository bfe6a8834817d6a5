import { QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, type TxItem, transact, txItemsOf } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError } from "../../kernel/errors.ts";
import { auditIndexAttributes, auditKeys } from "../../tables/audit-table.ts";
import { type AuditEvent, appendEvent, type ChainHead } from "../domain/chain.ts";
import type { AuditLog } from "../ports.ts";

/**
 * Writing to the AuditTable: the one place that turns an event into an item and a Put that can
 * never overwrite. Every change's transaction appends its event through `auditPut`.
 */

/** An audit event as an AuditTable item: its key, its time order and its hour (the digest's index). */
export function auditItem(e: AuditEvent): Record<string, unknown> {
  return { ...auditKeys.event(e.stream, e.seq), ...auditIndexAttributes(e), ...e };
}

/** The Put of an audit event, refused if the sequence number is taken (no overwrite, ever). */
export function auditPut(e: AuditEvent): TxItem {
  return {
    Put: {
      TableName: config.auditTableName,
      Item: auditItem(e),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** The last event of a stream (a strongly consistent read), or the empty head. */
export async function lastEventHead(stream: string): Promise<ChainHead> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.auditTableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": auditKeys.partition(stream) },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const last = res.Items?.[0] as AuditEvent | undefined;
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: "" };
}

const MAX_APPEND_ATTEMPTS = 5;

/** Streams chained on their last event, in the AuditTable. */
export const dynamoAuditLog: AuditLog = {
  async append(stream, facts, tx, scope, extra = []) {
    const staged = txItemsOf(extra);
    for (let attempt = 1; ; attempt++) {
      const event = appendEvent(await lastEventHead(stream), facts, {
        stream,
        at: tx.at,
        actor: { id: tx.actor.id, role: tx.actor.role, unitId: tx.actor.unitId },
        channel: tx.channel,
        scope,
      });
      try {
        await transact([auditPut(event), ...staged]);
        return event;
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
        const theirs = err.failed.filter((i) => i > 0).map((i) => i - 1);
        if (theirs.length > 0) throw new ConditionsFailed(theirs);
        // Only the sequence number was taken: another event of this stream came first.
        if (attempt >= MAX_APPEND_ATTEMPTS)
          throw new ConflictError(`the audit stream ${stream} is busy; retry shortly`);
      }
    }
  },
};
