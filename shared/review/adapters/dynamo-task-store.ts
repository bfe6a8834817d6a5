import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { doc, keys, withoutKeys } from "../../aws/dynamo.ts";
import type { TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { NotFoundError, ValidationError } from "../../kernel/errors.ts";
import type { ReviewTask } from "../domain/task.ts";

/** Task item; the Step Functions task token stays in DynamoDB and never leaves this module. */
export function taskItem(t: ReviewTask, taskToken: string): Record<string, unknown> {
  return {
    ...keys.task(t.id),
    gsi1pk: `UT#${t.reviewUnitId}`,
    gsi1sk: `${t.status}#${t.dueAt}#${t.id}`,
    gsi2pk: `TASKS#${t.status}`,
    gsi2sk: `${t.dueAt}#${t.id}`,
    ...t,
    taskToken,
  };
}

function toTask(item: Record<string, unknown>): ReviewTask {
  const { taskToken: _t, ...rest } = withoutKeys<Record<string, unknown>>(item);
  return rest as unknown as ReviewTask;
}

export async function findTaskWithToken(
  id: string,
): Promise<{ task: ReviewTask; token: string } | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: keys.task(id), ConsistentRead: true }),
  );
  if (!res.Item) return undefined;
  return { task: toTask(res.Item), token: String(res.Item.taskToken ?? "") };
}

export async function loadTask(id: string): Promise<ReviewTask> {
  const found = await findTaskWithToken(id);
  if (!found) throw new NotFoundError(`task ${id} does not exist`);
  return found.task;
}

/** Transaction element: close an OPEN task with a decision, failing if it is no longer open. */
export function closeTaskItem(
  t: ReviewTask,
  patch: Pick<ReviewTask, "status"> & Partial<ReviewTask>,
): TxItem {
  const next = { ...t, ...patch };
  const names: Record<string, string> = { "#st": "status", "#g": "gsi1sk", "#g2": "gsi2pk" };
  const values: Record<string, unknown> = {
    ":open": "OPEN",
    ":st": next.status,
    ":g": `${next.status}#${next.dueAt}#${next.id}`,
    ":g2": `TASKS#${next.status}`,
  };
  const sets = ["#st = :st", "#g = :g", "#g2 = :g2"];
  for (const [k, v] of Object.entries(patch)) {
    if (k === "status" || v === undefined) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  return {
    Update: {
      TableName: config.tableName,
      Key: keys.task(t.id),
      UpdateExpression: `SET ${sets.join(", ")}`,
      ConditionExpression: "#st = :open",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Points an OPEN task at a new workflow token; false when the task is no longer open. */
export async function refreshTaskToken(id: string, taskToken: string): Promise<boolean> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: keys.task(id),
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

export async function markTask(id: string, patch: Record<string, unknown>): Promise<void> {
  const entries = Object.entries(patch);
  await doc.send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.task(id),
      UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
      ConditionExpression: "attribute_exists(pk)",
    }),
  );
}

export interface TaskPage {
  tasks: ReviewTask[];
  cursor?: string;
}

/** Tasks of a reviewing unit, by status, oldest due first (GSI1 key `UT#<unit>`). */
export async function tasksOfUnit(
  unitId: string,
  status: ReviewTask["status"] | undefined,
  limit: number,
  cursor?: string,
  assignee?: string,
): Promise<TaskPage> {
  return queryTasks("GSI1", "gsi1pk", `UT#${unitId}`, "gsi1sk", status, limit, cursor, assignee);
}

/** Tasks of one status across all units whose due time is before `dueBefore` (the sweep). */
export async function tasksDueBefore(
  status: ReviewTask["status"],
  dueBefore: string,
  limit: number,
): Promise<ReviewTask[]> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: "gsi2pk = :pk AND gsi2sk < :due",
      ExpressionAttributeValues: { ":pk": `TASKS#${status}`, ":due": dueBefore },
      Limit: limit,
    }),
  );
  return (res.Items ?? []).map(toTask);
}

async function queryTasks(
  index: string,
  pkName: string,
  pk: string,
  skName: string,
  status: string | undefined,
  limit: number,
  cursor?: string,
  assignee?: string,
): Promise<TaskPage> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: index,
      KeyConditionExpression: status
        ? `${pkName} = :pk AND begins_with(${skName}, :st)`
        : `${pkName} = :pk`,
      ExpressionAttributeValues: {
        ":pk": pk,
        ...(status ? { ":st": `${status}#` } : {}),
        ...(assignee ? { ":me": assignee } : {}),
      },
      ...(assignee ? { FilterExpression: "assignee = :me" } : {}),
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
    }),
  );
  return {
    tasks: (res.Items ?? []).map(toTask),
    ...(res.LastEvaluatedKey
      ? { cursor: Buffer.from(JSON.stringify(res.LastEvaluatedKey)).toString("base64url") }
      : {}),
  };
}

/**
 * Transaction element: changes who holds an OPEN task (claim, unclaim, reassign). The condition
 * is the holder and assignment number that were read, so two concurrent changes cannot both win.
 */
export function assignTaskItem(
  t: ReviewTask,
  patch: {
    assignee?: string;
    assigneeName?: string;
    assignmentNo?: number;
    claimedAt?: string;
    reassignedAt?: string;
    reassignedBy?: string;
  },
): TxItem {
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
      Key: keys.task(t.id),
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

/** A cursor this API handed out, or 400 (never a 500 for a client's garbage). */
function decodeCursor(cursor: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    parsed = undefined;
  }
  const ok =
    parsed !== null &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === "string");
  if (!ok) {
    throw new ValidationError("invalid cursor", [
      { field: "cursor", message: "not a cursor from this API" },
    ]);
  }
  return parsed as Record<string, string>;
}
