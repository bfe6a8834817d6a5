/**
 * One monitoring record and its audit event in one transaction: the record's Put conditioned on
 * the version read (or on absence), the event chained to the record's head (auditSeq, auditHash)
 * and refused if its sequence number is taken, plus staged writes of other ports.
 */
import { type AuditEvent, appendEvent } from "../../audit/domain/chain.ts";
import { ConditionsFailed, type TxItem, transact, txItemsOf } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError, StaleVersionError } from "../../kernel/errors.ts";
import type { PendingWrite } from "../../kernel/pending-write.ts";
import { auditPut } from "../../proposals/adapters/dynamo-proposal-store.ts";
import type { AuditFacts } from "../../proposals/domain/lifecycle.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import type { AuditScope } from "../ports.ts";

export interface Chained {
  version: number;
  auditSeq: number;
  auditHash: string;
}

export function chainEvent(
  stream: string,
  head: { auditSeq: number; auditHash: string } | undefined,
  facts: AuditFacts,
  ctx: TransitionContext,
  scope: AuditScope,
): AuditEvent {
  return appendEvent({ seq: head?.auditSeq ?? 0, hash: head?.auditHash ?? "" }, facts, {
    stream,
    at: ctx.at,
    actor: { id: ctx.actor.id, role: ctx.actor.role, unitId: ctx.actor.unitId },
    channel: ctx.channel,
    scope,
  });
}

/**
 * Writes `item` (already keyed, carrying the new version) with its event. A lost race on the
 * record is a StaleVersionError (ConflictError for a record that appeared meanwhile); a failed
 * staged condition is ConditionsFailed with indexes into `extra`.
 */
export async function putChained(
  item: Record<string, unknown> & Chained,
  before: Chained | undefined,
  event: AuditEvent,
  what: string,
  extra: readonly PendingWrite[] = [],
): Promise<void> {
  const items: TxItem[] = [
    {
      Put: {
        TableName: config.tableName,
        Item: item,
        ...(before
          ? {
              ConditionExpression: "#v = :v",
              ExpressionAttributeNames: { "#v": "version" },
              ExpressionAttributeValues: { ":v": before.version },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    },
    auditPut(event),
    ...txItemsOf(extra),
  ];
  try {
    await transact(items);
  } catch (err) {
    if (!(err instanceof ConditionsFailed)) throw err;
    if (err.failed.includes(0) || err.failed.includes(1)) {
      if (!before) throw new ConflictError(`${what} was created meanwhile; reload and retry`);
      throw new StaleVersionError(`${what} changed meanwhile; reload and retry`, before.version);
    }
    throw new ConditionsFailed(err.failed.map((i) => i - 2));
  }
}
