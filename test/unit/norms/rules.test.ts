/** The rules of one proposal: co-financing, amounts, items allowed, several lines, totals. */
import { describe, expect, it } from "vitest";
import { checkNorms, heldBy } from "../../../shared/norms/domain/index.ts";
import { DECIDED, failed, proposalFor, rule, SHIPPED } from "./fixtures.ts";

describe("co-financing", () => {
  it("shows the A2 group's share when the total cost exceeds the support", () => {
    const result = checkNorms(
      proposalFor("A2.TECH_SUPPORT", { supportAmount: 100_000_000, totalCost: 150_000_000 }),
      SHIPPED,
      {},
    );
    expect(result.passed).toBe(true);
    const co = rule(result, "co_financing", 1);
    expect(co).toMatchObject({ severity: "info", passed: true, amount: 50_000_000 });
    expect(co.citation?.article).toBe("Điều 37 khoản 1");
    expect(co.messageVi).toBe(
      "Dòng 1 (A2.TECH_SUPPORT): phần đối ứng 50.000.000 đ (tổng chi phí 150.000.000 đ − hỗ trợ 100.000.000 đ) do đối tượng được hỗ trợ tự chi trả (Thông tư 55/2023/TT-BTC, Điều 37 khoản 1).",
    );
    expect(co.messageEn).toContain("co-financing of 50,000,000 VND");
    expect(result.totals).toEqual({
      support: 100_000_000,
      totalCost: 150_000_000,
      coFinancing: 50_000_000,
    });
    expect(result.reservations).toEqual([
      { usageKey: "A2.TECH_SUPPORT#ALL", amount: 100_000_000, cap: 100_000_000, measure: "dong" },
    ]);
  });

  it("still refuses support above the cap whatever the co-financing", () => {
    const result = checkNorms(
      proposalFor("A2.TECH_SUPPORT", { supportAmount: 100_000_001, totalCost: 150_000_000 }),
      SHIPPED,
      {},
    );
    expect(result.passed).toBe(false);
    expect(rule(result, "co_financing", 1).amount).toBe(49_999_999);
  });

  it("shows the share without a citation where the law is silent on who pays", () => {
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 30_000_000, totalCost: 42_000_000 }),
      SHIPPED,
      {},
    );
    const co = rule(result, "co_financing", 1);
    expect(co.citation).toBeUndefined();
    expect(co.messageEn).toContain("paid by the beneficiary or other sources");
  });

  it("has no co-financing line when support covers the whole cost", () => {
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 30_000_000, totalCost: 30_000_000 }),
      SHIPPED,
      {},
    );
    expect(result.rules.some((r) => r.kind === "co_financing")).toBe(false);
    expect(result.totals.coFinancing).toBe(0);
  });

  it("refuses support above the total cost", () => {
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 20_000_000, totalCost: 19_999_999 }),
      SHIPPED,
      {},
    );
    expect(failed(result)).toEqual(["support_within_cost:A4.LIVELIHOOD_MODEL:L1"]);
  });
});

describe("amounts and items", () => {
  it.each([
    [1.5, 2],
    [-1, 0],
    [1, Number.NaN],
    [Number.MAX_SAFE_INTEGER + 2, Number.MAX_SAFE_INTEGER + 2],
  ])("refuses support %d with total cost %d", (supportAmount, totalCost) => {
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount, totalCost }),
      SHIPPED,
      {},
    );
    expect(result.passed).toBe(false);
    expect(rule(result, "amounts_valid", 1).passed).toBe(false);
    expect(result.reservations).toEqual([]);
  });

  it("refuses an unknown code, an item of another activity and another beneficiary kind", () => {
    const input = proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 1, totalCost: 1 });
    const result = checkNorms(
      {
        ...input,
        items: [
          { code: "A4.UNKNOWN", supportAmount: 1, totalCost: 1 },
          { code: "A3.NEW_ADDRESS_EQUIPMENT", supportAmount: 1, totalCost: 1 },
        ],
      },
      SHIPPED,
      {},
    );
    expect(rule(result, "item_allowed", 1).messageEn).toBe(
      "Line 1: Item code A4.UNKNOWN is not in norm set TT55-2023 version 1 (national).",
    );
    expect(rule(result, "item_allowed", 2).messageVi).toBe(
      "Dòng 2: Khoản mục A3.NEW_ADDRESS_EQUIPMENT thuộc hoạt động A3, không áp dụng cho hoạt động A4.",
    );
    const wrongKind = checkNorms(
      {
        ...input,
        activity: "A2",
        beneficiary: { kind: "SAVINGS_GROUP", id: "G" },
        items: [{ code: "A2.TECH_SUPPORT", supportAmount: 1, totalCost: 1 }],
      },
      SHIPPED,
      {},
    );
    expect(rule(wrongKind, "item_allowed", 1).messageEn).toBe(
      "Line 1: Item A2.TECH_SUPPORT does not apply to a savings group.",
    );
  });

  it("fails a proposal without items", () => {
    const result = checkNorms(
      { ...proposalFor("A4.LIVELIHOOD_MODEL", {}), items: [] },
      SHIPPED,
      {},
    );
    expect(failed(result)).toEqual(["has_items"]);
  });

  it("adds up several lines of one item against the cap of the proposal and the cumulative cap", () => {
    const input = proposalFor("A2.TECH_SUPPORT", {
      supportAmount: 60_000_000,
      totalCost: 60_000_000,
    });
    const result = checkNorms(
      {
        ...input,
        items: [
          ...input.items,
          { code: "A2.TECH_SUPPORT", supportAmount: 40_000_001, totalCost: 45_000_000 },
        ],
      },
      SHIPPED,
      {},
    );
    expect(rule(result, "item_cap", 1).passed).toBe(true);
    expect(rule(result, "item_cap", 2).passed).toBe(true);
    expect(rule(result, "proposal_cap")).toMatchObject({ passed: false, amount: 100_000_001 });
    expect(result.passed).toBe(false);
  });

  it("lists every rule applied, pass or fail, each with a unique id and both languages", () => {
    const result = checkNorms(
      proposalFor("A2.TECH_SUPPORT", { supportAmount: 80_000_000, totalCost: 90_000_000 }),
      SHIPPED,
      {},
    );
    expect(result.rules.map((r) => r.ruleId)).toEqual([
      "norm_set",
      "has_items",
      "amounts_valid:A2.TECH_SUPPORT:L1",
      "item_allowed:A2.TECH_SUPPORT:L1",
      "support_within_cost:A2.TECH_SUPPORT:L1",
      "item_cap:A2.TECH_SUPPORT:L1",
      "co_financing:A2.TECH_SUPPORT:L1",
      "cumulative_cap:A2.TECH_SUPPORT",
    ]);
    for (const r of result.rules) {
      expect(r.messageVi.length).toBeGreaterThan(0);
      expect(r.messageEn.length).toBeGreaterThan(0);
    }
    expect(result.normSet).toMatchObject({
      national: { id: "TT55-2023", version: 1, scope: { kind: "national" } },
      province: null,
      localDate: "2026-03-10",
    });
  });

  it("never puts the beneficiary's id or name in a message", () => {
    const result = checkNorms(
      proposalFor(
        "A4.LIVELIHOOD_MODEL",
        { supportAmount: 40_000_000, totalCost: 50_000_000 },
        {
          beneficiary: { kind: "SURVIVOR_MODEL", id: "SECRET-ID-123" },
          decidedAt: DECIDED,
        },
      ),
      SHIPPED,
      {},
    );
    const text = JSON.stringify(result.rules);
    expect(text).not.toContain("SECRET-ID-123");
  });
});

describe("heldBy", () => {
  it("lists what one proposal holds, for its release", () => {
    expect(
      heldBy(
        {
          "A1.SAVINGS_BOX_RUNNING#ALL": {
            reserved: 1_500_000,
            holds: { P1: 1_000_000, P2: 500_000 },
          },
          "A1.SAVINGS_BOX_RUNNING#ALL#MONTHS": { reserved: 3, holds: { P1: 2, P2: 1 } },
          "A2.TECH_SUPPORT#ALL": { reserved: 5, holds: { P3: 5 } },
        },
        "P1",
      ),
    ).toEqual([
      { usageKey: "A1.SAVINGS_BOX_RUNNING#ALL", amount: 1_000_000 },
      { usageKey: "A1.SAVINGS_BOX_RUNNING#ALL#MONTHS", amount: 2 },
    ]);
  });
});
