/**
 * Bilingual wording of norm-check results: Vietnamese first (with diacritics), English second.
 * Messages name kinds, codes, amounts and citations only, never a beneficiary's name, so that a
 * result can be logged or emailed without personal data.
 */
import type { BeneficiaryKind } from "../../kernel/types.ts";
import { formatLocalDateVi } from "./dates.ts";
import { formatDongEn, formatDongVi } from "./money.ts";
import type { Bilingual, Citation, NormItem, NormSetRef, Phase } from "./types.ts";

export const BENEFICIARY_KIND_LABELS: Record<BeneficiaryKind, Bilingual> = {
  SAVINGS_GROUP: { vi: "tổ tiết kiệm vốn vay thôn bản", en: "savings group" },
  LIVELIHOOD_GROUP: { vi: "tổ nhóm sinh kế", en: "livelihood group" },
  COOPERATIVE_GROUP: { vi: "tổ hợp tác", en: "cooperative group" },
  COOPERATIVE: { vi: "hợp tác xã", en: "cooperative" },
  TRUSTED_ADDRESS: { vi: "địa chỉ tin cậy", en: "trusted address" },
  SURVIVOR_MODEL: {
    vi: "mô hình sinh kế cho nạn nhân mua bán người",
    en: "livelihood model for trafficking survivors",
  },
};

export function citeVi(c: Citation): string {
  return `${c.document}, ${c.article}`;
}

export function citeEn(c: Citation): string {
  return `${c.documentEn}, ${c.articleEn}`;
}

/** "(Thông tư 55/2023/TT-BTC, Điều 37 khoản 4)" / "(Circular 55/2023/TT-BTC, Art. 37.4)". */
export function citedVi(c: Citation | undefined): string {
  return c ? ` (${citeVi(c)})` : "";
}

export function citedEn(c: Citation | undefined): string {
  return c ? ` (${citeEn(c)})` : "";
}

/** "tối đa 30.000.000 đ/mô hình" / "at most 30,000,000 VND per model". */
export function capVi(item: Pick<NormItem, "cap" | "unit">): string {
  return `tối đa ${formatDongVi(item.cap)}/${item.unit.vi}`;
}

export function capEn(item: Pick<NormItem, "cap" | "unit">): string {
  return `at most ${formatDongEn(item.cap)} per ${item.unit.en}`;
}

/** "dòng 2: " / "line 2: ", capitalised at the start of a message. */
export function lineVi(line: number): string {
  return `Dòng ${line}: `;
}

export function lineEn(line: number): string {
  return `Line ${line}: `;
}

export function setRefVi(ref: NormSetRef): string {
  const scope = ref.scope.kind === "national" ? "toàn quốc" : `tỉnh ${ref.scope.provinceId}`;
  return `bộ định mức ${ref.id} phiên bản ${ref.version} (${scope})`;
}

export function setRefEn(ref: NormSetRef): string {
  const scope = ref.scope.kind === "national" ? "national" : `province ${ref.scope.provinceId}`;
  return `norm set ${ref.id} version ${ref.version} (${scope})`;
}

export function phaseVi(phase: Phase): string {
  return `giai đoạn ${phase}`;
}

export function phaseEn(phase: Phase): string {
  return `the ${phase} programme`;
}

export { formatLocalDateVi as dateVi };
