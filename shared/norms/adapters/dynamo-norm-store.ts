/**
 * Norm sets and norm usage in the DataTable (docs/architecture.md):
 * - a norm set version: pk `NS#<setId>`, sk `V#<0001>`, GSI1 `NORMSETS` / `<effectiveFrom>#<setId>#<0001>`;
 * - a beneficiary's usage of a cap: pk `USE#<beneficiaryKind>#<beneficiaryId>`, sk `<usageKey>`,
 *   `reserved` (the sum) and one `h#<proposalId>` attribute per holding proposal.
 *
 * Holds are top-level attributes rather than a `holds` map because DynamoDB cannot create a map
 * and set a key inside it in one update expression: with top-level holds the first reservation
 * of a key and every later one are the same single conditional update, so concurrent approvals
 * need no "create the row first" step. `loadUsage` returns them as a `holds` map.
 *
 * Writes are returned as TransactWriteItems for the caller to put in one transaction with the
 * proposal's transition and its audit event.
 */

import type { DynamoDBDocumentClient } from "../../aws/dynamo/client.ts";
import {
  QueryCommand,
  type QueryCommandInput,
  type TransactWriteItem,
} from "../../aws/dynamo/commands.ts";
import { clock } from "../../clock.ts";
import type { Actor } from "../../kernel/types.ts";
import {
  DATA_QUERIES,
  dataIndexKeys,
  dataKeys,
  dataPartitions,
  NORM_SETS_PARTITION,
} from "../../tables/data-table.ts";
import { prepareNormSetVersion } from "../domain/publish.ts";
import { normSetSchema } from "../domain/schema.ts";
import { SHIPPED_NORM_SETS } from "../domain/shipped.ts";
import type { NormSet, Reservation, UsageEntry, UsageSnapshot } from "../domain/types.ts";
import type { BeneficiaryRef } from "../ports.ts";

/** Prefix of the attribute that holds one proposal's amount on a usage row. */
export const HOLD_PREFIX = "h#";

export type { BeneficiaryRef } from "../ports.ts";

/** The stored form of a version: its keys, then the set's own fields. */
export function normSetItem(set: NormSet): Record<string, unknown> {
  return {
    ...dataKeys.normSet(set.id, set.version),
    ...dataIndexKeys.normSet(set),
    entity: "NormSet",
    ...set,
  };
}

/** Reads a stored version back; a row that no longer passes the schema is an error, not data. */
function fromItem(item: Record<string, unknown>): NormSet {
  const parsed = normSetSchema.safeParse(item);
  if (!parsed.success) {
    throw new Error(
      `stored norm set ${String(item.pk)} ${String(item.sk)} is invalid: ${parsed.error.issues[0]?.message ?? "unknown"}`,
    );
  }
  return parsed.data;
}

async function queryAll(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(
      new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    out.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Shipped sets overlaid with stored ones (a stored version of the same id+version wins). */
function merge(stored: readonly NormSet[]): NormSet[] {
  const byKey = new Map<string, NormSet>();
  for (const s of [...SHIPPED_NORM_SETS, ...stored]) byKey.set(`${s.id}#${s.version}`, s);
  return [...byKey.values()].sort(
    (a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom) ||
      a.id.localeCompare(b.id) ||
      a.version - b.version,
  );
}

/**
 * Every norm set version: the shipped ones and those published through the API, ordered by
 * start date, id and version. Reads GSI1, so a version published a moment ago may be missing
 * (eventual consistency); `normSetVersions` reads one set consistently.
 */
export async function listNormSets(doc: DynamoDBDocumentClient, table: string): Promise<NormSet[]> {
  const items = await queryAll(doc, {
    TableName: table,
    IndexName: DATA_QUERIES.normSets.index,
    KeyConditionExpression: `${DATA_QUERIES.normSets.pk} = :pk`,
    ExpressionAttributeValues: { ":pk": NORM_SETS_PARTITION },
  });
  return merge(items.map(fromItem));
}

/** All versions of one set, shipped and stored, read consistently. */
export async function normSetVersions(
  doc: DynamoDBDocumentClient,
  table: string,
  id: string,
): Promise<NormSet[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :v)",
    ExpressionAttributeValues: { ":pk": dataPartitions.normSet(id), ":v": "V#" },
    ConsistentRead: true,
  });
  return merge(items.map(fromItem)).filter((s) => s.id === id);
}

/** One version, or the latest when `version` is omitted; undefined when unknown. */
export async function getNormSet(
  doc: DynamoDBDocumentClient,
  table: string,
  id: string,
  version?: number,
): Promise<NormSet | undefined> {
  const versions = await normSetVersions(doc, table, id);
  if (version !== undefined) return versions.find((s) => s.version === version);
  return versions.reduce<NormSet | undefined>(
    (latest, s) => (!latest || s.version > latest.version ? s : latest),
    undefined,
  );
}

/**
 * Prepares the publication of a set submitted by an admin. Steps:
 * 1. read the existing versions (the set's own consistently, the others through GSI1);
 * 2. validate and number the new version (prepareNormSetVersion: schema, never retroactive,
 *    same scope and phase, a province never widens a national cap);
 * 3. return the Put, conditioned on the version not existing, so two admins publishing at once
 *    cannot both write version N.
 * The caller adds the audit event (stream `NS#<setId>`) to the same transaction.
 * Throws NormSetValidationError (a 400 ValidationError) when the set is refused.
 */
export async function publishNormSet(
  doc: DynamoDBDocumentClient,
  table: string,
  submitted: unknown,
  actor: Pick<Actor, "id" | "role">,
  nowIso: string = clock.iso(),
): Promise<{ set: NormSet; items: TransactWriteItem[] }> {
  const id =
    typeof submitted === "object" &&
    submitted !== null &&
    "id" in submitted &&
    typeof submitted.id === "string"
      ? submitted.id
      : undefined;
  const [all, own] = await Promise.all([
    listNormSets(doc, table),
    id ? normSetVersions(doc, table, id) : Promise.resolve([]),
  ]);
  const set = prepareNormSetVersion(submitted, merge([...all, ...own]), actor, nowIso);
  return {
    set,
    items: [
      {
        Put: {
          TableName: table,
          Item: normSetItem(set),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ],
  };
}

/**
 * A beneficiary's reservations, read consistently (a check must see every approval committed
 * before it). With `usageKeys`, only those rows are returned.
 */
export async function loadUsage(
  doc: DynamoDBDocumentClient,
  table: string,
  beneficiary: BeneficiaryRef,
  usageKeys?: readonly string[],
): Promise<UsageSnapshot> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: {
      ":pk": dataPartitions.normUsage(beneficiary.kind, beneficiary.id),
    },
    ConsistentRead: true,
  });
  const wanted = usageKeys ? new Set(usageKeys) : undefined;
  const out: Record<string, UsageEntry> = {};
  for (const item of items) {
    const key = item.sk;
    if (typeof key !== "string" || (wanted && !wanted.has(key))) continue;
    const holds: Record<string, number> = {};
    for (const [attr, value] of Object.entries(item)) {
      if (attr.startsWith(HOLD_PREFIX) && typeof value === "number") {
        holds[attr.slice(HOLD_PREFIX.length)] = value;
      }
    }
    out[key] = { reserved: typeof item.reserved === "number" ? item.reserved : 0, holds };
  }
  return out;
}

function assertHoldable(proposalId: string, r: Pick<Reservation, "usageKey" | "amount">): void {
  if (proposalId.length === 0) throw new RangeError("proposalId is required");
  if (r.usageKey.length === 0) throw new RangeError("usageKey is required");
  if (!Number.isSafeInteger(r.amount) || r.amount <= 0) {
    throw new RangeError(`amount of ${r.usageKey} must be a positive integer`);
  }
}

/**
 * Updates that hold each amount against the beneficiary's cap, for the approval's transaction.
 * Each adds to `reserved` and records the proposal's hold, on condition that
 * - the proposal holds nothing on that key yet (a retried reservation is not counted twice), and
 * - the row is new or `reserved <= cap - amount` (concurrent approvals never exceed the cap).
 * A failed condition cancels the whole transaction: re-load the usage and re-run the check.
 */
export function reservationItems(
  table: string,
  proposalId: string,
  beneficiary: BeneficiaryRef,
  reservations: readonly Reservation[],
  at: string = clock.iso(),
): TransactWriteItem[] {
  const guards = reservations.flatMap((r) =>
    (r.requireEmpty ?? []).map(
      (usageKey): TransactWriteItem => ({
        // Exclusive packages: the other package's row holds nothing, checked in this transaction.
        ConditionCheck: {
          TableName: table,
          Key: dataKeys.normUsage(beneficiary.kind, beneficiary.id, usageKey),
          ConditionExpression: "attribute_not_exists(#reserved) OR #reserved <= :zero",
          ExpressionAttributeNames: { "#reserved": "reserved" },
          ExpressionAttributeValues: { ":zero": 0 },
        },
      }),
    ),
  );
  const updates = reservations.map((r): TransactWriteItem => {
    assertHoldable(proposalId, r);
    if (!Number.isSafeInteger(r.cap) || r.cap < r.amount) {
      // Without this, the first reservation of a row would pass `attribute_not_exists(reserved)`.
      throw new RangeError(`amount of ${r.usageKey} is above its cap`);
    }
    return {
      Update: {
        TableName: table,
        Key: dataKeys.normUsage(beneficiary.kind, beneficiary.id, r.usageKey),
        UpdateExpression:
          "SET #hold = :amount, #entity = :entity, #measure = :measure, #cap = :cap, #updatedAt = :at ADD #reserved :amount",
        ConditionExpression:
          "attribute_not_exists(#hold) AND (attribute_not_exists(#reserved) OR #reserved <= :capMinusAmount)",
        ExpressionAttributeNames: {
          "#hold": `${HOLD_PREFIX}${proposalId}`,
          "#reserved": "reserved",
          "#entity": "entity",
          "#measure": "measure",
          "#cap": "cap",
          "#updatedAt": "updatedAt",
        },
        ExpressionAttributeValues: {
          ":amount": r.amount,
          ":capMinusAmount": r.cap - r.amount,
          ":entity": "NormUsage",
          ":measure": r.measure,
          ":cap": r.cap,
          ":at": at,
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    };
  });
  return [...updates, ...guards];
}

/**
 * Updates that release a proposal's holds (return, rejection, cancellation): subtract exactly
 * the held amount and remove the hold, on condition that the hold is there with that amount, so
 * a second release cannot subtract twice.
 */
export function releaseItems(
  table: string,
  proposalId: string,
  beneficiary: BeneficiaryRef,
  reservations: ReadonlyArray<Pick<Reservation, "usageKey" | "amount">>,
  at: string = clock.iso(),
): TransactWriteItem[] {
  return reservations.map((r) => {
    assertHoldable(proposalId, r);
    return {
      Update: {
        TableName: table,
        Key: dataKeys.normUsage(beneficiary.kind, beneficiary.id, r.usageKey),
        UpdateExpression: "SET #updatedAt = :at REMOVE #hold ADD #reserved :negAmount",
        ConditionExpression: "#hold = :amount",
        ExpressionAttributeNames: {
          "#hold": `${HOLD_PREFIX}${proposalId}`,
          "#reserved": "reserved",
          "#updatedAt": "updatedAt",
        },
        ExpressionAttributeValues: { ":amount": r.amount, ":negAmount": -r.amount, ":at": at },
      },
    };
  });
}

/**
 * The update that changes a proposal's hold on one key from `from` to `to` (settlement,
 * reversal): conditioned on the hold being `from`, so a repeated adjustment cannot apply twice.
 * `to` = 0 removes the hold.
 */
export function adjustmentItem(
  table: string,
  proposalId: string,
  beneficiary: BeneficiaryRef,
  adj: { usageKey: string; from: number; to: number },
  at: string,
): TransactWriteItem {
  assertHoldable(proposalId, { usageKey: adj.usageKey, amount: adj.from });
  if (!Number.isSafeInteger(adj.to) || adj.to < 0 || adj.to > adj.from) {
    throw new RangeError(`a hold of ${adj.usageKey} may only shrink`);
  }
  const names = {
    "#hold": `${HOLD_PREFIX}${proposalId}`,
    "#reserved": "reserved",
    "#updatedAt": "updatedAt",
  };
  const values = { ":from": adj.from, ":delta": adj.to - adj.from, ":at": at };
  return {
    Update: {
      TableName: table,
      Key: dataKeys.normUsage(beneficiary.kind, beneficiary.id, adj.usageKey),
      UpdateExpression:
        adj.to === 0
          ? "SET #updatedAt = :at REMOVE #hold ADD #reserved :delta"
          : "SET #updatedAt = :at, #hold = :to ADD #reserved :delta",
      ConditionExpression: "#hold = :from",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: adj.to === 0 ? values : { ...values, ":to": adj.to },
    },
  };
}
