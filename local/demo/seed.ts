import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { DEMO_UNITS } from "./units.ts";
import { DEMO_USERS } from "./users.ts";

/** Directory items of the demo data, keyed as docs/architecture.md lays out DataTable. */
export function demoItems(): Record<string, unknown>[] {
  const units = DEMO_UNITS.map((u) => ({
    pk: `UNIT#${u.id}`,
    sk: "UNIT",
    gsi1pk: `UNITS#${u.provinceId}`,
    gsi1sk: `${u.kind}#${u.id}`,
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
    pk: `USER#${u.username}`,
    sk: "USER",
    gsi1pk: `UU#${u.unitId}`,
    gsi1sk: `${u.role}#${u.username}`,
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
 * made while the stack runs (a moved commune) survive a restart. Returns how many were added.
 */
export async function seedDemoData(client: DynamoDBClient, tableName: string): Promise<number> {
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
  return results.reduce<number>((a, b) => a + b, 0);
}
