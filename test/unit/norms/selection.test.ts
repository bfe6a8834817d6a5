/** Which set applies: the 55/2023 → 60/2026 transition, versions, a province narrowing caps. */
import { describe, expect, it } from "vitest";
import {
  checkNorms,
  type NormSet,
  type Phase,
  selectNormSets,
  TT55_2023,
} from "../../../shared/norms/domain/index.ts";
import {
  PROVINCE,
  proposalFor,
  provinceCitation,
  provinceSet,
  rule,
  SHIPPED,
  shippedItem,
} from "./fixtures.ts";

describe("Circular 55/2023 → 60/2026 transition", () => {
  const cases: [Phase, string, string, string | null, string][] = [
    ["2021-2025", "2023-08-14T16:59:59Z", "2023-08-14", null, "no 2021-2025 set before 55/2023"],
    ["2021-2025", "2023-08-14T17:00:00Z", "2023-08-15", null, "signed is not in force"],
    ["2021-2025", "2023-09-28T16:59:59Z", "2023-09-28", null, "the day before it takes effect"],
    [
      "2021-2025",
      "2023-09-28T17:00:00Z",
      "2023-09-29",
      "TT55-2023",
      "55/2023 from its effective date",
    ],
    ["2021-2025", "2026-05-30T16:59:59Z", "2026-05-30", "TT55-2023", "the day before 60/2026"],
    [
      "2021-2025",
      "2026-05-30T17:00:00Z",
      "2026-05-31",
      "TT55-2023",
      "kept by Art. 21.1 of 60/2026",
    ],
    [
      "2021-2025",
      "2026-12-31T16:59:59Z",
      "2026-12-31",
      "TT55-2023",
      "the last day of the extension",
    ],
    ["2021-2025", "2026-12-31T17:00:00Z", "2027-01-01", null, "the extension is over"],
    ["2026-2035", "2026-05-30T16:59:59Z", "2026-05-30", null, "before the new phase starts"],
    ["2026-2035", "2026-05-30T17:00:00Z", "2026-05-31", null, "60/2026 has no Project 8 caps"],
    ["2026-2035", "2027-06-01T03:00:00Z", "2027-06-01", null, "still no national set"],
  ];
  it.each(cases)("%s decided at %s (local %s) → %s: %s", (phase, decidedAt, local, setId) => {
    const selection = selectNormSets(SHIPPED, { provinceId: PROVINCE, phase, decidedAt });
    expect(selection.localDate).toBe(local);
    expect(selection.national?.id ?? null).toBe(setId);
    const result = checkNorms(
      proposalFor(
        "A4.LIVELIHOOD_MODEL",
        { supportAmount: 1_000_000, totalCost: 1_000_000 },
        { phase, decidedAt },
      ),
      SHIPPED,
      {},
    );
    expect(result.passed).toBe(setId !== null);
    expect(rule(result, "norm_set").passed).toBe(setId !== null);
    if (setId === null) {
      // Fails closed: the reason is the only rule, and nothing is reserved.
      expect(result.rules.map((r) => r.kind)).toEqual(["norm_set"]);
      expect(result.reservations).toEqual([]);
    }
  });

  it("explains the transition in the reason while 55/2023 is kept", () => {
    const before = selectNormSets(SHIPPED, {
      provinceId: PROVINCE,
      decidedAt: "2026-05-30T16:59:59Z",
    });
    expect(before.reasonEn).not.toContain("60/2026");
    const kept = selectNormSets(SHIPPED, {
      provinceId: PROVINCE,
      decidedAt: "2026-05-30T17:00:00Z",
    });
    expect(kept.reasonVi).toBe(
      "Áp dụng bộ định mức TT55-2023 phiên bản 1 (toàn quốc), Thông tư 55/2023/TT-BTC, hiệu lực từ 29/09/2023 đến 31/12/2026, cho đề xuất giai đoạn 2021-2025 quyết định ngày 31/05/2026 (giờ Việt Nam). Theo Thông tư 60/2026/TT-BTC, Điều 21 khoản 1, nhiệm vụ giai đoạn 2021-2025 được kéo dài đến 31/12/2026 tiếp tục áp dụng Thông tư 55/2023/TT-BTC.",
    );
    expect(kept.reasonEn).toContain(
      "Under Circular 60/2026/TT-BTC, Art. 21.1, tasks of the 2021-2025 programme extended to 2026-12-31 stay under Circular 55/2023/TT-BTC.",
    );
  });

  it("says why no set applies after the extension and in the new phase", () => {
    const ended = selectNormSets(SHIPPED, {
      provinceId: PROVINCE,
      decidedAt: "2026-12-31T17:00:00Z",
    });
    expect(ended.reasonEn).toContain(
      "tasks of the 2021-2025 programme stay under Circular 55/2023/TT-BTC only up to 2026-12-31 (Circular 60/2026/TT-BTC, Art. 21.1)",
    );
    const newPhase = selectNormSets(SHIPPED, {
      provinceId: PROVINCE,
      phase: "2026-2035",
      decidedAt: "2026-07-01T03:00:00Z",
    });
    expect(newPhase.reasonEn).toContain(
      "No norm set in force for a proposal of the 2026-2035 programme decided on 2026-07-01 (Vietnam time): Circular 60/2026/TT-BTC has no Project 8 caps; the province must publish its set",
    );
    expect(newPhase.reasonVi).toContain(
      "Thông tư 60/2026/TT-BTC không quy định định mức riêng cho Dự án 8; tỉnh P01 phải ban hành bộ định mức của tỉnh",
    );
  });

  it("defaults a proposal without a phase to 2021-2025", () => {
    const result = checkNorms(
      proposalFor(
        "A4.LIVELIHOOD_MODEL",
        { supportAmount: 1, totalCost: 1 },
        { decidedAt: "2026-10-01T03:00:00Z" },
      ),
      SHIPPED,
      {},
    );
    expect(result.normSet.national?.id).toBe("TT55-2023");
  });

  it("applies a province's own set in the new phase", () => {
    const set = provinceSet({
      id: "P01-NQ09-2026",
      phase: "2026-2035",
      effectiveFrom: "2026-07-01",
      items: [
        {
          ...shippedItem("A4.LIVELIHOOD_MODEL"),
          cap: 25_000_000,
          citation: provinceCitation("Điều 2"),
        },
      ],
    });
    const at = (decidedAt: string, amount: number) =>
      checkNorms(
        proposalFor(
          "A4.LIVELIHOOD_MODEL",
          { supportAmount: amount, totalCost: amount },
          { phase: "2026-2035", decidedAt },
        ),
        [...SHIPPED, set],
        {},
      );
    expect(at("2026-06-30T16:59:59Z", 1).passed).toBe(false);
    const inForce = at("2026-06-30T17:00:00Z", 25_000_000);
    expect(inForce.passed).toBe(true);
    expect(inForce.normSet).toMatchObject({ national: null, province: { id: "P01-NQ09-2026" } });
    expect(inForce.normSet.reasonEn).toContain("there is no national set for this phase");
    expect(at("2026-07-01T03:00:00Z", 25_000_001).passed).toBe(false);
  });
});

describe("versions", () => {
  const v2: NormSet = {
    ...TT55_2023,
    version: 2,
    effectiveFrom: "2026-08-01",
    items: TT55_2023.items.map((i) =>
      i.code === "A4.LIVELIHOOD_MODEL" ? { ...i, cap: 25_000_000 } : i,
    ),
    publishedAt: "2026-07-15T02:00:00.000Z",
    publishedBy: "admin-1",
  };

  it.each([
    ["2026-07-31T16:59:59Z", 1, 30_000_000],
    ["2026-07-31T17:00:00Z", 2, 25_000_000],
  ])("a correction applies from its own start date: %s → v%i", (decidedAt, version, cap) => {
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 1, totalCost: 1 }, { decidedAt }),
      [v2, ...SHIPPED],
      {},
    );
    expect(result.normSet.national?.version).toBe(version);
    expect(rule(result, "item_cap", 1).cap).toBe(cap);
  });

  it("does not revive an older version once the latest has ended", () => {
    const ended = { ...v2, effectiveTo: "2026-09-30" };
    const sel = selectNormSets([TT55_2023, ended], {
      provinceId: PROVINCE,
      decidedAt: "2026-10-01T03:00:00Z",
    });
    expect(sel.national).toBeUndefined();
  });

  it("prefers the instrument that started last, whatever the order of the list", () => {
    const newer: NormSet = { ...TT55_2023, id: "TT99-2026", effectiveFrom: "2026-04-01" };
    for (const sets of [
      [TT55_2023, newer],
      [newer, TT55_2023],
    ]) {
      expect(
        selectNormSets(sets, { provinceId: PROVINCE, decidedAt: "2026-04-02T00:00:00Z" }).national
          ?.id,
      ).toBe("TT99-2026");
    }
  });
});

describe("a province narrowing the national caps", () => {
  const narrowed = provinceSet({
    items: [
      {
        ...shippedItem("A4.LIVELIHOOD_MODEL"),
        cap: 20_000_000,
        citation: provinceCitation("Điều 4"),
      },
      {
        ...shippedItem("A1.SAVINGS_BOX_RUNNING"),
        period: { kind: "per_month", maxMonths: 2 },
        citation: provinceCitation("Điều 5"),
      },
    ],
  });
  const sets = [...SHIPPED, narrowed];

  it.each([
    [PROVINCE, 19_999_999, true, 20_000_000],
    [PROVINCE, 20_000_000, true, 20_000_000],
    [PROVINCE, 20_000_001, false, 20_000_000],
    ["P02", 30_000_000, true, 30_000_000],
  ])("in %s, %i đ for an A4 model passes: %s (cap %i)", (provinceId, amount, passes, cap) => {
    const result = checkNorms(
      proposalFor(
        "A4.LIVELIHOOD_MODEL",
        { supportAmount: amount, totalCost: amount },
        { provinceId },
      ),
      sets,
      {},
    );
    expect(result.passed).toBe(passes);
    const r = rule(result, "item_cap", 1);
    expect(r.cap).toBe(cap);
    if (provinceId === PROVINCE) {
      expect(r.capSet).toEqual({
        id: "P01-NQ05-2024",
        version: 1,
        scope: { kind: "province", provinceId: "P01" },
      });
      expect(r.citation?.document).toBe("Nghị quyết 05/2024/NQ-HĐND");
      expect(result.normSet.reasonVi).toContain(
        "Định mức được thu hẹp bởi bộ định mức P01-NQ05-2024",
      );
      expect(rule(result, "cumulative_cap").cap).toBe(20_000_000);
    } else {
      expect(r.capSet?.id).toBe("TT55-2023");
      expect(result.normSet.province).toBeNull();
    }
  });

  it("narrows the number of months", () => {
    const result = checkNorms(
      proposalFor("A1.SAVINGS_BOX_RUNNING", {
        supportAmount: 1_500_000,
        totalCost: 1_500_000,
        months: 3,
      }),
      sets,
      {},
    );
    expect(rule(result, "months_limit", 1)).toMatchObject({ passed: false, cap: 2 });
    expect(rule(result, "months_limit", 1).citation?.article).toBe("Điều 5");
  });

  it("keeps the national items the province does not name", () => {
    const result = checkNorms(
      proposalFor("A3.NEW_ADDRESS_EQUIPMENT", { supportAmount: 15_000_000, totalCost: 15_000_000 }),
      sets,
      {},
    );
    expect(result.passed).toBe(true);
    expect(rule(result, "item_cap", 1).capSet?.id).toBe("TT55-2023");
  });

  it("never widens, even if a wider province figure got stored", () => {
    const wider = provinceSet({
      items: [
        {
          ...shippedItem("A4.LIVELIHOOD_MODEL"),
          cap: 40_000_000,
          citation: provinceCitation("Điều 4"),
        },
      ],
    });
    const result = checkNorms(
      proposalFor("A4.LIVELIHOOD_MODEL", { supportAmount: 30_000_001, totalCost: 30_000_001 }),
      [...SHIPPED, wider],
      {},
    );
    expect(rule(result, "item_cap", 1)).toMatchObject({ passed: false, cap: 30_000_000 });
    expect(rule(result, "item_cap", 1).capSet?.id).toBe("TT55-2023");
  });

  it("applies a province's own local item that the national set lacks", () => {
    const local = provinceSet({
      items: [
        {
          ...shippedItem("A4.LIVELIHOOD_MODEL"),
          code: "A4.LOCAL_VOCATIONAL",
          cap: 5_000_000,
          citation: provinceCitation("Điều 6"),
        },
      ],
    });
    const result = checkNorms(
      proposalFor(
        "A4.LIVELIHOOD_MODEL",
        {},
        {
          items: [{ code: "A4.LOCAL_VOCATIONAL", supportAmount: 5_000_001, totalCost: 6_000_000 }],
        },
      ),
      [...SHIPPED, local],
      {},
    );
    expect(rule(result, "item_cap", 1)).toMatchObject({ passed: false, cap: 5_000_000 });
  });
});
