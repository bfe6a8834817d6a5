/** The shipped data: every figure with its source, quoted as NORMS.md reads it. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  formatDongEn,
  formatDongVi,
  isWholeDong,
  TT55_2023,
  TT60_2026_TRANSITION,
} from "../../../shared/norms/domain/index.ts";

// The team's reading of the law: shared/ beside the repository when present (on the team's
// machines and in CI), otherwise the copy kept in docs/sources/ so that a clone alone passes.
const BESIDE = fileURLToPath(new URL("../../../../shared/domain/NORMS.md", import.meta.url));
const VENDORED = fileURLToPath(new URL("../../../docs/sources/NORMS.md", import.meta.url));
const NORMS_MD = existsSync(BESIDE) ? BESIDE : VENDORED;

describe("TT55-2023 as shipped", () => {
  it("quotes every item's wording exactly as NORMS.md gives it", () => {
    expect(existsSync(NORMS_MD), `${NORMS_MD} is missing`).toBe(true);
    const text = readFileSync(NORMS_MD, "utf8").normalize("NFC");
    for (const item of TT55_2023.items) {
      expect(text, item.code).toContain(item.citation.quoteVi.normalize("NFC"));
      expect(text, item.code).toContain(item.citation.articleEn);
    }
  });

  it("cites 55/2023 for every item and notes what is still to be checked", () => {
    for (const item of TT55_2023.items) {
      expect(item.citation.document).toBe("Thông tư 55/2023/TT-BTC");
      if (item.citation.quoteVi === "trọn gói") expect(item.citation.note).toMatch(/gazette/);
    }
  });

  it("is in force from the circular's effective date (not its signing) to the end of the 60/2026 extension, and money is paid no later", () => {
    expect(TT55_2023.legalBasis.issuedOn).toBe("2023-08-15");
    expect(TT55_2023.legalBasis.effectiveOn).toBe("2023-09-29");
    expect([TT55_2023.effectiveFrom, TT55_2023.effectiveTo]).toEqual(["2023-09-29", "2026-12-31"]);
    expect(TT55_2023.spendingUntil).toBe("2026-12-31");
    expect(TT55_2023.spendingRule).toMatchObject({
      documentEn: "Circular 60/2026/TT-BTC",
      articleEn: "Art. 21.1",
    });
    expect(TT55_2023.effectiveTo).toBe(TT60_2026_TRANSITION.previousPhaseUntil);
    expect(TT60_2026_TRANSITION.effectiveFrom).toBe("2026-05-31");
  });
});

describe("money", () => {
  it.each([
    [0, "0 đ", "0 VND"],
    [500_000, "500.000 đ", "500,000 VND"],
    [30_000_000, "30.000.000 đ", "30,000,000 VND"],
    [100_000_001, "100.000.001 đ", "100,000,001 VND"],
  ])("%i is %s and %s", (n, vi, en) => {
    expect(formatDongVi(n)).toBe(vi);
    expect(formatDongEn(n)).toBe(en);
  });

  it.each([
    [1, true],
    [0, true],
    [-1, false],
    [1.5, false],
    [Number.NaN, false],
    ["1", false],
  ])("isWholeDong(%s) is %s", (v, ok) => {
    expect(isWholeDong(v)).toBe(ok);
  });
});
