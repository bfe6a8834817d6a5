/** Every shipped line of Circular 55/2023 at, just below and just above its cap. */
import { describe, expect, it } from "vitest";
import {
  checkNorms,
  type NormItem,
  type NormSet,
  TT55_2023,
} from "../../../shared/norms/domain/index.ts";
import { DECIDED, failed, proposalFor, rule, SHIPPED } from "./fixtures.ts";

const claimable = TT55_2023.items.filter((i) => i.activity !== null);

/** The largest support one line may claim: the cap, or cap × all months for monthly items. */
function lineCap(item: NormItem): { cap: number; months?: number } {
  return item.period.kind === "per_month"
    ? { cap: item.cap * item.period.maxMonths, months: item.period.maxMonths }
    : { cap: item.cap };
}

const cases = claimable.flatMap((item) =>
  (
    [
      ["just below", -1, true],
      ["at", 0, true],
      ["just above", +1, false],
    ] as const
  ).map(([where, delta, passes]) => ({ code: item.code, where, delta, passes, item })),
);

describe("every shipped TT55 line, per line and cumulatively with nothing used before", () => {
  it("ships the six Project 8 caps of NORMS.md", () => {
    expect(claimable.map((i) => [i.code, i.cap])).toEqual([
      ["A2.TECH_SUPPORT", 100_000_000],
      ["A3.UPGRADE_EQUIPMENT", 3_000_000],
      ["A3.UPGRADE_DIRECT_COSTS", 3_000_000],
      ["A3.NEW_ADDRESS_EQUIPMENT", 15_000_000],
      ["A4.LIVELIHOOD_MODEL", 30_000_000],
      ["A1.SAVINGS_BOX_RUNNING", 500_000],
    ]);
  });

  it.each(cases)(
    "$code $where its cap (Δ $delta đ) passes: $passes",
    ({ code, delta, passes, item }) => {
      const { cap, months } = lineCap(item);
      const amount = cap + delta;
      const result = checkNorms(
        proposalFor(code, {
          supportAmount: amount,
          totalCost: amount,
          ...(months ? { months } : {}),
        }),
        SHIPPED,
        {},
      );
      expect(result.passed).toBe(passes);
      const itemCap = rule(result, "item_cap", 1);
      expect(itemCap).toMatchObject({ passed: passes, amount, cap, citation: item.citation });
      expect(rule(result, "cumulative_cap")).toMatchObject({ passed: passes, usedBefore: 0, cap });
      expect(failed(result)).toEqual(
        passes ? [] : [`item_cap:${code}:L1`, `cumulative_cap:${code}`],
      );
      expect(result.reservations.length > 0).toBe(passes);
    },
  );

  it.each(
    claimable.flatMap((item) => item.beneficiaryKinds.map((kind) => ({ code: item.code, kind }))),
  )("$code applies to a $kind", ({ code, kind }) => {
    const result = checkNorms(
      proposalFor(
        code,
        { supportAmount: 1, totalCost: 1, months: 1 },
        { beneficiary: { kind, id: "B" } },
      ),
      SHIPPED,
      {},
    );
    expect(rule(result, "item_allowed", 1).passed).toBe(true);
  });

  it.each([
    [-1, true],
    [0, true],
    [1, false],
  ])("A1.SAVINGS_BOX_RUNNING for one month at 500,000 %+d đ passes: %s", (delta, passes) => {
    const amount = 500_000 + delta;
    const result = checkNorms(
      proposalFor("A1.SAVINGS_BOX_RUNNING", {
        supportAmount: amount,
        totalCost: amount,
        months: 1,
      }),
      SHIPPED,
      {},
    );
    expect(result.passed).toBe(passes);
    expect(rule(result, "item_cap", 1)).toMatchObject({ passed: passes, cap: 500_000 });
  });

  it("says which cap is exceeded, in Vietnamese first and in English, with the citation", () => {
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 30_000_001, totalCost: 30_000_001 }),
      SHIPPED,
      {},
    );
    const r = rule(result, "item_cap", 1);
    expect(r.messageVi).toBe(
      "Dòng 1 (A4.LIVELIHOOD_MODEL): Vượt định mức: 30.000.001 đ, tối đa 30.000.000 đ/mô hình (Thông tư 55/2023/TT-BTC, Điều 37 khoản 4).",
    );
    expect(r.messageEn).toBe(
      "Line 1 (A4.LIVELIHOOD_MODEL): Above the cap: 30,000,001 VND, at most 30,000,000 VND per model (Circular 55/2023/TT-BTC, Art. 37.4).",
    );
    expect(r.citation?.quoteVi).toBe(
      "Mức hỗ trợ theo thực tế phát sinh, tối đa 30 triệu đồng/mô hình.",
    );
  });
});

describe("catalogue lump sums (Art. 36.1, 38.3)", () => {
  const catalogue = TT55_2023.items.filter((i) => i.activity === null);

  it.each(catalogue.map((i) => ({ code: i.code })))(
    "$code is not claimable by an A1..A4 proposal",
    ({ code }) => {
      const result = checkNorms(
        {
          activity: "A1",
          beneficiary: { kind: "SAVINGS_GROUP", id: "G" },
          provinceId: "P01",
          decidedAt: DECIDED,
          items: [{ code, supportAmount: 3_000_000, totalCost: 3_000_000 }],
        },
        SHIPPED,
        {},
      );
      expect(result.passed).toBe(false);
      expect(rule(result, "item_allowed", 1).messageEn).toContain("outside activities A1-A4");
    },
  );

  // The same items made claimable by a test-only set, to test lump-sum semantics on real figures.
  const asA1 = (code: string): NormSet => {
    const item = catalogue.find((i) => i.code === code);
    if (!item) throw new Error(code);
    return {
      ...TT55_2023,
      id: "TEST-LUMP",
      items: [{ ...item, code: "A1.LUMP", activity: "A1", beneficiaryKinds: ["SAVINGS_GROUP"] }],
    };
  };
  const check = (set: NormSet, amount: number) =>
    checkNorms(
      {
        activity: "A1",
        beneficiary: { kind: "SAVINGS_GROUP", id: "G" },
        provinceId: "P01",
        decidedAt: DECIDED,
        items: [{ code: "A1.LUMP", supportAmount: amount, totalCost: amount }],
      },
      [set],
      {},
    );

  it.each([
    [2_999_999, false],
    [3_000_000, true],
    [3_000_001, false],
  ])("communication model 'trọn gói' 3,000,000: support %i passes: %s", (amount, passes) => {
    const result = check(asA1("P8.COMMUNICATION_MODEL"), amount);
    expect(rule(result, "lump_sum", 1)).toMatchObject({ passed: passes, cap: 3_000_000 });
    expect(result.passed).toBe(passes);
  });

  it.each([
    [2_999_999, true],
    [3_000_000, true],
    [3_000_001, false],
  ])("Leaders of Change club 'up to' 3,000,000: support %i passes: %s", (amount, passes) => {
    const result = check(asA1("P8.LEADERS_OF_CHANGE_CLUB"), amount);
    expect(rule(result, "item_cap", 1)).toMatchObject({ passed: passes, cap: 3_000_000 });
    expect(result.passed).toBe(passes);
  });
});
