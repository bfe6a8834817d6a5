/** The norm store's DynamoDB requests, against a Document client whose `send` is stubbed. */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DynamoDBDocumentClient } from "../../shared/aws/dynamo/client.ts";
import { QueryCommand } from "../../shared/aws/dynamo/commands.ts";
import {
  getNormSet,
  listNormSets,
  loadUsage,
  normSetItem,
  publishNormSet,
  releaseItems,
  reservationItems,
} from "../../shared/norms/adapters/dynamo-norm-store.ts";
import {
  type NormSet,
  NormSetValidationError,
  type Reservation,
  TT55_2023,
} from "../../shared/norms/domain/index.ts";

const TABLE = "DataTable";
const doc = new DynamoDBDocumentClient();
const send = vi.spyOn(doc, "send");

beforeEach(() => {
  send.mockReset();
  send.mockRejectedValue(new Error("no answer stubbed for this call"));
});

/** The inputs of the Query commands sent, in order. */
const queries = () =>
  send.mock.calls.flatMap(([command]) => (command instanceof QueryCommand ? [command.input] : []));

const province: NormSet = {
  ...TT55_2023,
  id: "P01-NQ05-2024",
  title: { vi: "Tỉnh P01", en: "Province P01" },
  scope: { kind: "province", provinceId: "P01" },
  effectiveFrom: "2024-01-01",
  effectiveTo: undefined,
  items: TT55_2023.items.slice(4, 5).map((i) => ({ ...i, cap: 20_000_000 })),
  publishedAt: "2023-12-25T02:00:00.000Z",
  publishedBy: "admin-1",
};

describe("norm sets", () => {
  it("stores a version under NS#<id> / V#<0001> and indexes it by start date", () => {
    const item = normSetItem({ ...province, version: 12 });
    expect(item).toMatchObject({
      pk: "NS#P01-NQ05-2024",
      sk: "V#0012",
      gsi1pk: "NORMSETS",
      gsi1sk: "2024-01-01#P01-NQ05-2024#0012",
      entity: "NormSet",
      id: "P01-NQ05-2024",
    });
  });

  it("lists shipped sets merged with published ones, following pages of GSI1", async () => {
    const v2 = { ...TT55_2023, version: 2, effectiveFrom: "2026-08-01" };
    send
      .mockResolvedValueOnce({ Items: [normSetItem(province)], LastEvaluatedKey: { pk: "x" } })
      .mockResolvedValueOnce({ Items: [normSetItem(v2)] });
    const sets = await listNormSets(doc, TABLE);
    expect(sets.map((s) => `${s.id}@${s.version}`)).toEqual([
      "TT55-2023@1",
      "P01-NQ05-2024@1",
      "TT55-2023@2",
    ]);
    const calls = queries();
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      TableName: TABLE,
      IndexName: "GSI1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": "NORMSETS" },
    });
    expect(calls[1]?.ExclusiveStartKey).toEqual({ pk: "x" });
  });

  it("strips the storage keys and lets a stored copy of a shipped version win", async () => {
    const stored = { ...TT55_2023, publishedBy: "seed" };
    send.mockResolvedValue({ Items: [normSetItem(stored)] });
    const sets = await listNormSets(doc, TABLE);
    expect(sets).toEqual([stored]);
    expect(Object.keys(sets[0] ?? {})).not.toContain("pk");
  });

  it("refuses to serve a stored set that no longer passes the schema", async () => {
    send.mockResolvedValue({ Items: [{ ...normSetItem(province), items: [{ code: "bad" }] }] });
    await expect(listNormSets(doc, TABLE)).rejects.toThrow(
      /stored norm set NS#P01-NQ05-2024 V#0001 is invalid/,
    );
  });

  it("gets the latest or a given version of one set, consistently", async () => {
    send.mockResolvedValue({
      Items: [normSetItem({ ...TT55_2023, version: 2, effectiveFrom: "2026-08-01" })],
    });
    expect((await getNormSet(doc, TABLE, "TT55-2023"))?.version).toBe(2);
    expect((await getNormSet(doc, TABLE, "TT55-2023", 1))?.publishedBy).toBe("system");
    expect(await getNormSet(doc, TABLE, "TT55-2023", 3)).toBeUndefined();
    expect(queries()[0]).toMatchObject({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :v)",
      ExpressionAttributeValues: { ":pk": "NS#TT55-2023", ":v": "V#" },
      ConsistentRead: true,
    });
  });

  it("publishes the next version as a conditional Put for the caller's transaction", async () => {
    send.mockResolvedValue({ Items: [] });
    const { version: _v, publishedAt: _a, publishedBy: _b, ...draft } = TT55_2023;
    const { set, items } = await publishNormSet(
      doc,
      TABLE,
      { ...draft, effectiveFrom: "2026-08-01" },
      { id: "admin-1", role: "admin" },
      "2026-07-10T03:00:00Z",
    );
    expect(set).toMatchObject({ id: "TT55-2023", version: 2, publishedBy: "admin-1" });
    expect(items).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: normSetItem(set),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ]);
  });

  it("refuses a retroactive publication before writing anything", async () => {
    send.mockResolvedValue({ Items: [] });
    const { version: _v, publishedAt: _a, publishedBy: _b, ...draft } = TT55_2023;
    await expect(
      publishNormSet(doc, TABLE, draft, { id: "admin-1", role: "admin" }, "2026-07-10T03:00:00Z"),
    ).rejects.toBeInstanceOf(NormSetValidationError);
  });
});

describe("usage", () => {
  const beneficiary = { kind: "SAVINGS_GROUP" as const, id: "G-7" };

  it("loads a beneficiary's reservations consistently, with each proposal's hold", async () => {
    send.mockResolvedValue({
      Items: [
        {
          pk: "USE#SAVINGS_GROUP#G-7",
          sk: "A1.SAVINGS_BOX_RUNNING#ALL",
          reserved: 1_000_000,
          "h#P1": 600_000,
          "h#P2": 400_000,
          cap: 1_500_000,
        },
        {
          pk: "USE#SAVINGS_GROUP#G-7",
          sk: "A1.SAVINGS_BOX_RUNNING#ALL#MONTHS",
          reserved: 2,
          "h#P1": 1,
          "h#P2": 1,
        },
        { pk: "USE#SAVINGS_GROUP#G-7", sk: "OTHER#ALL", reserved: 0 },
      ],
    });
    const usage = await loadUsage(doc, TABLE, beneficiary, [
      "A1.SAVINGS_BOX_RUNNING#ALL",
      "A1.SAVINGS_BOX_RUNNING#ALL#MONTHS",
    ]);
    expect(usage).toEqual({
      "A1.SAVINGS_BOX_RUNNING#ALL": { reserved: 1_000_000, holds: { P1: 600_000, P2: 400_000 } },
      "A1.SAVINGS_BOX_RUNNING#ALL#MONTHS": { reserved: 2, holds: { P1: 1, P2: 1 } },
    });
    expect(queries()[0]).toMatchObject({
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": "USE#SAVINGS_GROUP#G-7" },
      ConsistentRead: true,
    });
  });

  const reservations: Reservation[] = [
    { usageKey: "A1.SAVINGS_BOX_RUNNING#ALL", amount: 1_000_000, cap: 1_500_000, measure: "dong" },
    { usageKey: "A1.SAVINGS_BOX_RUNNING#ALL#MONTHS", amount: 2, cap: 3, measure: "months" },
  ];

  it("reserves with conditions: no hold yet, and reserved ≤ cap − amount", () => {
    const items = reservationItems(
      TABLE,
      "P9",
      beneficiary,
      reservations,
      "2026-03-10T03:00:00.000Z",
    );
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      Update: {
        TableName: TABLE,
        Key: { pk: "USE#SAVINGS_GROUP#G-7", sk: "A1.SAVINGS_BOX_RUNNING#ALL" },
        UpdateExpression:
          "SET #hold = :amount, #entity = :entity, #measure = :measure, #cap = :cap, #updatedAt = :at ADD #reserved :amount",
        ConditionExpression:
          "attribute_not_exists(#hold) AND (attribute_not_exists(#reserved) OR #reserved <= :capMinusAmount)",
        ExpressionAttributeNames: {
          "#hold": "h#P9",
          "#reserved": "reserved",
          "#entity": "entity",
          "#measure": "measure",
          "#cap": "cap",
          "#updatedAt": "updatedAt",
        },
        ExpressionAttributeValues: {
          ":amount": 1_000_000,
          ":capMinusAmount": 500_000,
          ":entity": "NormUsage",
          ":measure": "dong",
          ":cap": 1_500_000,
          ":at": "2026-03-10T03:00:00.000Z",
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    });
    expect(items[1]?.Update?.ExpressionAttributeValues).toMatchObject({
      ":amount": 2,
      ":capMinusAmount": 1,
      ":measure": "months",
    });
  });

  it.each([
    ["an amount above the cap", { amount: 4, cap: 3 }],
    ["a zero amount", { amount: 0 }],
    ["a fractional amount", { amount: 1.5 }],
    ["a negative amount", { amount: -1 }],
  ])("refuses to build a reservation with %s", (_what, over) => {
    expect(() =>
      reservationItems(TABLE, "P9", beneficiary, [{ ...reservations[1], ...over } as Reservation]),
    ).toThrow(RangeError);
  });

  it("releases exactly the held amount, on condition that the hold is there", () => {
    const items = releaseItems(TABLE, "P9", beneficiary, reservations, "2026-04-01T00:00:00.000Z");
    expect(items[0]).toEqual({
      Update: {
        TableName: TABLE,
        Key: { pk: "USE#SAVINGS_GROUP#G-7", sk: "A1.SAVINGS_BOX_RUNNING#ALL" },
        UpdateExpression: "SET #updatedAt = :at REMOVE #hold ADD #reserved :negAmount",
        ConditionExpression: "#hold = :amount",
        ExpressionAttributeNames: {
          "#hold": "h#P9",
          "#reserved": "reserved",
          "#updatedAt": "updatedAt",
        },
        ExpressionAttributeValues: {
          ":amount": 1_000_000,
          ":negAmount": -1_000_000,
          ":at": "2026-04-01T00:00:00.000Z",
        },
      },
    });
    expect(items[1]?.Update?.ExpressionAttributeValues).toMatchObject({
      ":amount": 2,
      ":negAmount": -2,
    });
  });
});
