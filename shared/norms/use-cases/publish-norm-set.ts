import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { authorize, type ScopedActor } from "../../access/policy.ts";
import { appendEvent, type ChainHead } from "../../audit/domain/chain.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, transact } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError } from "../../kernel/errors.ts";
import { auditItem } from "../../proposals/adapters/dynamo-proposal-store.ts";
import type { TransitionContext } from "../../proposals/domain/proposal.ts";
import { publishNormSet } from "../adapters/dynamo-norm-store.ts";
import type { NormSet } from "../domain/index.ts";

async function streamHead(stream: string): Promise<ChainHead> {
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

/**
 * An admin publishes a norm set (a new set, or a new version of one).
 * 1. authorize; 2. validate and number the version (never retroactive; a province only
 *    narrows); 3. one transaction: the version (conditioned on not existing) and its audit event,
 *    chained in the set's own stream `NS#<setId>`. Two admins publishing at once: one wins.
 */
export async function publishNormSetVersion(
  actor: ScopedActor,
  tx: TransitionContext,
  body: unknown,
): Promise<NormSet> {
  authorize(actor, "norms.publish");
  const { set, items } = await publishNormSet(doc, config.tableName, body, actor, tx.at);
  const stream = `NS#${set.id}`;
  const event = appendEvent(
    await streamHead(stream),
    {
      type: "normset.published",
      from: set.version > 1 ? `v${set.version - 1}` : null,
      to: `v${set.version}`,
      data: {
        setId: set.id,
        version: set.version,
        effectiveFrom: set.effectiveFrom,
        scope: set.scope.kind,
        items: set.items.length,
      },
    },
    {
      stream,
      at: tx.at,
      actor: { id: actor.id, role: actor.role, unitId: actor.unitId },
      channel: tx.channel,
      ...(set.scope.kind === "province" ? { scope: { provinceId: set.scope.provinceId } } : {}),
    },
  );
  try {
    await transact([
      ...items,
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
      throw new ConflictError(
        `norm set ${set.id} version ${set.version} was published meanwhile; reload and retry`,
      );
    throw err;
  }
  return set;
}
