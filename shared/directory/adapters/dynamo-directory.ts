import { GetCommand, QueryCommand } from "../../aws/dynamo/commands.ts";
import { doc } from "../../aws/dynamo.ts";
import { pendingWrite, type TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { ValidationError } from "../../kernel/errors.ts";
import type { Role } from "../../kernel/types.ts";
import {
  DATA_QUERIES,
  dataKeys,
  PROVINCES_PARTITION,
  unitsOfProvince,
  usersOfUnit as usersOfUnitPartition,
  withoutKeys,
} from "../../tables/data-table.ts";
import { isActive } from "../domain/users.ts";
import type { Directory, DirectoryUser, Unit } from "../ports.ts";

export type { DirectoryUser, Unit } from "../ports.ts";

const UNIT_TTL_MS = 60_000;
const unitCache = new Map<string, { unit: Unit; until: number }>();

export async function findUnit(id: string): Promise<Unit | undefined> {
  const hit = unitCache.get(id);
  if (hit && hit.until > Date.now()) return hit.unit;
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: dataKeys.unit(id) }),
  );
  if (!res.Item) return undefined;
  const unit = withoutKeys<Unit>(res.Item);
  unitCache.set(id, { unit, until: Date.now() + UNIT_TTL_MS });
  return unit;
}

/** Drops a unit from this process's cache (after routing changed). */
export function invalidateUnit(id: string): void {
  unitCache.delete(id);
}

/**
 * A strongly consistent read that bypasses the cache: routing decisions (which unit reviews a
 * commune) must see an admin's change at once, in every Lambda, not after the cache expires.
 */
export async function findUnitFresh(id: string): Promise<Unit | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: dataKeys.unit(id), ConsistentRead: true }),
  );
  if (!res.Item) {
    unitCache.delete(id);
    return undefined;
  }
  const unit = withoutKeys<Unit>(res.Item);
  unitCache.set(id, { unit, until: Date.now() + UNIT_TTL_MS });
  return unit;
}

/** Transaction element: a commune's reviewing unit changes, if it is still `from` (no lost update). */
export function reviewUnitChangeItem(
  communeId: string,
  from: string | undefined,
  to: string,
): TxItem {
  return {
    Update: {
      TableName: config.tableName,
      Key: dataKeys.unit(communeId),
      UpdateExpression: "SET reviewUnitId = :to",
      ConditionExpression:
        from === undefined ? "attribute_not_exists(reviewUnitId)" : "reviewUnitId = :from",
      ExpressionAttributeValues: { ":to": to, ...(from === undefined ? {} : { ":from": from }) },
    },
  };
}

/** A commune with its reviewing unit; a clear 400 when the id is not a known commune. */
export async function getCommune(id: string): Promise<Unit & { reviewUnitId: string }> {
  const unit = await findUnit(id);
  if (unit?.kind !== "commune") {
    throw new ValidationError(`communeId ${id} is not a known commune`, [
      { field: "communeId", message: "unknown commune" },
    ]);
  }
  if (!unit.reviewUnitId) {
    throw new ValidationError(`commune ${id} has no reviewing unit configured`, [
      { field: "communeId", message: "no reviewing unit configured" },
    ]);
  }
  return unit as Unit & { reviewUnitId: string };
}

export async function listUnits(provinceId: string): Promise<Unit[]> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: DATA_QUERIES.unitsOfProvince.index,
      KeyConditionExpression: `${DATA_QUERIES.unitsOfProvince.pk} = :pk`,
      ExpressionAttributeValues: { ":pk": unitsOfProvince(provinceId) },
    }),
  );
  return (res.Items ?? []).map((i) => withoutKeys<Unit>(i));
}

/** Every province, through GSI2 (one partition of 34 items; never a Scan). */
export async function listProvinces(): Promise<Unit[]> {
  const q = DATA_QUERIES.provinces;
  const out: Unit[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: q.index,
        KeyConditionExpression: `${q.pk} = :pk`,
        ExpressionAttributeValues: { ":pk": PROVINCES_PARTITION },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) out.push(withoutKeys<Unit>(i));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function findUser(username: string): Promise<DirectoryUser | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: dataKeys.user(username) }),
  );
  return res.Item ? withoutKeys<DirectoryUser>(res.Item) : undefined;
}

const userCache = new Map<string, { user: DirectoryUser | undefined; until: number }>();

/**
 * A user's directory entry, cached for a minute like units: the identity check of every request
 * reads it to refuse a disabled user whose token has not expired yet.
 */
export async function findUserCached(username: string): Promise<DirectoryUser | undefined> {
  const hit = userCache.get(username);
  if (hit && hit.until > Date.now()) return hit.user;
  const user = await findUser(username);
  userCache.set(username, { user, until: Date.now() + UNIT_TTL_MS });
  return user;
}

/** Users of a unit having one of the roles (e.g. the approvers a review task goes to). */
export async function usersOfUnit(
  unitId: string,
  roles: readonly Role[],
  /** Also users who are not active (pending, awaiting approval, disabled): the admin pages. */
  everyStatus = false,
): Promise<DirectoryUser[]> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: DATA_QUERIES.usersOfUnit.index,
      KeyConditionExpression: `${DATA_QUERIES.usersOfUnit.pk} = :pk`,
      ExpressionAttributeValues: { ":pk": usersOfUnitPartition(unitId) },
    }),
  );
  return (res.Items ?? [])
    .map((i) => withoutKeys<DirectoryUser>(i))
    .filter((u) => roles.includes(u.role) && (everyStatus || isActive(u)));
}

/** The directory in the DataTable. */
export const dynamoDirectory: Directory = {
  findUnit,
  findUnitFresh,
  commune: getCommune,
  listUnits,
  provinces: listProvinces,
  findUser,
  usersOfUnit: (unitId, roles) => usersOfUnit(unitId, roles),
  stageReviewUnitChange: (communeId, from, to) =>
    pendingWrite(reviewUnitChangeItem(communeId, from, to)),
  forget: invalidateUnit,
};
