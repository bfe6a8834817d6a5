/**
 * Cap usage rows as the norm check keeps them (pk `USE#<kind>#<id>`, sk `<usageKey>`, `reserved`
 * and one `h#<proposalId>` attribute per holding proposal: shared/norms/adapters/dynamo-norm-store.ts),
 * read and moved for a merge or the migration. A move is two updates per row in the caller's
 * transaction: the source loses exactly the holds it had (conditioned on them), the target adds
 * them; nothing is recomputed, so the sums on both sides always add up.
 */
import { QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { HOLD_PREFIX } from "../../norms/adapters/dynamo-norm-store.ts";
import { dataKeys, dataPartitions } from "../../tables/data-table.ts";
import type { UsageRow } from "../domain/merge.ts";
import type { UsageLedger, UsageRef } from "../ports.ts";

async function rows(ref: UsageRef): Promise<UsageRow[]> {
  const out: UsageRow[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": dataPartitions.normUsage(ref.kind, ref.id) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of res.Items ?? []) {
      const holds: Record<string, number> = {};
      for (const [attr, value] of Object.entries(item)) {
        if (attr.startsWith(HOLD_PREFIX) && typeof value === "number")
          holds[attr.slice(HOLD_PREFIX.length)] = value;
      }
      out.push({
        usageKey: String(item.sk),
        reserved: typeof item.reserved === "number" ? item.reserved : 0,
        holds,
        ...(typeof item.cap === "number" ? { cap: item.cap } : {}),
        ...(typeof item.measure === "string" ? { measure: item.measure } : {}),
      });
    }
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

function transferItems(from: UsageRef, to: UsageRef, r: UsageRow, at: string): TxItem[] {
  const holds = Object.entries(r.holds);
  const names: Record<string, string> = { "#reserved": "reserved", "#updatedAt": "updatedAt" };
  const fromValues: Record<string, unknown> = { ":neg": -r.reserved, ":r": r.reserved, ":at": at };
  const toValues: Record<string, unknown> = {
    ":r": r.reserved,
    ":at": at,
    ":entity": "NormUsage",
    ":measure": r.measure ?? "dong",
  };
  const conditions = ["#reserved >= :r"];
  const removes: string[] = [];
  const sets: string[] = [];
  const absent: string[] = [];
  holds.forEach(([proposalId, amount], i) => {
    names[`#h${i}`] = `${HOLD_PREFIX}${proposalId}`;
    fromValues[`:a${i}`] = amount;
    toValues[`:a${i}`] = amount;
    conditions.push(`#h${i} = :a${i}`);
    removes.push(`#h${i}`);
    sets.push(`#h${i} = :a${i}`);
    absent.push(`attribute_not_exists(#h${i})`);
  });
  const capSet = r.cap !== undefined ? ", #cap = if_not_exists(#cap, :cap)" : "";
  if (r.cap !== undefined) toValues[":cap"] = r.cap;
  const toNames = {
    ...names,
    "#entity": "entity",
    "#measure": "measure",
    ...(r.cap !== undefined ? { "#cap": "cap" } : {}),
  };
  return [
    {
      Update: {
        TableName: config.tableName,
        Key: dataKeys.normUsage(from.kind, from.id, r.usageKey),
        UpdateExpression: `SET #updatedAt = :at ADD #reserved :neg${removes.length > 0 ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: conditions.join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: fromValues,
      },
    },
    {
      Update: {
        TableName: config.tableName,
        Key: dataKeys.normUsage(to.kind, to.id, r.usageKey),
        UpdateExpression: `SET #updatedAt = :at, #entity = :entity, #measure = if_not_exists(#measure, :measure)${capSet}${sets.length > 0 ? `, ${sets.join(", ")}` : ""} ADD #reserved :r`,
        ...(absent.length > 0 ? { ConditionExpression: absent.join(" AND ") } : {}),
        ExpressionAttributeNames: toNames,
        ExpressionAttributeValues: toValues,
      },
    },
  ];
}

export const dynamoUsageLedger: UsageLedger = {
  rows,
  stageTransfer: (from, to, list, at) =>
    list
      .filter((r) => r.reserved > 0 || Object.keys(r.holds).length > 0)
      .flatMap((r) => transferItems(from, to, r, at).map((i) => pendingWrite(i))),
};
