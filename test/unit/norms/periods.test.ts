/** Over which period caps accumulate: calendar years in Asia/Ho_Chi_Minh, one-off, first 3 months. */
import { describe, expect, it } from "vitest";
import {
  checkNorms,
  localDateOf,
  localYearOf,
  periodKeyOf,
} from "../../../shared/norms/domain/index.ts";
import {
  failed,
  proposalFor,
  provinceCitation,
  provinceSet,
  rule,
  SHIPPED,
  shippedItem,
  usage,
} from "./fixtures.ts";

describe("local date and year (UTC+7, no DST)", () => {
  it.each([
    ["2026-12-31T16:59:59Z", "2026-12-31", 2026],
    ["2026-12-31T17:00:00Z", "2027-01-01", 2027],
    ["2026-12-31T17:30:00Z", "2027-01-01", 2027],
    ["2026-05-30T16:59:59.999Z", "2026-05-30", 2026],
    ["2026-05-30T17:00:00Z", "2026-05-31", 2026],
    ["2027-01-01T00:00:00+07:00", "2027-01-01", 2027],
  ])("%s is %s local", (iso, date, year) => {
    expect(localDateOf(iso)).toBe(date);
    expect(localYearOf(iso)).toBe(year);
  });

  it("refuses what is not an instant", () => {
    expect(() => localDateOf("31/12/2026")).toThrow(RangeError);
  });

  it.each([
    [{ kind: "per_year" } as const, "2027-01-01", "Y2027"],
    [{ kind: "one_off" } as const, "2027-01-01", "ALL"],
    [{ kind: "per_month", maxMonths: 3 } as const, "2027-01-01", "ALL"],
  ])("period key of %o on %s is %s", (period, date, key) => {
    expect(periodKeyOf(period, date)).toBe(key);
  });
});

describe("per calendar year: A3 direct costs, 3,000,000 đ per address per year", () => {
  const code = "A3.UPGRADE_DIRECT_COSTS";
  const usedUp2025 = usage({ [`${code}#Y2025`]: 3_000_000 });

  it.each([
    ["2025-12-31T16:59:59Z", "2025-12-31", "Y2025", 1, false],
    ["2025-12-31T17:00:00Z", "2026-01-01", "Y2026", 3_000_000, true],
    ["2025-12-31T17:00:00Z", "2026-01-01", "Y2026", 3_000_001, false],
  ])(
    "decided at %s (local %s) counts in %s: %i đ passes: %s",
    (decidedAt, local, key, amount, passes) => {
      const result = checkNorms(
        proposalFor(code, { supportAmount: amount, totalCost: amount }, { decidedAt }),
        SHIPPED,
        usedUp2025,
      );
      expect(result.normSet.localDate).toBe(local);
      const cumulative = rule(result, "cumulative_cap");
      expect(cumulative).toMatchObject({ passed: passes, periodKey: key, cap: 3_000_000 });
      expect(cumulative.usedBefore).toBe(key === "Y2025" ? 3_000_000 : 0);
      expect(result.passed).toBe(passes);
      if (passes) {
        expect(result.reservations).toEqual([
          { usageKey: `${code}#${key}`, amount, cap: 3_000_000, measure: "dong" },
        ]);
      }
    },
  );

  it("rolls over at midnight 31/12/2026 → 1/1/2027 local under a 2026-2035 province set", () => {
    const set = provinceSet({
      id: "P01-NQ02-2026",
      phase: "2026-2035",
      effectiveFrom: "2026-06-01",
      items: [{ ...shippedItem(code), cap: 2_000_000, citation: provinceCitation("Điều 3") }],
    });
    const used = usage({ [`${code}#Y2026`]: 2_000_000 });
    const at = (decidedAt: string) =>
      checkNorms(
        proposalFor(
          code,
          { supportAmount: 2_000_000, totalCost: 2_000_000 },
          { decidedAt, phase: "2026-2035" },
        ),
        [...SHIPPED, set],
        used,
      );
    const before = at("2026-12-31T16:59:59Z");
    expect(before.passed).toBe(false);
    expect(rule(before, "cumulative_cap")).toMatchObject({
      periodKey: "Y2026",
      usedBefore: 2_000_000,
    });
    const after = at("2026-12-31T17:00:00Z");
    expect(after.passed).toBe(true);
    expect(after.reservations[0]?.usageKey).toBe(`${code}#Y2027`);
  });

  it("counts earlier proposals of the same year, whatever their number", () => {
    const result = checkNorms(
      proposalFor(code, { supportAmount: 1_000_000, totalCost: 1_000_000 }),
      SHIPPED,
      {
        [`${code}#Y2026`]: { reserved: 2_000_001, holds: { "P-A": 1_000_000, "P-B": 1_000_001 } },
      },
    );
    expect(rule(result, "cumulative_cap")).toMatchObject({ passed: false, usedBefore: 2_000_001 });
    expect(rule(result, "cumulative_cap").messageVi).toBe(
      "Vượt định mức lũy kế: Lũy kế khoản mục A3.UPGRADE_DIRECT_COSTS của địa chỉ tin cậy trong năm 2026: đã dùng 2.000.001 đ + đề xuất này 1.000.000 đ = 3.000.001 đ, vượt định mức tối đa 3.000.000 đ/địa chỉ/năm (Thông tư 55/2023/TT-BTC, Điều 37 khoản 3 điểm b).",
    );
  });
});

describe("one-off caps accumulate across years", () => {
  it.each([
    ["A3.NEW_ADDRESS_EQUIPMENT", 15_000_000, 1, false],
    ["A3.NEW_ADDRESS_EQUIPMENT", 14_000_000, 1_000_000, true],
    ["A3.UPGRADE_EQUIPMENT", 3_000_000, 1, false],
    ["A4.LIVELIHOOD_MODEL", 20_000_000, 10_000_000, true],
    ["A4.LIVELIHOOD_MODEL", 20_000_000, 10_000_001, false],
    ["A2.TECH_SUPPORT", 60_000_000, 40_000_000, true],
    ["A2.TECH_SUPPORT", 60_000_000, 40_000_001, false],
  ])("%s: %i đ reserved in 2024, %i đ more in 2026 passes: %s", (code, before, amount, passes) => {
    const result = checkNorms(
      proposalFor(
        code,
        { supportAmount: amount, totalCost: amount },
        { decidedAt: "2026-03-10T03:00:00Z" },
      ),
      SHIPPED,
      usage({ [`${code}#ALL`]: before }),
    );
    expect(rule(result, "cumulative_cap")).toMatchObject({
      passed: passes,
      periodKey: "ALL",
      usedBefore: before,
    });
    expect(result.passed).toBe(passes);
  });

  it("does not count the proposal's own hold as earlier use (a re-run after reserving)", () => {
    const code = "A4.LIVELIHOOD_MODEL";
    const snapshot = {
      [`${code}#ALL`]: {
        reserved: 30_000_000,
        holds: { "P-SELF": 25_000_000, "P-OTHER": 5_000_000 },
      },
    };
    const input = proposalFor(code, { supportAmount: 25_000_000, totalCost: 25_000_000 });
    expect(checkNorms(input, SHIPPED, snapshot).passed).toBe(false);
    const rerun = checkNorms({ ...input, proposalId: "P-SELF" }, SHIPPED, snapshot);
    expect(rerun.passed).toBe(true);
    expect(rule(rerun, "cumulative_cap").usedBefore).toBe(5_000_000);
  });
});

describe("A1 savings box: 500,000 đ per group per month, first 3 months only", () => {
  const code = "A1.SAVINGS_BOX_RUNNING";
  const line = (months: number | undefined, amount = 500_000 * (months ?? 1)) => ({
    supportAmount: amount,
    totalCost: amount,
    ...(months !== undefined ? { months } : {}),
  });

  it.each([
    [1, true],
    [3, true],
    [4, false],
    [0, false],
    [2.5, false],
  ])("%s month(s) in one line passes: %s", (months, passes) => {
    const result = checkNorms(proposalFor(code, line(months)), SHIPPED, {});
    expect(rule(result, "months_limit", 1)).toMatchObject({
      passed: passes,
      cap: 3,
      measure: "months",
    });
    expect(result.passed).toBe(passes);
  });

  it("requires the number of months", () => {
    const result = checkNorms(proposalFor(code, line(undefined)), SHIPPED, {});
    expect(failed(result)).toEqual([`months_limit:${code}:L1`]);
    expect(rule(result, "months_limit", 1).messageVi).toContain("cần ghi số tháng (1 đến 3)");
  });

  it("caps a line at 500,000 × its months", () => {
    const result = checkNorms(proposalFor(code, line(2, 1_000_001)), SHIPPED, {});
    expect(rule(result, "item_cap", 1)).toMatchObject({ passed: false, cap: 1_000_000 });
  });

  it.each([
    [2, 1, true],
    [2, 2, false],
    [3, 1, false],
    [0, 3, true],
  ])("%i months used before + %i now passes: %s", (usedMonths, months, passes) => {
    const result = checkNorms(
      proposalFor(code, line(months)),
      SHIPPED,
      usage({ [`${code}#ALL`]: usedMonths * 500_000, [`${code}#ALL#MONTHS`]: usedMonths }),
    );
    expect(rule(result, "cumulative_months")).toMatchObject({
      passed: passes,
      usedBefore: usedMonths,
      amount: months,
      cap: 3,
    });
    expect(result.passed).toBe(passes);
  });

  it("keeps the whole support within 1,500,000 đ even when earlier months were cheaper", () => {
    const result = checkNorms(
      proposalFor(code, line(2, 1_000_000)),
      SHIPPED,
      usage({ [`${code}#ALL`]: 600_000, [`${code}#ALL#MONTHS`]: 1 }),
    );
    expect(result.passed).toBe(false);
    expect(rule(result, "cumulative_cap")).toMatchObject({
      passed: false,
      usedBefore: 600_000,
      cap: 1_500_000,
    });
  });

  it("adds up the months of several lines of one proposal", () => {
    const input = proposalFor(code, line(2));
    const result = checkNorms(
      { ...input, items: [...input.items, { code, ...line(2) }] },
      SHIPPED,
      {},
    );
    expect(rule(result, "proposal_months")).toMatchObject({ passed: false, amount: 4, cap: 3 });
    expect(rule(result, "proposal_cap")).toMatchObject({
      passed: false,
      amount: 2_000_000,
      cap: 1_500_000,
    });
  });

  it("reserves both the đồng and the months", () => {
    const result = checkNorms(proposalFor(code, line(2)), SHIPPED, {});
    expect(result.reservations).toEqual([
      { usageKey: `${code}#ALL`, amount: 1_000_000, cap: 1_500_000, measure: "dong" },
      { usageKey: `${code}#ALL#MONTHS`, amount: 2, cap: 3, measure: "months" },
    ]);
  });
});
