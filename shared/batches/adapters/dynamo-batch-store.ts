import { dynamoAuditLog } from "../../audit/adapters/dynamo-audit-log.ts";
import type { AuditEvent } from "../../audit/domain/chain.ts";
import { GetCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { ConditionsFailed, pendingWrite } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ConflictError, StaleVersionError } from "../../kernel/errors.ts";
import { randomUUID } from "../../kernel/node-crypto.ts";
import { auditStreams, eventOfItem } from "../../tables/audit-table.ts";
import { nextCursorOf, startKeyOf } from "../../tables/cursor.ts";
import {
  batchesOfCommune,
  DATA_QUERIES,
  dataIndexKeys,
  dataKeys,
  withoutKeys,
} from "../../tables/data-table.ts";
import type { Batch } from "../domain/batch.ts";
import type { BatchStore } from "../ports.ts";

async function findBatch(id: string): Promise<Batch | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: dataKeys.batch(id), ConsistentRead: true }),
  );
  return res.Item ? withoutKeys<Batch>(res.Item) : undefined;
}

/** Batches in the DataTable (BATCH#<id>/BATCH, GSI1 BA#<communeId>), events in stream BA#<id>. */
export const dynamoBatchStore: BatchStore = {
  newId: () => `B-${randomUUID()}`,
  find: findBatch,
  async save(before, change, tx) {
    const b = change.next;
    const put = pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.batch(b.id), ...dataIndexKeys.batch(b), ...b },
        ...(before
          ? {
              ConditionExpression: "#v = :v",
              ExpressionAttributeNames: { "#v": "version" },
              ExpressionAttributeValues: { ":v": before.version },
            }
          : { ConditionExpression: "attribute_not_exists(pk)" }),
      },
    });
    try {
      await dynamoAuditLog.append(
        auditStreams.batch(b.id),
        change.event,
        tx,
        { communeId: b.communeId, reviewUnitId: b.reviewUnitId, provinceId: b.provinceId },
        [put],
      );
    } catch (err) {
      if (!(err instanceof ConditionsFailed)) throw err;
      if (!before) throw new ConflictError(`batch ${b.id} already exists`);
      const now = await findBatch(b.id);
      throw new StaleVersionError(
        `batch ${b.id} changed meanwhile (now version ${now?.version ?? "?"}); reload and retry`,
        now?.version ?? before.version,
      );
    }
    return b;
  },
  async history(id) {
    const out: AuditEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(
        new QueryCommand({
          TableName: config.auditTableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": auditStreams.batch(id) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of res.Items ?? []) out.push(eventOfItem<AuditEvent>(i));
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  },
  async ofCommune(communeId, page) {
    const q = DATA_QUERIES.batchesOfCommune;
    const partition = batchesOfCommune(communeId);
    const shape = { attrs: ["pk", "sk", q.pk, q.sk], fixed: { [q.pk]: partition } };
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: q.index,
        KeyConditionExpression: `${q.pk} = :pk`,
        ExpressionAttributeValues: { ":pk": partition },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: startKeyOf(page.cursor, page.scope, shape),
      }),
    );
    const cursor = nextCursorOf(page.scope, res.LastEvaluatedKey);
    return {
      batches: (res.Items ?? []).map((i) => withoutKeys<Batch>(i)),
      ...(cursor ? { cursor } : {}),
    };
  },
};
