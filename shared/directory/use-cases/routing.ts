import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { authorize, type ScopedActor } from "../../access/policy.ts";
import { type AuditEvent, appendEvent } from "../../audit/domain/chain.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, transact } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../kernel/errors.ts";
import { auditItem } from "../../proposals/adapters/dynamo-proposal-store.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import {
  findUnitFresh,
  invalidateUnit,
  reviewUnitChangeItem,
  type Unit,
} from "../adapters/dynamo-directory.ts";

/**
 * Routing as data: which unit reviews a commune is the commune's `reviewUnitId`, changed by an
 * admin through the API (a province department or a cluster can take the district's role).
 */

/** The unit that reviews `communeId` now (a consistent read: a change applies to the next task). */
export async function reviewUnitFor(communeId: string): Promise<string | undefined> {
  return (await findUnitFresh(communeId))?.reviewUnitId;
}

async function chainHead(stream: string): Promise<{ seq: number; hash: string }> {
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
  const last = res.Items?.[0] as AuditEvent | undefined;
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: "" };
}

/**
 * Admin: moves a commune to another reviewing unit of its province. One transaction: the
 * commune's `reviewUnitId` (conditioned on the value read) and an audit event on `UNIT#<commune>`.
 * Tasks already open stay where they are; the next submission is routed to the new unit.
 */
export async function setReviewUnit(
  actor: ScopedActor,
  tx: TransitionContext,
  communeId: string,
  reviewUnitId: string,
): Promise<Unit> {
  authorize(actor, "units.manage");
  const commune = await findUnitFresh(communeId);
  if (!commune) throw new NotFoundError(`unit ${communeId} does not exist`);
  if (commune.kind !== "commune")
    throw new ValidationError(`unit ${communeId} is not a commune`, [
      { field: "id", message: "not a commune" },
    ]);
  const target = await findUnitFresh(reviewUnitId);
  if (!target || (target.kind !== "review_unit" && target.kind !== "province")) {
    throw new ValidationError(`unit ${reviewUnitId} is not a reviewing unit`, [
      { field: "reviewUnitId", message: "not a reviewing unit" },
    ]);
  }
  const targetProvince = target.kind === "province" ? target.id : target.provinceId;
  if (targetProvince !== commune.provinceId) {
    throw new ValidationError(`unit ${reviewUnitId} belongs to another province`, [
      { field: "reviewUnitId", message: "other province" },
    ]);
  }
  if (commune.reviewUnitId === reviewUnitId) return commune;
  const stream = `UNIT#${communeId}`;
  const event = appendEvent(
    await chainHead(stream),
    { type: "unit.review_unit_changed", from: commune.reviewUnitId ?? null, to: reviewUnitId },
    {
      stream,
      at: tx.at,
      actor: { id: actor.id, role: actor.role, unitId: actor.unitId },
      channel: tx.channel,
      scope: { provinceId: commune.provinceId, reviewUnitId, communeId },
    },
  );
  try {
    await transact([
      reviewUnitChangeItem(communeId, commune.reviewUnitId, reviewUnitId),
      {
        Put: {
          TableName: config.auditTableName,
          Item: auditItem(event),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ]);
  } catch (err) {
    if (err instanceof ConditionsFailed)
      throw new ConflictError(`the routing of ${communeId} changed meanwhile; reload and retry`);
    throw err;
  }
  invalidateUnit(communeId);
  return { ...commune, reviewUnitId };
}
