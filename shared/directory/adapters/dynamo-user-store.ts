import { GetCommand, UpdateCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { NATION_ID, ROLES } from "../../kernel/types.ts";
import { dataIndexKeys, dataKeys, withoutKeys } from "../../tables/data-table.ts";
import type { DirectoryUser, Unit, UnitStore, UserStore } from "../ports.ts";
import { listUnits, usersOfUnit } from "./dynamo-directory.ts";

/** The directory's users in the DataTable (USER#<username>), by unit through GSI1. */
export const dynamoUserStore: UserStore = {
  stageCreate: (u) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.user(u.username), ...dataIndexKeys.user(u), ...u },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }),
  stageStatus: (username, from, patch, at) => {
    const names: Record<string, string> = { "#s": "status" };
    const values: Record<string, unknown> = { ":to": patch.status, ":at": at };
    const sets = ["#s = :to", "updatedAt = :at"];
    if (patch.requestedBy !== undefined) {
      sets.push("requestedBy = :by");
      values[":by"] = patch.requestedBy;
    }
    if (patch.pendingOp !== undefined) {
      sets.push("pendingOp = :op");
      values[":op"] = patch.pendingOp;
    }
    let condition: string;
    if (from === "any-active") {
      // Entries seeded before statuses have none: they are active.
      condition = "attribute_exists(pk) AND (attribute_not_exists(#s) OR #s = :active)";
      values[":active"] = "active";
    } else {
      condition = "#s = :from";
      values[":from"] = from;
    }
    return pendingWrite({
      Update: {
        TableName: config.tableName,
        Key: dataKeys.user(username),
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  },
  async markActive(username, at) {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: dataKeys.user(username),
          UpdateExpression: "SET #s = :active, updatedAt = :at REMOVE pendingOp",
          ConditionExpression: "#s = :pending",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":active": "active", ":pending": "pending", ":at": at },
        }),
      );
    } catch (err) {
      // Another request completed it first: the entry is active (or was disabled since).
      if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
    }
  },
  async ofProvince(provinceId) {
    const units = await listUnits(provinceId);
    // The nation's users too: a province's admins create and approve central officers.
    const ids = [
      provinceId,
      ...units.map((u) => u.id).filter((id) => id !== provinceId),
      ...(provinceId === NATION_ID ? [] : [NATION_ID]),
    ];
    const lists = await Promise.all(ids.map((id) => usersOfUnit(id, ROLES, true)));
    return lists.flat().sort((a, b) => a.username.localeCompare(b.username));
  },
  async findFresh(username) {
    const res = await doc.send(
      new GetCommand({
        TableName: config.tableName,
        Key: dataKeys.user(username),
        ConsistentRead: true,
      }),
    );
    return res.Item ? withoutKeys<DirectoryUser>(res.Item) : undefined;
  },
};

/** Units created by an admin (UNIT#<id>, listed by province through GSI1). */
export const dynamoUnitStore: UnitStore = {
  stageCreate: (u: Unit) =>
    pendingWrite({
      Put: {
        TableName: config.tableName,
        Item: { ...dataKeys.unit(u.id), ...dataIndexKeys.unit(u), ...u },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    }),
};
