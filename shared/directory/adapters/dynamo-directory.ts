import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { doc, keys, withoutKeys } from "../../aws/dynamo.ts";
import type { TxItem } from "../../aws/transact.ts";
import { config } from "../../config.ts";
import { NotFoundError, ValidationError } from "../../kernel/errors.ts";
import type { Role } from "../../kernel/types.ts";

/** Administrative and Union units. Codes are data (imported from the official list), not code. */
export interface Unit {
  id: string;
  kind: "province" | "review_unit" | "commune";
  nameVi: string;
  nameEn: string;
  provinceId: string;
  parentId?: string;
  /** Communes only: the unit that reviews their proposals (routing as data). */
  reviewUnitId?: string;
  leadUsername?: string;
}

export interface DirectoryUser {
  username: string;
  name: string;
  email: string;
  role: Role;
  unitId: string;
  provinceId: string;
}

const UNIT_TTL_MS = 60_000;
const unitCache = new Map<string, { unit: Unit; until: number }>();

export async function findUnit(id: string): Promise<Unit | undefined> {
  const hit = unitCache.get(id);
  if (hit && hit.until > Date.now()) return hit.unit;
  const res = await doc.send(new GetCommand({ TableName: config.tableName, Key: keys.unit(id) }));
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
    new GetCommand({ TableName: config.tableName, Key: keys.unit(id), ConsistentRead: true }),
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
      Key: keys.unit(communeId),
      UpdateExpression: "SET reviewUnitId = :to",
      ConditionExpression:
        from === undefined ? "attribute_not_exists(reviewUnitId)" : "reviewUnitId = :from",
      ExpressionAttributeValues: { ":to": to, ...(from === undefined ? {} : { ":from": from }) },
    },
  };
}

export async function getUnit(id: string): Promise<Unit> {
  const unit = await findUnit(id);
  if (!unit) throw new NotFoundError(`unit ${id} does not exist`);
  return unit;
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
      IndexName: "GSI1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": `UNITS#${provinceId}` },
    }),
  );
  return (res.Items ?? []).map((i) => withoutKeys<Unit>(i));
}

export async function findUser(username: string): Promise<DirectoryUser | undefined> {
  const res = await doc.send(
    new GetCommand({ TableName: config.tableName, Key: keys.user(username) }),
  );
  return res.Item ? withoutKeys<DirectoryUser>(res.Item) : undefined;
}

/** Users of a unit having one of the roles (e.g. the approvers a review task goes to). */
export async function usersOfUnit(
  unitId: string,
  roles: readonly Role[],
): Promise<DirectoryUser[]> {
  const res = await doc.send(
    new QueryCommand({
      TableName: config.tableName,
      IndexName: "GSI1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": `UU#${unitId}` },
    }),
  );
  return (res.Items ?? [])
    .map((i) => withoutKeys<DirectoryUser>(i))
    .filter((u) => roles.includes(u.role));
}
