import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TableSpec } from "./template/accessors.ts";

export interface TableReport {
  name: string;
  action: "created" | "exists" | "updated";
  /** Differences from the template that cannot be fixed in place (key schema). */
  problems: string[];
}

/**
 * Creates each template table in DynamoDB Local when missing (on demand, key schema, GSIs,
 * TTL). An existing table keeps its data: missing GSIs are added; a different key schema is
 * reported, since fixing it would mean dropping the table (`npm start -- --fresh`).
 */
export async function ensureTables(
  client: DynamoDBClient,
  tables: readonly TableSpec[],
): Promise<TableReport[]> {
  return Promise.all(tables.map((table) => ensureTable(client, table)));
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

const keyText = (keys: readonly { AttributeName?: string; KeyType?: string }[] = []) =>
  keys.map((k) => `${k.AttributeName}:${k.KeyType}`).join(",");

async function ensureTable(client: DynamoDBClient, spec: TableSpec): Promise<TableReport> {
  const existing = await describe(client, spec.name);
  if (!existing) {
    // DynamoDB wants exactly the attributes of the keys being created.
    const used = new Set(
      [spec.keySchema, ...spec.globalSecondaryIndexes.map((g) => g.KeySchema ?? [])]
        .flat()
        .map((k) => k.AttributeName),
    );
    await client.send(
      new CreateTableCommand({
        TableName: spec.name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: spec.keySchema,
        AttributeDefinitions: spec.attributeDefinitions.filter((a) => used.has(a.AttributeName)),
        ...(spec.globalSecondaryIndexes.length > 0
          ? { GlobalSecondaryIndexes: spec.globalSecondaryIndexes }
          : {}),
      }),
    );
    if (spec.ttlAttribute) await enableTtl(client, spec.name, spec.ttlAttribute);
    return { name: spec.name, action: "created", problems: [] };
  }
  const problems: string[] = [];
  if (keyText(existing.KeySchema) !== keyText(spec.keySchema)) {
    problems.push(
      `table ${spec.name} has key schema ${keyText(existing.KeySchema)} but the template declares ${keyText(spec.keySchema)}; start with --fresh to recreate it`,
    );
  }
  problems.push(...indexProblems(existing, spec));
  const added = await addMissingIndexes(client, existing, spec);
  return { name: spec.name, action: added > 0 ? "updated" : "exists", problems };
}

function indexProblems(existing: TableDescription, spec: TableSpec): string[] {
  const have = new Map((existing.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
  return spec.globalSecondaryIndexes.flatMap((gsi) => {
    const current = have.get(gsi.IndexName);
    if (!current || keyText(current.KeySchema) === keyText(gsi.KeySchema)) return [];
    return [
      `index ${spec.name}.${gsi.IndexName} has key schema ${keyText(current.KeySchema)} but the template declares ${keyText(gsi.KeySchema)}; start with --fresh to recreate it`,
    ];
  });
}

async function addMissingIndexes(
  client: DynamoDBClient,
  existing: TableDescription,
  spec: TableSpec,
): Promise<number> {
  const have = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const missing = spec.globalSecondaryIndexes.filter((g) => !have.has(g.IndexName));
  // DynamoDB accepts one index creation per UpdateTable call.
  for (const gsi of missing) {
    const names = new Set(gsi.KeySchema?.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: spec.name,
        AttributeDefinitions: spec.attributeDefinitions.filter((a) => names.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: gsi }],
      }),
    );
    console.error(`tables: added missing index ${spec.name}.${gsi.IndexName}`);
  }
  return missing.length;
}

async function enableTtl(client: DynamoDBClient, table: string, attribute: string) {
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: table,
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
    }),
  );
}
