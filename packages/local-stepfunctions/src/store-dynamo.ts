import {
  type AttributeValue,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ResourceInUseException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { ExecSnapshot, ExecutionSummary, HistoryEvent } from "./model.ts";
import { type ExecutionStore, StoreConflictError } from "./store.ts";
import type { ExecutionStatus } from "./types.ts";

/**
 * DynamoDB store. One item per step: pk = execution ARN, sk = sequence number; the item holds the
 * step's new history events (`ev`) and the execution snapshot after the step (`sn`). The current
 * state is the item with the highest sk. Each step is ONE conditional PutItem
 * (attribute_not_exists), so two runtimes can never both write step N of one execution.
 *
 * Item 1 also carries the index attributes: `op` (sparse GSI "open": executions not yet closed)
 * and `sm`/`st`/`nm` (GSI "bySm": ListExecutions). The closing step's record and the close of
 * item 1 are one TransactWriteItems: one round trip, and never a closed execution listed open.
 */
export function createDynamoStore(opts: {
  client: DynamoDBClient;
  tableName: string;
}): ExecutionStore & { ensureTable(): Promise<void> } {
  const { client, tableName: TableName } = opts;
  let ready: Promise<void> | undefined;

  async function ensureTable(): Promise<void> {
    try {
      await client.send(new DescribeTableCommand({ TableName }));
      return;
    } catch (e) {
      if (!(e instanceof ResourceNotFoundException)) throw e;
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "N" },
            { AttributeName: "op", AttributeType: "S" },
            { AttributeName: "sm", AttributeType: "S" },
            { AttributeName: "st", AttributeType: "N" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: "open",
              KeySchema: [
                { AttributeName: "op", KeyType: "HASH" },
                { AttributeName: "pk", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "KEYS_ONLY" },
            },
            {
              IndexName: "bySm",
              KeySchema: [
                { AttributeName: "sm", KeyType: "HASH" },
                { AttributeName: "st", KeyType: "RANGE" },
              ],
              Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["nm", "fin", "sp"] },
            },
          ],
        }),
      );
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
    }
    for (let i = 0; i < 100; i++) {
      const d = await client.send(new DescribeTableCommand({ TableName }));
      if (d.Table?.TableStatus === "ACTIVE") return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Item 1 leaves the open index and records the final status for listings. */
  function closeUpdate(summary: ExecutionSummary) {
    return {
      TableName,
      Key: { pk: { S: summary.executionArn }, sk: { N: "1" } },
      UpdateExpression: "REMOVE op SET fin = :f, sp = :s",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: {
        ":f": { S: summary.status },
        ":s": { N: String(summary.stopMs ?? 0) },
      },
    };
  }

  async function queryAll(
    input: Omit<QueryCommandInput, "TableName">,
  ): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await client.send(new QueryCommand({ TableName, ...input, ExclusiveStartKey }));
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  return {
    ensureTable,
    init() {
      if (!ready) {
        ready = ensureTable().catch((e) => {
          ready = undefined;
          throw e;
        });
      }
      return ready;
    },
    async append(rec) {
      const s = rec.snapshot;
      const Item: Record<string, AttributeValue> = {
        pk: { S: rec.arn },
        sk: { N: String(rec.seq) },
        ev: { S: JSON.stringify(rec.events) },
        sn: { S: JSON.stringify(s) },
      };
      if (rec.seq === 1) {
        if (rec.close) {
          Item.fin = { S: rec.close.status };
          Item.sp = { N: String(rec.close.stopMs ?? 0) };
        } else Item.op = { S: "OPEN" };
        Item.sm = { S: s.smArn };
        Item.st = { N: String(s.startMs) };
        Item.nm = { S: s.name };
      }
      const put = { TableName, Item, ConditionExpression: "attribute_not_exists(pk)" };
      try {
        if (rec.close && rec.seq > 1) {
          await client.send(
            new TransactWriteItemsCommand({
              TransactItems: [{ Put: put }, { Update: closeUpdate(rec.close) }],
            }),
          );
        } else await client.send(new PutItemCommand(put));
      } catch (e) {
        if (
          e instanceof ConditionalCheckFailedException ||
          (e instanceof TransactionCanceledException &&
            e.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed")
        )
          throw new StoreConflictError(rec.arn, rec.seq);
        throw e;
      }
    },
    async markClosed(summary) {
      await client.send(new UpdateItemCommand(closeUpdate(summary)));
    },
    async load(arn) {
      const out = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: "pk = :a",
          ExpressionAttributeValues: { ":a": { S: arn } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
          ProjectionExpression: "sn",
        }),
      );
      const sn = out.Items?.[0]?.sn?.S;
      return sn ? (JSON.parse(sn) as ExecSnapshot) : undefined;
    },
    async history(arn) {
      const items = await queryAll({
        KeyConditionExpression: "pk = :a",
        ExpressionAttributeValues: { ":a": { S: arn } },
        ConsistentRead: true,
        ProjectionExpression: "ev",
      });
      const events: HistoryEvent[] = [];
      for (const it of items)
        for (const e of JSON.parse(it.ev?.S ?? "[]") as HistoryEvent[]) events.push(e);
      return events;
    },
    async listOpen() {
      const items = await queryAll({
        IndexName: "open",
        KeyConditionExpression: "op = :o",
        ExpressionAttributeValues: { ":o": { S: "OPEN" } },
      });
      return items.map((i) => i.pk?.S ?? "").filter((a) => a !== "");
    },
    async list(smArn) {
      const items = await queryAll({
        IndexName: "bySm",
        KeyConditionExpression: "sm = :s",
        ExpressionAttributeValues: { ":s": { S: smArn } },
        ScanIndexForward: false,
      });
      return items.map(
        (i): ExecutionSummary => ({
          executionArn: i.pk?.S ?? "",
          stateMachineArn: smArn,
          name: i.nm?.S ?? "",
          status: (i.fin?.S ?? "RUNNING") as ExecutionStatus,
          startMs: Number(i.st?.N ?? 0),
          ...(i.sp?.N ? { stopMs: Number(i.sp.N) } : {}),
        }),
      );
    },
  };
}
