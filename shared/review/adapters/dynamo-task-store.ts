import { GetCommand, QueryCommand, UpdateCommand } from "../../aws/dynamo/commands.ts";
import { ConditionalCheckFailedException } from "../../aws/dynamo/errors.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { nextCursorOf, startKeyOf } from "../../tables/cursor.ts";
import {
  DATA_QUERIES,
  dataIndexKeys,
  dataKeys,
  tasksInStatus,
  tasksOfUnit,
  withoutKeys,
} from "../../tables/data-table.ts";
import type { HolderPatch, ReviewTask, TaskClosing, TaskMarks } from "../domain/task.ts";
import type { TaskStore, TaskWithToken } from "../ports.ts";

/** Task item; the Step Functions task token stays in DynamoDB and never leaves this module. */
export function taskItem(t: ReviewTask, taskToken: string): Record<string, unknown> {
  return { ...dataKeys.task(t.id), ...dataIndexKeys.task(t), ...t, taskToken };
}

function toTask(item: Record<string, unknown>): ReviewTask {
  const { taskToken: _t, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return rest as unknown as ReviewTask;
}

async function findWithToken(id: string): Promise<TaskWithToken | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: dataKeys.task(id), ConsistentRead: true }),
  );
  if (!res.Item) return undefined;
  return { task: toTask(res.Item), token: String(res.Item.taskToken ?? "") };
}

/** Transaction element: creates the task, failing if it exists. */
function createItem(t: ReviewTask, token: string): TxItem {
  return {
    Put: {
      TableName: config.tableName,
      Item: taskItem(t, token),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/**
 * Transaction element: ends an OPEN task (decided, expired, cancelled), failing if it is no
 * longer open. Its index keys move with its status (the inbox and the sweep read by status).
 */
export function closeTaskItem(t: ReviewTask, closing: TaskClosing): TxItem {
  const idx = dataIndexKeys.task({ ...t, status: closing.status });
  const names: Record<string, string> = { "#st": "status", "#g": "gsi1sk", "#g2": "gsi2pk" };
  const values: Record<string, unknown> = {
    ":open": "OPEN",
    ":st": closing.status,
    ":g": idx.gsi1sk,
    ":g2": idx.gsi2pk,
  };
  const sets = ["#st = :st", "#g = :g", "#g2 = :g2"];
  for (const [k, v] of Object.entries(closing)) {
    if (k === "status" || v === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  return {
    Update: {
      TableName: config.tableName,
      Key: dataKeys.task(t.id),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "#st = :open",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * Transaction element: changes who holds an OPEN task (claim, unclaim, reassign). The condition
 * is the holder and assignment number that were read, so two concurrent changes cannot both win.
 */
export function holderItem(t: ReviewTask, patch: HolderPatch): TxItem {
  const names: Record<string, string> = {
    "#st": "status",
    "#as": "assignee",
    "#an": "assignmentNo",
  };
  const values: Record<string, unknown> = { ":open": "OPEN" };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    names[`#${k}`] = k;
    if (v === undefined) removes.push(`#${k}`);
    else {
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
  }
  const conditions = ["#st = :open"];
  if (t.assignee) {
    values[":was"] = t.assignee;
    conditions.push("#as = :was");
  } else conditions.push("attribute_not_exists(#as)");
  if (t.assignmentNo) {
    values[":no"] = t.assignmentNo;
    conditions.push("#an = :no");
  } else conditions.push("attribute_not_exists(#an)");
  return {
    Update: {
      TableName: config.tableName,
      Key: dataKeys.task(t.id),
      UpdateExpression: [
        sets.length ? `SET ${sets.join(", ")}` : "",
        removes.length ? `REMOVE ${removes.join(", ")}` : "",
      ]
        .join(" ")
        .trim(),
      ConditionExpression: conditions.join(" AND "),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

async function refreshToken(id: string, taskToken: string): Promise<boolean> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: dataKeys.task(id),
        UpdateExpression: "SET taskToken = :t",
        ConditionExpression: "#st = :open",
        ExpressionAttributeNames: { "#st": "status" },
        ExpressionAttributeValues: { ":t": taskToken, ":open": "OPEN" },
      }),
    );
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

async function mark(id: string, marks: TaskMarks): Promise<void> {
  const entries = Object.entries(marks).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  await doc.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: dataKeys.task(id),
      UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      ConditionExpression: "attribute_exists(pk)",
    }),
  );
}

const UNIT_QUERY = DATA_QUERIES.tasksOfUnit;
const STATUS_QUERY = DATA_QUERIES.tasksInStatus;

/** Review tasks in the DataTable (T#<id>/T; GSI1 by unit, status and due date; GSI2 by status). */
export const dynamoTaskStore: TaskStore = {
  async find(id) {
    return (await findWithToken(id))?.task;
  },
  findWithToken,
  stageCreate: (t, token) => pendingWrite(createItem(t, token)),
  stageClose: (t, closing) => pendingWrite(closeTaskItem(t, closing)),
  stageHolder: (t, patch) => pendingWrite(holderItem(t, patch)),
  refreshToken,
  mark,
  async ofUnit(unitId, filter, page) {
    const partition = tasksOfUnit(unitId);
    const shape = {
      attrs: ["pk", "sk", UNIT_QUERY.pk, UNIT_QUERY.sk],
      fixed: { [UNIT_QUERY.pk]: partition },
    };
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: UNIT_QUERY.index,
        KeyConditionExpression: filter.status
          ? `${UNIT_QUERY.pk} = :pk AND begins_with(${UNIT_QUERY.sk}, :st)`
          : `${UNIT_QUERY.pk} = :pk`,
        ExpressionAttributeValues: {
          ":pk": partition,
          ...(filter.status ? { ":st": `${filter.status}#` } : {}),
          ...(filter.assignee ? { ":me": filter.assignee } : {}),
        },
        ...(filter.assignee ? { FilterExpression: "assignee = :me" } : {}),
        Limit: page.limit,
        ExclusiveStartKey: startKeyOf(page.cursor, page.scope, shape),
      }),
    );
    const cursor = nextCursorOf(page.scope, res.LastEvaluatedKey);
    return { tasks: (res.Items ?? []).map(toTask), ...(cursor ? { cursor } : {}) };
  },
  async dueBefore(status, dueBefore, limit) {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: STATUS_QUERY.index,
        KeyConditionExpression: `${STATUS_QUERY.pk} = :pk AND ${STATUS_QUERY.sk} < :due`,
        ExpressionAttributeValues: { ":pk": tasksInStatus(status), ":due": dueBefore },
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map(toTask);
  },
};
