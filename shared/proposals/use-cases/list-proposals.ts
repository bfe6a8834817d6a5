import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type ScopedActor, scopeRuleOf } from "../../access/policy.ts";
import { doc, withoutKeys } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { listUnits } from "../../directory/adapters/dynamo-directory.ts";
import { ForbiddenError, ValidationError } from "../../kernel/errors.ts";
import { PROPOSAL_STATUSES, type ProposalStatus } from "../../kernel/types.ts";
import type { Proposal } from "../domain/proposal.ts";
import { proposalView } from "../views.ts";

const encode = (k: Record<string, unknown> | undefined) =>
  k ? Buffer.from(JSON.stringify(k)).toString("base64url") : undefined;

function decode(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString()) as Record<string, unknown>;
  } catch {
    throw new ValidationError("invalid cursor", [
      { field: "cursor", message: "not a cursor from this API" },
    ]);
  }
}

/**
 * Lists proposals the actor may read, always through an index (never a Scan):
 * commune officers by their commune (GSI1); reviewing units per commune they review (GSI1);
 * province roles by province and status (GSI2, status required).
 */
export async function listProposals(
  actor: ScopedActor,
  q: { status?: string; communeId?: string; limit: number; cursor?: string },
) {
  const rule = scopeRuleOf(actor.role, "proposal.read");
  if (!rule) throw new ForbiddenError(`role ${actor.role} may not list proposals`);
  if (q.status && !(PROPOSAL_STATUSES as readonly string[]).includes(q.status)) {
    throw new ValidationError(`unknown status ${q.status}`, [
      { field: "status", message: `one of ${PROPOSAL_STATUSES.join(", ")}` },
    ]);
  }
  let communeId: string | undefined;
  if (rule === "commune") communeId = actor.unitId;
  else if (rule === "reviewUnit") {
    const communes = (await listUnits(actor.provinceId)).filter(
      (u) => u.kind === "commune" && u.reviewUnitId === actor.unitId,
    );
    communeId = q.communeId ?? communes[0]?.id;
    if (!communeId || !communes.some((c) => c.id === communeId)) {
      throw new ForbiddenError("communeId must be one of the communes your unit reviews");
    }
  } else if (q.communeId) {
    communeId = q.communeId;
  }
  const res = communeId
    ? await doc.send(
        new QueryCommand({
          TableName: config.tableName,
          IndexName: "GSI1",
          KeyConditionExpression: "gsi1pk = :pk",
          ...(q.status
            ? { FilterExpression: "#s = :s", ExpressionAttributeNames: { "#s": "status" } }
            : {}),
          ExpressionAttributeValues: {
            ":pk": `C#${communeId}`,
            ...(q.status ? { ":s": q.status } : {}),
          },
          ScanIndexForward: false,
          Limit: q.limit,
          ExclusiveStartKey: decode(q.cursor),
        }),
      )
    : await doc.send(
        new QueryCommand({
          TableName: config.tableName,
          IndexName: "GSI2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: {
            ":pk": `S#${actor.provinceId}#${(q.status ?? "IN_REVIEW") as ProposalStatus}`,
          },
          ScanIndexForward: false,
          Limit: q.limit,
          ExclusiveStartKey: decode(q.cursor),
        }),
      );
  const items = (res.Items ?? []).map((i) => withoutKeys<Proposal>(i));
  const visible =
    communeId && rule === "province"
      ? items.filter((p) => p.provinceId === actor.provinceId)
      : items;
  return {
    proposals: visible.map((p) => proposalView(p)),
    ...(res.LastEvaluatedKey ? { cursor: encode(res.LastEvaluatedKey) } : {}),
  };
}
