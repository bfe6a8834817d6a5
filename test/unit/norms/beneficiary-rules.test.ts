/**
 * The norm rules that read the registered beneficiary: A1's first three months count from the
 * group's founding date; a trusted address receives the founding or the upgrading equipment
 * package, never both (and the reservation makes the other package's row a condition).
 */
import { describe, expect, it } from "vitest";
import { checkNorms } from "../../../shared/norms/domain/index.ts";
import { failed, proposalFor, rule, SHIPPED, usage } from "./fixtures.ts";

const A1 = "A1.SAVINGS_BOX_RUNNING";
const line = (months: number, startMonth?: string) => ({
  supportAmount: 500_000 * months,
  totalCost: 500_000 * months,
  months,
  ...(startMonth ? { startMonth } : {}),
});
const group = (foundedOn?: string) => ({
  kind: "SAVINGS_GROUP" as const,
  id: "BN-0000000001",
  ...(foundedOn ? { foundedOn } : {}),
});

describe("GIVEN A1's running costs of the first three months (decided 10/03/2026)", () => {
  it.each([
    // founded, months, startMonth, passes, why
    ["2026-03-01", 3, undefined, true, "March-May, founded in March"],
    ["2026-02-15", 2, undefined, true, "March-April within February-April"],
    ["2026-02-15", 3, undefined, false, "March-May runs past April"],
    ["2026-02-15", 3, "2026-02", true, "February-April stated"],
    ["2025-06-01", 1, undefined, false, "a group founded in 2025 is past its first months"],
    ["2025-06-01", 3, "2025-06", true, "June-August 2025 stated: its first months"],
    ["2026-03-01", 1, "2026-02", false, "a month before founding"],
  ])(
    "founded %s, %i month(s) from %s passes: %s (%s)",
    (foundedOn, months, start, passes, _why) => {
      const result = checkNorms(
        proposalFor(A1, line(months, start), { beneficiary: group(foundedOn) }),
        SHIPPED,
        {},
      );
      expect(rule(result, "founding_window", 1)).toMatchObject({ passed: passes, cap: 3 });
      expect(result.passed).toBe(passes);
    },
  );

  it("WHEN the registry has no founding date THEN the rule fails and says what to register", () => {
    const result = checkNorms(proposalFor(A1, line(1), { beneficiary: group() }), SHIPPED, {});
    expect(failed(result)).toEqual([`founding_window:${A1}:L1`]);
    expect(rule(result, "founding_window").messageVi).toContain("chưa có ngày thành lập");
    expect(rule(result, "founding_window").messageEn).toContain("no founding date");
  });

  it("WHEN it fails THEN the message gives the window and the months claimed, cited", () => {
    const result = checkNorms(
      proposalFor(A1, line(3), { beneficiary: group("2026-02-15") }),
      SHIPPED,
      {},
    );
    const r = rule(result, "founding_window");
    expect(r.messageVi).toContain("03/2026–05/2026");
    expect(r.messageVi).toContain("02/2026–04/2026");
    expect(r.messageEn).toContain("Art. 37.2(b)");
  });
});

describe("GIVEN a trusted address's equipment packages", () => {
  const NEW = "A3.NEW_ADDRESS_EQUIPMENT";
  const UP = "A3.UPGRADE_EQUIPMENT";
  const amount = (n: number) => ({ supportAmount: n, totalCost: n });

  it("WHEN the address holds nothing THEN the founding package passes and its reservation requires the upgrading row empty", () => {
    const result = checkNorms(proposalFor(NEW, amount(10_000_000)), SHIPPED, {});
    expect(result.passed).toBe(true);
    expect(rule(result, "exclusive_package")).toMatchObject({ passed: true, itemCode: NEW });
    expect(result.reservations).toEqual([
      {
        usageKey: `${NEW}#ALL`,
        amount: 10_000_000,
        cap: 15_000_000,
        measure: "dong",
        requireEmpty: [`${UP}#ALL`],
      },
    ]);
  });

  it("WHEN the address already received the upgrading package THEN the founding package fails", () => {
    const result = checkNorms(
      proposalFor(NEW, amount(1_000_000)),
      SHIPPED,
      usage({ [`${UP}#ALL`]: 2_000_000 }),
    );
    expect(result.passed).toBe(false);
    expect(rule(result, "exclusive_package")).toMatchObject({ passed: false, amount: 2_000_000 });
    expect(rule(result, "exclusive_package").messageVi).toContain(
      "đã nhận gói A3.UPGRADE_EQUIPMENT",
    );
    expect(result.reservations).toEqual([]);
  });

  it("WHEN the address received the founding package THEN upgrading fails, though 3,000,000 đ is within its own cap", () => {
    const result = checkNorms(
      proposalFor(UP, amount(3_000_000)),
      SHIPPED,
      usage({ [`${NEW}#ALL`]: 15_000_000 }),
    );
    expect(rule(result, "cumulative_cap").passed).toBe(true);
    expect(rule(result, "exclusive_package").passed).toBe(false);
    expect(result.passed).toBe(false);
  });

  it("WHEN one proposal claims both THEN it fails", () => {
    const input = proposalFor(NEW, amount(5_000_000));
    const result = checkNorms(
      { ...input, items: [...input.items, { code: UP, ...amount(1_000_000) }] },
      SHIPPED,
      {},
    );
    expect(result.passed).toBe(false);
    expect(result.rules.filter((r) => r.kind === "exclusive_package" && !r.passed)).toHaveLength(2);
  });

  it("WHEN the founding package is claimed twice within its cap THEN it passes (actual cost, up to 15 M)", () => {
    const result = checkNorms(
      proposalFor(NEW, amount(5_000_000)),
      SHIPPED,
      usage({ [`${NEW}#ALL`]: 7_000_000 }),
    );
    expect(result.passed).toBe(true);
  });
});
