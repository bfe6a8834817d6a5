/**
 * DynamoDB Local's raw conditional-put rate: PutItem with `attribute_not_exists(pk)` of an item
 * about the size of a proposal, `concurrency` in flight, on a scratch table of the same
 * DynamoDB Local the stack uses. This is the ceiling the stack's writes are compared with.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { pool } from "./client.ts";

export async function floorWritesPerSecond(
  dynamoUrl: string,
  concurrency: number,
  puts: number,
): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: dynamoUrl,
    region: "ap-southeast-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const table = `BenchFloor${Date.now()}`;
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
    }),
  );
  const filler = "x".repeat(600);
  const put = (i: number) =>
    client.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: `F#${i}` }, sk: { S: "F" }, body: { S: filler }, n: { N: String(i) } },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  try {
    await pool(Math.min(200, puts), concurrency, (i) => put(-1 - i));
    const started = performance.now();
    await pool(puts, concurrency, put);
    return puts / ((performance.now() - started) / 1000);
  } finally {
    await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
    client.destroy();
  }
}
