import { QueryCommand, ScanCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { config } from "../../config.ts";
import { AUDIT_INDEXES, auditKeys } from "../../tables/audit-table.ts";
import type { ChainHead } from "../domain/chain.ts";
import type { StreamHead } from "../domain/digest.ts";
import type { ChainHeads } from "../ports.ts";

/** The hours (byHour partitions) that [from, to) touches. */
export function hoursBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const start = Date.parse(`${auditKeys.hour(from)}:00:00.000Z`);
  const end = Date.parse(to);
  for (let t = start; t < end; t += 3_600_000) out.push(auditKeys.hour(new Date(t).toISOString()));
  return out;
}

/** The AuditTable as the digest reads it. */
export const dynamoChainHeads: ChainHeads = {
  async changedStreams(from, to) {
    const streams = new Set<string>();
    for (const hour of hoursBetween(from, to)) {
      let start: Record<string, unknown> | undefined;
      do {
        const res = await doc.send(
          new QueryCommand({
            TableName: config.auditTableName,
            IndexName: "byHour",
            // atId starts with the event's time: BETWEEN from AND to is [from, to).
            KeyConditionExpression: "#h = :h AND atId BETWEEN :from AND :to",
            ExpressionAttributeNames: { "#h": AUDIT_INDEXES.byHour },
            ExpressionAttributeValues: { ":h": hour, ":from": from, ":to": to },
            ProjectionExpression: "pk",
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of res.Items ?? []) streams.add(String(item.pk));
        start = res.LastEvaluatedKey;
      } while (start);
    }
    return [...streams];
  },

  async allHeads() {
    const heads = new Map<string, StreamHead>();
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(
        new ScanCommand({
          TableName: config.auditTableName,
          ProjectionExpression: "pk, seq, #h",
          ExpressionAttributeNames: { "#h": "hash" },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of res.Items ?? []) {
        const stream = String(item.pk);
        const seq = Number(item.seq);
        const seen = heads.get(stream);
        if (!seen || seq > seen.seq) heads.set(stream, { stream, seq, hash: String(item.hash) });
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return [...heads.values()];
  },

  async head(stream): Promise<ChainHead> {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.auditTableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": stream },
        ProjectionExpression: "seq, #h",
        ExpressionAttributeNames: { "#h": "hash" },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = res.Items?.[0];
    return last ? { seq: Number(last.seq), hash: String(last.hash) } : { seq: 0, hash: "" };
  },
};
