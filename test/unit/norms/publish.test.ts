/** Publishing a set: validated, versioned, never retroactive; a province can only narrow. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../shared/kernel/errors.ts";
import {
  type NormSetDraft,
  NormSetValidationError,
  normSetSchema,
  prepareNormSetVersion,
  SHIPPED_NORM_SETS,
  TT55_2023,
} from "../../../shared/norms/domain/index.ts";
import { provinceCitation, provinceSet, shippedItem } from "./fixtures.ts";

const ADMIN = { id: "admin-1", role: "admin" as const };
/** 10/07/2026 01:00 in Hanoi: today is 2026-07-11 local. */
const NOW = "2026-07-10T18:00:00Z";

function draftOf(over: Partial<NormSetDraft> = {}): NormSetDraft {
  const {
    version: _v,
    publishedAt: _a,
    publishedBy: _b,
    ...set
  } = provinceSet({
    items: [
      {
        ...shippedItem("A4.LIVELIHOOD_MODEL"),
        cap: 20_000_000,
        citation: provinceCitation("Điều 4"),
      },
    ],
  });
  return { ...set, id: "P01-NQ11-2026", effectiveFrom: "2026-07-12", ...over };
}

function issuesOf(fn: () => unknown): { path: string; messageEn: string; messageVi: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof NormSetValidationError) return error.issues;
    throw error;
  }
  throw new Error("expected a NormSetValidationError");
}

describe("prepareNormSetVersion", () => {
  it("numbers a new set 1 and records who published it and when", () => {
    const set = prepareNormSetVersion(draftOf(), SHIPPED_NORM_SETS, ADMIN, NOW);
    expect(set).toMatchObject({
      id: "P01-NQ11-2026",
      version: 1,
      publishedBy: "admin-1",
      publishedAt: "2026-07-10T18:00:00.000Z",
    });
    expect(normSetSchema.safeParse(set).success).toBe(true);
  });

  it("refuses anyone but an admin", () => {
    for (const role of ["province_officer", "approver", "auditor"] as const) {
      expect(
        issuesOf(() =>
          prepareNormSetVersion(draftOf(), SHIPPED_NORM_SETS, { id: "u", role }, NOW),
        )[0]?.messageEn,
      ).toBe("Only an admin may publish a norm set.");
    }
  });

  it.each([
    ["2026-07-10", false],
    ["2026-07-11", false],
    ["2026-07-12", true],
  ])(
    "never starts on or before today (local 2026-07-11): from %s accepted: %s",
    (effectiveFrom, ok) => {
      const run = () =>
        prepareNormSetVersion(draftOf({ effectiveFrom }), SHIPPED_NORM_SETS, ADMIN, NOW);
      if (ok) expect(run().effectiveFrom).toBe(effectiveFrom);
      else expect(issuesOf(run).map((i) => i.path)).toEqual(["effectiveFrom"]);
    },
  );

  it("makes a correction of a set in force a new version with its own start date", () => {
    const { version: _v, publishedAt: _a, publishedBy: _b, ...tt55 } = TT55_2023;
    const retro = issuesOf(() =>
      prepareNormSetVersion(
        { ...tt55, effectiveFrom: "2023-09-29" },
        SHIPPED_NORM_SETS,
        ADMIN,
        NOW,
      ),
    );
    expect(retro[0]?.messageEn).toContain("a set in force is never changed retroactively");
    expect(retro[0]?.messageVi).toContain("không sửa hồi tố");
    const v2 = prepareNormSetVersion(
      { ...tt55, effectiveFrom: "2026-08-01" },
      SHIPPED_NORM_SETS,
      ADMIN,
      NOW,
    );
    expect(v2.version).toBe(2);
    const v3 = prepareNormSetVersion(
      { ...tt55, effectiveFrom: "2026-09-01" },
      [...SHIPPED_NORM_SETS, v2],
      ADMIN,
      NOW,
    );
    expect(v3.version).toBe(3);
  });

  it("keeps the scope and phase of an existing set id", () => {
    const { version: _v, publishedAt: _a, publishedBy: _b, ...tt55 } = TT55_2023;
    const issues = issuesOf(() =>
      prepareNormSetVersion(
        { ...tt55, phase: "2026-2035", effectiveFrom: "2026-08-01" },
        SHIPPED_NORM_SETS,
        ADMIN,
        NOW,
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(["scope"]);
  });

  it.each([
    [30_000_000, true],
    [29_999_999, true],
    [30_000_001, false],
  ])("a province A4 cap of %i đ (national 30,000,000) accepted: %s", (cap, ok) => {
    const draft = draftOf({
      items: [{ ...shippedItem("A4.LIVELIHOOD_MODEL"), cap, citation: provinceCitation("Điều 4") }],
    });
    const run = () => prepareNormSetVersion(draft, SHIPPED_NORM_SETS, ADMIN, NOW);
    if (ok) expect(run().items[0]?.cap).toBe(cap);
    else {
      const issues = issuesOf(run);
      expect(issues.map((i) => i.path)).toEqual(["items.0.cap"]);
      expect(issues[0]?.messageVi).toBe(
        "Tỉnh chỉ được quy định mức thấp hơn hoặc bằng định mức toàn quốc: A4.LIVELIHOOD_MODEL 30.000.001 đ vượt 30.000.000 đ (TT55-2023 v1, Thông tư 55/2023/TT-BTC, Điều 37 khoản 4).",
      );
    }
  });

  it("refuses a province item that widens months, kinds or the period", () => {
    const base = shippedItem("A1.SAVINGS_BOX_RUNNING");
    const issues = issuesOf(() =>
      prepareNormSetVersion(
        draftOf({
          items: [
            {
              ...base,
              period: { kind: "per_month", maxMonths: 4 },
              citation: provinceCitation("Điều 1"),
            },
            {
              ...shippedItem("A4.LIVELIHOOD_MODEL"),
              beneficiaryKinds: ["SURVIVOR_MODEL", "LIVELIHOOD_GROUP"],
              citation: provinceCitation("Điều 2"),
            },
            {
              ...shippedItem("A3.UPGRADE_EQUIPMENT"),
              period: { kind: "per_year" },
              citation: provinceCitation("Điều 3"),
            },
          ],
        }),
        SHIPPED_NORM_SETS,
        ADMIN,
        NOW,
      ),
    );
    expect(issues.map((i) => i.path)).toEqual([
      "items.0.period.maxMonths",
      "items.1.beneficiaryKinds",
      "items.2.period",
    ]);
  });

  it("does not compare a province set with a national set of another phase", () => {
    const set = prepareNormSetVersion(
      draftOf({
        phase: "2026-2035",
        items: [
          {
            ...shippedItem("A4.LIVELIHOOD_MODEL"),
            cap: 35_000_000,
            citation: provinceCitation("Điều 4"),
          },
        ],
      }),
      SHIPPED_NORM_SETS,
      ADMIN,
      NOW,
    );
    expect(set.items[0]?.cap).toBe(35_000_000);
  });

  it("is a 400 ValidationError with field errors for the HTTP layer", () => {
    try {
      prepareNormSetVersion(
        draftOf({ effectiveFrom: "2026-01-01" }),
        SHIPPED_NORM_SETS,
        ADMIN,
        NOW,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).status).toBe(400);
      expect((error as ValidationError).errors[0]?.field).toBe("effectiveFrom");
    }
  });
});

describe("schema of a submitted set", () => {
  const item = shippedItem("A4.LIVELIHOOD_MODEL");
  it.each([
    ["a non-integer cap", { items: [{ ...item, cap: 1.5 }] }, "items.0.cap"],
    ["a negative cap", { items: [{ ...item, cap: -1 }] }, "items.0.cap"],
    ["a zero cap", { items: [{ ...item, cap: 0 }] }, "items.0.cap"],
    ["a cap given as text", { items: [{ ...item, cap: "30000000" }] }, "items.0.cap"],
    ["no items", { items: [] }, "items"],
    ["duplicate codes", { items: [item, item] }, "items.1.code"],
    ["a code of another activity", { items: [{ ...item, code: "A3.MODEL" }] }, "items.0.code"],
    ["an impossible date", { effectiveFrom: "2026-02-30" }, "effectiveFrom"],
    ["an end before the start", { effectiveTo: "2026-07-01" }, "effectiveTo"],
    [
      "a missing citation quote",
      { items: [{ ...item, citation: { ...item.citation, quoteVi: " " } }] },
      "items.0.citation.quoteVi",
    ],
    [
      "zero months",
      { items: [{ ...item, period: { kind: "per_month", maxMonths: 0 } }] },
      "items.0.period.maxMonths",
    ],
    [
      "a lump sum per month",
      { items: [{ ...item, kind: "lump_sum", period: { kind: "per_month", maxMonths: 3 } }] },
      "items.0.period",
    ],
    ["an unknown phase", { phase: "2031-2035" }, "phase"],
  ])("refuses %s", (_what, over, path) => {
    const issues = issuesOf(() =>
      prepareNormSetVersion({ ...draftOf(), ...over }, SHIPPED_NORM_SETS, ADMIN, NOW),
    );
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it("accepts every shipped set as stored data", () => {
    for (const set of SHIPPED_NORM_SETS) {
      const parsed = normSetSchema.safeParse(set);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(set);
    }
  });
});
