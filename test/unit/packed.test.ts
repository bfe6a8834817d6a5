import { describe, expect, it } from "vitest";
import { itemSize } from "../../local/aws/dynamodb-usage.ts";
import { marshallItem } from "../../shared/aws/dynamo/marshall.ts";
import { packJson, packText, unpackJson, unpackText } from "../../shared/tables/packed.ts";

describe("GIVEN JSON packed for a write-once attribute", () => {
  const citation = "Thông tư 55/2023/TT-BTC, Điều 5 khoản 2: mức hỗ trợ tối đa 70% tổng chi phí.";
  const result = {
    passed: true,
    rules: Array.from({ length: 12 }, (_, i) => ({
      ruleId: `R${i}`,
      passed: true,
      amount: 60_000_000,
      messageVi: citation,
      messageEn: "Circular 55/2023/TT-BTC, Art. 5.2: support at most 70 % of the total cost.",
    })),
  };

  it("THEN it reads back as the same value, and text as the same text", () => {
    expect(unpackJson(packJson(result))).toEqual(result);
    const body = JSON.stringify(result);
    expect(unpackText(packText(body))).toBe(body);
    expect(unpackText(packText(""))).toBe("");
  });

  it("THEN the item it is stored in is billed on far fewer bytes", () => {
    const plain = itemSize(marshallItem({ result }) as Record<string, unknown>);
    const packed = itemSize(
      marshallItem({ resultBr: packJson(result) }) as Record<string, unknown>,
    );
    expect(plain).toBeGreaterThan(2048);
    expect(packed).toBeLessThan(plain / 4);
  });
});
