/**
 * The ceiling of the law: every cap of a published set is compared with the figure read from the
 * legal text and shipped with the code (NATIONAL_CEILINGS). A province may only narrow it. A
 * national set above it must cite the new legal text that allows it, and the second person who
 * approves the set must confirm that citation: one person can never raise a cap.
 */
import { citeEn, citeVi } from "./messages.ts";
import { formatDongEn, formatDongVi } from "./money.ts";
import type { NormSetIssue } from "./publish.ts";
import { NATIONAL_CEILINGS, type NationalCeiling } from "./shipped.ts";
import type { Citation, NormItem, NormSetDraft } from "./types.ts";

/** A cap above its ceiling, as the approver sees it. */
export interface CeilingFinding {
  path: string;
  code: string;
  cap: number;
  ceiling: NationalCeiling;
  /** The new legal text cited to go above the ceiling, when given. */
  legalCitation?: Citation;
}

function above(item: NormItem, c: NationalCeiling): boolean {
  const months = item.period.kind === "per_month" ? item.period.maxMonths : undefined;
  return item.cap > c.cap || (c.maxMonths !== undefined && (months ?? 0) > c.maxMonths);
}

/** Every item of a set whose cap (or months) is above the shipped ceiling of its code. */
export function ceilingFindings(set: Pick<NormSetDraft, "items">): CeilingFinding[] {
  return set.items.flatMap((item, i) => {
    const c = NATIONAL_CEILINGS.get(item.code);
    if (!c || !above(item, c)) return [];
    const cited = item.aboveCeiling?.legalCitation;
    return [
      {
        path: `items.${i}.cap`,
        code: item.code,
        cap: item.cap,
        ceiling: c,
        ...(cited ? { legalCitation: cited } : {}),
      },
    ];
  });
}

/**
 * What stops a set with these findings: for a province, any finding; for a national set, a
 * finding without a new legal text (or citing the very text it exceeds), and, at approval, a
 * legal citation the approver did not confirm.
 */
export function ceilingIssues(
  set: Pick<NormSetDraft, "items" | "scope">,
  stage: { approving: boolean; confirmed: boolean },
): NormSetIssue[] {
  return ceilingFindings(set).flatMap((f): NormSetIssue[] => {
    const law = `${formatDongVi(f.ceiling.cap)} (${citeVi(f.ceiling.citation)}: “${f.ceiling.citation.quoteVi}”)`;
    const lawEn = `${formatDongEn(f.ceiling.cap)} (${citeEn(f.ceiling.citation)})`;
    if (set.scope.kind === "province") {
      return [
        {
          path: f.path,
          messageVi: `${f.code}: tỉnh chỉ được quy định thấp hơn hoặc bằng mức trần của văn bản pháp luật ${law}; đề xuất ${formatDongVi(f.cap)}.`,
          messageEn: `${f.code}: a province may only narrow the legal ceiling of ${lawEn}; ${formatDongEn(f.cap)} proposed.`,
        },
      ];
    }
    const cited = f.legalCitation;
    if (!cited || cited.document === f.ceiling.citation.document) {
      return [
        {
          path: `${f.path.replace(/\.cap$/, "")}.aboveCeiling.legalCitation`,
          messageVi: `${f.code}: ${formatDongVi(f.cap)} vượt mức trần ${law}; chỉ được vượt khi trích dẫn văn bản pháp luật mới cho phép (aboveCeiling.legalCitation), khác ${f.ceiling.citation.document}.`,
          messageEn: `${f.code}: ${formatDongEn(f.cap)} is above the legal ceiling of ${lawEn}; going above it needs the new legal text that allows it (aboveCeiling.legalCitation), other than ${f.ceiling.citation.documentEn}.`,
        },
      ];
    }
    if (stage.approving && !stage.confirmed) {
      return [
        {
          path: "confirmLegalCitations",
          messageVi: `${f.code}: ${formatDongVi(f.cap)} vượt mức trần ${law} theo ${citeVi(cited)}; người phê duyệt phải xác nhận căn cứ này (confirmLegalCitations).`,
          messageEn: `${f.code}: ${formatDongEn(f.cap)} is above the ceiling of ${lawEn} under ${citeEn(cited)}; the approver must confirm this citation (confirmLegalCitations).`,
        },
      ];
    }
    return [];
  });
}
