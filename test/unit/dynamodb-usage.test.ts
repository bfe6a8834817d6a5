import { describe, expect, it } from "vitest";
import {
  createUsageCounter,
  itemSize,
  numberSize,
  type TableShape,
  valueSize,
  type WireItem,
} from "../../local/aws/dynamodb-usage.ts";

/**
 * The write units the local gateway counts, against DynamoDB's documented billing:
 * item sizes (developerguide/CapacityUnitCalculations.html), write units per KB of the larger
 * of the item before and after (read-write-operations.html), transactions at twice the table
 * write (transaction-apis.html, "Capacity management"), and GSI writes sized by the index
 * entry, per change of what the index holds (GSI.html, "Provisioned throughput
 * considerations").
 */
const S = (s: string) => ({ S: s });
const N = (n: string) => ({ N: n });

const TABLE: TableShape = {
  keys: ["pk", "sk"],
  indexes: [
    { name: "GSI1", keys: ["g1", "g1s"], projection: "ALL" },
    { name: "K", keys: ["k"], projection: "KEYS_ONLY" },
  ],
};

function counter(read?: (keys: WireItem[]) => (WireItem | undefined)[]) {
  return createUsageCounter(() => TABLE, read ? async (_t, keys) => read(keys) : undefined);
}

describe("GIVEN DynamoDB's item size formula", () => {
  it("THEN a string is its name's and its value's UTF-8 bytes, not the JSON on the wire", () => {
    // "pk" (2) + "P#1" (3) + "name" (4) + "Đồng" (7 bytes in UTF-8)
    expect(itemSize({ pk: S("P#1"), name: S("Đồng") })).toBe(16);
  });

  it("THEN a number is 1 byte per 2 significant digits + 1, leading and trailing zeros trimmed", () => {
    expect(numberSize("7")).toBe(2);
    expect(numberSize("12345")).toBe(4);
    expect(numberSize("1500000000")).toBe(2); // "15"
    expect(numberSize("-0.00123")).toBe(3); // "123"
    expect(numberSize("0.0000001")).toBe(2);
    expect(numberSize("100.5")).toBe(4); // "100" and "5", each rounded up
    expect(numberSize("1780362024")).toBe(6);
  });

  it("THEN a Boolean or null is 1 byte, a binary its raw bytes, a list or map 3 bytes + 1 per element", () => {
    expect(valueSize({ BOOL: true })).toBe(1);
    expect(valueSize({ NULL: true })).toBe(1);
    expect(valueSize({ B: Buffer.from("abcd").toString("base64") })).toBe(4);
    expect(valueSize({ L: [S("ab"), N("1")] })).toBe(3 + (1 + 2) + (1 + 2));
    // a map's elements carry their names
    expect(valueSize({ M: { a: S("xy"), bc: { BOOL: false } } })).toBe(
      3 + (1 + 1 + 2) + (1 + 2 + 1),
    );
    expect(valueSize({ M: {} })).toBe(3);
  });
});

describe("GIVEN the usage counter", () => {
  const big = "x".repeat(1500);

  it("WHEN an item is put THEN 1 unit per KB of the item, rounded up, and one per index it enters", () => {
    const c = counter();
    c.record("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b") } }, {});
    expect(c.current().writeUnits).toBe(1);
    c.record(
      "PutItem",
      { TableName: "T", Item: { pk: S("a2"), sk: S("b"), big: S(big), g1: S("x"), g1s: S("y") } },
      {},
    );
    // 2 units for the table, 2 for GSI1 (ALL: the whole item); not in K (no k)
    expect(c.current().writeUnits).toBe(1 + 4);
  });

  it("WHEN an item lacks an index's sort key THEN it is not in that index (sparse)", () => {
    const c = counter();
    c.record("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b"), g1: S("x") } }, {});
    expect(c.current().writeUnits).toBe(1);
  });

  it("WHEN an item is overwritten THEN the larger of before and after, and the index entries that changed", () => {
    const c = counter();
    const item = { pk: S("a"), sk: S("b"), big: S(big), k: S("1") };
    c.record("PutItem", { TableName: "T", Item: item }, {});
    expect(c.current().writeUnits).toBe(2 + 1);
    // Smaller, same index key: the larger size (2) for the table; the keys-only entry holds
    // nothing that changed, so no index write.
    c.record("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b"), k: S("1") } }, {});
    expect(c.current().writeUnits).toBe(3 + 2);
    // Index key changed: delete the old entry and put the new one.
    c.record("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b"), k: S("2") } }, {});
    expect(c.current().writeUnits).toBe(5 + 1 + 2);
  });

  it("WHEN a transaction writes THEN the table write costs twice, index writes once, a ConditionCheck twice", () => {
    const c = counter();
    c.record(
      "TransactWriteItems",
      {
        TransactItems: [
          {
            Put: {
              TableName: "T",
              Item: { pk: S("a"), sk: S("b"), g1: S("x"), g1s: S("y"), k: S("z") },
            },
          },
          { ConditionCheck: { TableName: "T", Key: { pk: S("c"), sk: S("d") } } },
        ],
      },
      {},
    );
    expect(c.current()).toMatchObject({ itemWrites: 1, writeUnits: 2 * 1 + 1 + 1 + 2 });
  });

  it("WHEN an item is updated THEN it is sized on the larger of before and after, from the answer's new image", () => {
    const c = counter();
    c.record("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b"), big: S(big) } }, {});
    c.reset();
    c.record(
      "UpdateItem",
      { TableName: "T", Key: { pk: S("a"), sk: S("b") }, ReturnValues: "ALL_NEW" },
      { Attributes: { pk: S("a"), sk: S("b"), k: S("1") } },
    );
    // before 1.5 KB → 2 units; the update puts the item into K → 1
    expect(c.current().writeUnits).toBe(3);
  });

  it("WHEN a transaction updates an item THEN its new image is read before the call is counted", async () => {
    const c = counter((keys) => keys.map((k) => ({ ...k, big: S(big), k: S("1") })));
    c.record(
      "TransactWriteItems",
      { TransactItems: [{ Update: { TableName: "T", Key: { pk: S("a"), sk: S("b") } } }] },
      {},
    );
    await c.settled();
    expect(c.current()).toMatchObject({ itemWrites: 1, writeUnits: 2 * 2 + 1 });
  });

  it("WHEN a single-item write is refused by its condition THEN it costs the existing item's size, at least 1", () => {
    const c = counter();
    c.record("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b"), big: S(big) } }, {});
    c.reset();
    c.recordConditionFailure("PutItem", { TableName: "T", Item: { pk: S("a"), sk: S("b") } });
    c.recordConditionFailure("DeleteItem", { TableName: "T", Key: { pk: S("x"), sk: S("y") } });
    expect(c.current()).toMatchObject({ itemWrites: 0, writeUnits: 2 + 1 });
  });

  it("WHEN an item is deleted THEN it is sized on the item deleted, and each index entry it had is deleted", () => {
    const c = counter();
    c.record(
      "PutItem",
      { TableName: "T", Item: { pk: S("a"), sk: S("b"), big: S(big), k: S("1") } },
      {},
    );
    c.reset();
    c.record("DeleteItem", { TableName: "T", Key: { pk: S("a"), sk: S("b") } }, {});
    expect(c.current().writeUnits).toBe(2 + 1);
  });
});

describe("GIVEN calls made by two functions' roles", () => {
  it("THEN the counter keeps each role's calls apart, besides the totals, and reset clears both", () => {
    const c = counter();
    const get = { TableName: "t", Key: { pk: S("P#1"), sk: S("P") } };
    c.record("GetItem", get, {}, "Project8App-SubmitProposalRoleF6FF591C");
    c.record("GetItem", get, {}, "Project8App-SubmitProposalRoleF6FF591C");
    c.record("GetItem", get, {}, "Project8App-DecideTaskRole58B567DC");
    c.record("Query", { TableName: "t" }, {});
    const u = c.current();
    expect(u.calls).toEqual({ GetItemCommand: 3, QueryCommand: 1 });
    expect(u.callsByRole).toEqual({
      "Project8App-SubmitProposalRoleF6FF591C": { GetItemCommand: 2 },
      "Project8App-DecideTaskRole58B567DC": { GetItemCommand: 1 },
    });
    // current() is a copy: the caller cannot change the counter.
    (u.callsByRole["Project8App-DecideTaskRole58B567DC"] ?? {}).GetItemCommand = 9;
    expect(c.current().callsByRole["Project8App-DecideTaskRole58B567DC"]).toEqual({
      GetItemCommand: 1,
    });
    c.reset();
    expect(c.current().callsByRole).toEqual({});
  });
});
