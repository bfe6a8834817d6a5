/**
 * The Document client's marshalling (shared/aws/dynamo/marshall.ts): plain values to DynamoDB's
 * JSON attribute values and back, with the semantics the functions had from lib-dynamodb
 * (removeUndefinedValues, no class instances as maps, numbers read back as numbers).
 */
import { describe, expect, it } from "vitest";
import {
  marshallItem,
  marshallValue,
  unmarshallItem,
  unmarshallValue,
  type WireItem,
  type WireValue,
} from "../../shared/aws/dynamo/marshall.ts";

describe("marshall", () => {
  it("writes each kind of value in its JSON wire form", () => {
    expect(
      marshallItem({
        s: "Hồ sơ",
        empty: "",
        n: 12.5,
        neg: -3,
        big: 12n,
        t: true,
        f: false,
        nil: null,
        list: [1, "a", null],
        map: { a: { b: [true] } },
        bytes: new Uint8Array([0, 1, 254, 255]),
        strings: new Set(["x", "y"]),
        numbers: new Set([1, 2.5]),
        emptyList: [],
        emptyMap: {},
      }),
    ).toEqual({
      s: { S: "Hồ sơ" },
      empty: { S: "" },
      n: { N: "12.5" },
      neg: { N: "-3" },
      big: { N: "12" },
      t: { BOOL: true },
      f: { BOOL: false },
      nil: { NULL: true },
      list: { L: [{ N: "1" }, { S: "a" }, { NULL: true }] },
      map: { M: { a: { M: { b: { L: [{ BOOL: true }] } } } } },
      bytes: { B: "AAH+/w==" },
      strings: { SS: ["x", "y"] },
      numbers: { NS: ["1", "2.5"] },
      emptyList: { L: [] },
      emptyMap: { M: {} },
    });
  });

  it("leaves out undefined members at every depth, and functions", () => {
    expect(
      marshallItem({
        a: undefined,
        b: { c: undefined, d: 1 },
        e: [undefined, 2, () => 3],
        g: () => 4,
        h: new Set(["x", undefined]),
      }),
    ).toEqual({
      b: { M: { d: { N: "1" } } },
      e: { L: [{ N: "2" }] },
      h: { SS: ["x"] },
    });
  });

  it("sends only the bytes a view covers", () => {
    const whole = new Uint8Array([9, 1, 2, 9]);
    expect(marshallValue(whole.subarray(1, 3))).toEqual({
      B: Buffer.from([1, 2]).toString("base64"),
    });
    expect(marshallValue(Buffer.from("hi"))).toEqual({ B: "aGk=" });
  });

  it("writes a Map as a map and an object without prototype as a map", () => {
    const bare = Object.assign(Object.create(null) as object, { k: "v" });
    expect(marshallValue(new Map([["k", 1]]))).toEqual({ M: { k: { N: "1" } } });
    expect(marshallValue(bare)).toEqual({ M: { k: { S: "v" } } });
  });

  it("refuses class instances, as convertClassInstanceToMap: false does", () => {
    class Money {
      amount = 1;
    }
    expect(() => marshallItem({ at: new Date(0) })).toThrow(
      /Unsupported type passed: .*Pass options.convertClassInstanceToMap=true/,
    );
    expect(() => marshallItem({ m: new Money() })).toThrow(/Unsupported type passed/);
  });

  it("refuses numbers DynamoDB cannot hold exactly", () => {
    expect(() => marshallValue(Number.NaN)).toThrow("Special numeric value NaN is not allowed");
    expect(() => marshallValue(Number.POSITIVE_INFINITY)).toThrow(/Infinity is not allowed/);
    expect(() => marshallValue(2 ** 53)).toThrow(/greater than Number.MAX_SAFE_INTEGER/);
    expect(() => marshallValue(-(2 ** 53))).toThrow(/lesser than Number.MIN_SAFE_INTEGER/);
    expect(marshallValue(Number.MAX_SAFE_INTEGER)).toEqual({ N: "9007199254740991" });
    expect(marshallValue(2n ** 70n)).toEqual({ N: "1180591620717411303424" });
  });

  it("refuses empty sets and sets of other things", () => {
    expect(() => marshallValue(new Set())).toThrow(/non-empty set/);
    expect(() => marshallValue(new Set([undefined]))).toThrow(/non-empty set/);
    expect(() => marshallValue(new Set([{}]))).toThrow(/Only Number Set/);
  });

  it("refuses undefined as a value of its own", () => {
    expect(() => marshallValue(undefined)).toThrow(/removeUndefinedValues/);
  });
});

describe("unmarshall", () => {
  it("reads each kind of value back", () => {
    const wire: WireItem = {
      s: { S: "x" },
      n: { N: "42" },
      d: { N: "-0.25" },
      t: { BOOL: true },
      nil: { NULL: true },
      l: { L: [{ S: "a" }, { N: "1" }] },
      m: { M: { k: { SS: ["p", "q"] } } },
      ns: { NS: ["1", "2"] },
      b: { B: "AAH+/w==" },
      bs: { BS: ["AQ=="] },
    };
    const item = unmarshallItem(wire);
    expect(item).toEqual({
      s: "x",
      n: 42,
      d: -0.25,
      t: true,
      nil: null,
      l: ["a", 1],
      m: { k: new Set(["p", "q"]) },
      ns: new Set([1, 2]),
      b: new Uint8Array([0, 1, 254, 255]),
      bs: new Set([new Uint8Array([1])]),
    });
    expect(item.b).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(item.b)).toBe(false);
  });

  it("reads integers beyond the safe range as BigInt, as the SDK does", () => {
    expect(unmarshallValue({ N: "9007199254740993" })).toBe(9007199254740993n);
    expect(unmarshallValue({ N: "1e400" })).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps an attribute named __proto__ a plain member", () => {
    const item = unmarshallItem(JSON.parse('{"__proto__":{"S":"x"}}') as WireItem);
    expect(Object.keys(item)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
  });

  it("refuses a value of an unknown type or without a value", () => {
    expect(() => unmarshallValue(JSON.parse('{"X":"1"}') as WireValue)).toThrow(
      "Unsupported type passed: X",
    );
    expect(() => unmarshallValue(JSON.parse("{}") as WireValue)).toThrow(/No value defined/);
  });

  it("round-trips what the functions store", () => {
    const item = {
      pk: "P#1",
      sk: "META",
      version: 3,
      amount: 1_500_000,
      ratio: 0.125,
      flags: { urgent: false, tags: ["a", "b"] },
      history: [{ at: "2026-01-01T00:00:00Z", by: null }],
      cells: new Set(["c1", "c2"]),
      years: new Set([2025, 2026]),
      hash: new Uint8Array([1, 2, 3]),
      note: "",
    };
    expect(unmarshallItem(JSON.parse(JSON.stringify(marshallItem(item))) as WireItem)).toEqual(
      item,
    );
  });
});
