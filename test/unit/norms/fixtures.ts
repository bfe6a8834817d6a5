/** Builders shared by the norm tests. Pure data: no mocks, no I/O. */
import {
  type NormCheckInput,
  type NormCheckResult,
  type NormItem,
  type NormRuleKind,
  type NormRuleResult,
  type NormSet,
  SHIPPED_NORM_SETS,
  TT55_2023,
  type UsageSnapshot,
} from "../../../shared/norms/domain/index.ts";

/** 10/03/2026 10:00 in Hanoi: TT55 in force, before the 60/2026 transition. */
export const DECIDED = "2026-03-10T03:00:00Z";
export const PROVINCE = "P01";

export function shippedItem(code: string): NormItem {
  const item = TT55_2023.items.find((i) => i.code === code);
  if (!item) throw new Error(`no shipped item ${code}`);
  return item;
}

type Line = NormCheckInput["items"][number];

/** The registered beneficiary's founding date: the decision falls in its first month. */
export const FOUNDED = "2026-03-01";

/** A proposal of the item's activity and first beneficiary kind, one line. */
export function proposalFor(
  code: string,
  line: Partial<Line>,
  over: Partial<NormCheckInput> = {},
): NormCheckInput {
  const item = shippedItem(code);
  const kind = item.beneficiaryKinds[0] ?? "SAVINGS_GROUP";
  return {
    activity: item.activity ?? "A1",
    beneficiary: { kind, id: "B-1", foundedOn: FOUNDED },
    provinceId: PROVINCE,
    decidedAt: DECIDED,
    items: [{ code, supportAmount: 0, totalCost: 0, ...line }],
    ...over,
  };
}

/** Earlier reservations, each held by one earlier proposal. */
export function usage(entries: Record<string, number>): UsageSnapshot {
  return Object.fromEntries(
    Object.entries(entries).map(([k, v]) => [k, { reserved: v, holds: { "P-EARLIER": v } }]),
  );
}

export function rule(result: NormCheckResult, kind: NormRuleKind, line?: number): NormRuleResult {
  const found = result.rules.find(
    (r) => r.kind === kind && (line === undefined || r.line === line),
  );
  if (!found) {
    throw new Error(`no ${kind} rule in ${result.rules.map((r) => r.ruleId).join(", ")}`);
  }
  return found;
}

export function failed(result: NormCheckResult): string[] {
  return result.rules.filter((r) => !r.passed).map((r) => r.ruleId);
}

/** A province's narrower set, published like any other. */
export function provinceSet(over: Partial<NormSet> & { items: NormItem[] }): NormSet {
  return {
    id: "P01-NQ05-2024",
    version: 1,
    title: { vi: "Định mức của tỉnh P01", en: "Caps of province P01" },
    legalBasis: {
      document: "Nghị quyết 05/2024/NQ-HĐND",
      documentEn: "Resolution 05/2024/NQ-HĐND",
      issuedOn: "2023-12-20",
      effectiveOn: "2024-01-01",
      summaryVi: "Mức hỗ trợ Dự án 8 trên địa bàn tỉnh",
      summaryEn: "Project 8 support amounts in the province",
    },
    scope: { kind: "province", provinceId: PROVINCE },
    phase: "2021-2025",
    effectiveFrom: "2024-01-01",
    publishedAt: "2023-12-25T02:00:00.000Z",
    publishedBy: "admin-1",
    ...over,
  };
}

export const provinceCitation = (article: string) => ({
  document: "Nghị quyết 05/2024/NQ-HĐND",
  documentEn: "Resolution 05/2024/NQ-HĐND",
  article,
  articleEn: article.replace("Điều ", "Art. "),
  quoteVi: "mức hỗ trợ tối đa theo nghị quyết của tỉnh",
});

export const SHIPPED: readonly NormSet[] = SHIPPED_NORM_SETS;
