import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { dataIndexKeys, dataKeys } from "../../shared/tables/data-table.ts";
import { seedDemoRegistry } from "./registry.ts";
import { DEMO_UNITS } from "./units.ts";
import { DEMO_USERS } from "./users.ts";

/** Directory items of the demo data, keyed by the DataTable's key builders. */
export function demoItems(): Record<string, unknown>[] {
  const units = DEMO_UNITS.map((u) => ({
    ...dataKeys.unit(u.id),
    ...dataIndexKeys.unit(u),
    id: u.id,
    kind: u.kind,
    nameVi: u.nameVi,
    nameEn: u.nameEn,
    provinceId: u.provinceId,
    ...(u.parentId ? { parentId: u.parentId } : {}),
    ...(u.reviewUnitId ? { reviewUnitId: u.reviewUnitId } : {}),
    ...(u.leadUsername ? { leadUsername: u.leadUsername } : {}),
  }));
  const users = DEMO_USERS.map((u) => ({
    ...dataKeys.user(u.username),
    ...dataIndexKeys.user(u),
    username: u.username,
    name: u.name,
    email: u.email,
    role: u.role,
    unitId: u.unitId,
    provinceId: u.provinceId,
  }));
  return [...units, ...users];
}

/**
 * Writes the demo units and users into the data table, each only if missing, so that changes
 * made while the stack runs (a moved commune) survive a restart; with the audit table, the
 * registry's demo entries too (local/demo/registry.ts). Returns how many were added.
 */
export async function seedDemoData(
  client: DynamoDBClient,
  tableName: string,
  auditTableName?: string,
): Promise<number> {
  const doc = DynamoDBDocumentClient.from(client);
  const results = await Promise.all(
    demoItems().map(async (item) => {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        );
        return 1;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 0;
        throw error;
      }
    }),
  );
  // Data folders seeded before provinces were listed through GSI2: give them its keys.
  await Promise.all(
    DEMO_UNITS.filter((u) => u.kind === "province").map(async (u) => {
      const idx = dataIndexKeys.unit(u);
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: dataKeys.unit(u.id),
            UpdateExpression: "SET gsi2pk = :pk, gsi2sk = :sk",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(gsi2pk)",
            ExpressionAttributeValues: { ":pk": idx.gsi2pk, ":sk": idx.gsi2sk },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }),
  );
  const registry = auditTableName
    ? await seedDemoRegistry(client, { data: tableName, audit: auditTableName })
    : 0;
  return results.reduce<number>((a, b) => a + b, 0) + registry;
}
