/**
 * Budget norms ("định mức hỗ trợ") as versioned data. A norm set is one legal instrument
 * (a circular, or a province's People's Council resolution) read into caps per item; a
 * proposal is checked against the set in force for its decision date and programme phase.
 * See docs/norms.md for the reading of the law behind each choice.
 */
import type { Activity, BeneficiaryKind, Dong } from "../../kernel/types.ts";

/** Programme phase a proposal belongs to. 55/2023 serves 2021-2025; 60/2026 the merged 2026-2035. */
export const PHASES = ["2021-2025", "2026-2035"] as const;
export type Phase = (typeof PHASES)[number];

/** A Vietnamese text with its English reading. Vietnamese first, always. */
export interface Bilingual {
  vi: string;
  en: string;
}

/** Where a figure comes from, kept next to it so anyone can check it against the gazette. */
export interface Citation {
  /** e.g. "Thông tư 55/2023/TT-BTC". */
  document: string;
  /** e.g. "Circular 55/2023/TT-BTC". */
  documentEn: string;
  /** e.g. "Điều 37 khoản 3 điểm b". */
  article: string;
  /** e.g. "Art. 37.3(b)". */
  articleEn: string;
  /** The wording of the law, quoted exactly as read (Vietnamese). */
  quoteVi: string;
  /** Why the quote is partial or what still needs checking, when it is. */
  note?: string;
}

/**
 * Over which period a cap accumulates per beneficiary.
 * - `one_off`: over all time ("/địa chỉ" without "/năm").
 * - `per_year`: per calendar year in Asia/Ho_Chi_Minh ("/năm").
 * - `per_month`: the cap is per month, for at most `maxMonths` months over all time
 *   ("trong 3 tháng đầu tiên ... /tháng/tổ").
 */
export type NormPeriod =
  | { kind: "one_off" }
  | { kind: "per_year" }
  | { kind: "per_month"; maxMonths: number };

/**
 * How the support relates to the cost.
 * - `actual_cost`: "theo thực tế phát sinh, tối đa ..." — actual cost, up to the cap.
 * - `lump_sum`: "trọn gói" with a fixed amount — the support is exactly the cap.
 * - `lump_sum_up_to`: "trọn gói, tối đa ..." — a package of at most the cap.
 */
export const NORM_ITEM_KINDS = ["actual_cost", "lump_sum", "lump_sum_up_to"] as const;
export type NormItemKind = (typeof NORM_ITEM_KINDS)[number];

/**
 * Who pays what exceeds the support.
 * - `beneficiary_pays_remainder`: the law says the beneficiary co-finances the rest (Art. 37.1).
 * - `not_specified`: the law is silent; a cost above the support is shown as co-financing.
 */
export const CO_FINANCING_RULES = ["beneficiary_pays_remainder", "not_specified"] as const;
export type CoFinancingRule = (typeof CO_FINANCING_RULES)[number];

export interface NormItem {
  /** Stable code, `<activity>.<NAME>`, e.g. "A2.TECH_SUPPORT"; "P8." for catalogue-only items. */
  code: string;
  /** Activity whose proposals may claim it; null for catalogue entries outside A1..A4. */
  activity: Activity | null;
  /** Beneficiary kinds the cap applies to; empty for catalogue entries. */
  beneficiaryKinds: BeneficiaryKind[];
  name: Bilingual;
  /** Integer đồng: per unit, per month for `per_month` items. */
  cap: Dong;
  /** What the cap is counted per, as written after the slash: "mô hình", "địa chỉ/năm". */
  unit: Bilingual;
  period: NormPeriod;
  kind: NormItemKind;
  coFinancing: CoFinancingRule;
  citation: Citation;
  /**
   * A national cap above the ceiling shipped with the code (the legal text read into
   * NATIONAL_CEILINGS) must cite the new legal text that allows it; the approver confirms it.
   */
  aboveCeiling?: { legalCitation: Citation };
}

export type NormScope = { kind: "national" } | { kind: "province"; provinceId: string };

export interface LegalBasis {
  /** e.g. "Thông tư 55/2023/TT-BTC" or "Nghị quyết 12/2026/NQ-HĐND tỉnh ...". */
  document: string;
  documentEn: string;
  /** Date the instrument was signed, YYYY-MM-DD. */
  issuedOn: string;
  /**
   * Date the instrument takes effect (hiệu lực thi hành), YYYY-MM-DD: a set never starts before
   * it (signing is not taking effect). Required for new drafts; older stored versions may lack it.
   */
  effectiveOn?: string;
  summaryVi: string;
  summaryEn: string;
}

/** What an admin submits to publish a set; the store adds the version and who published it. */
export interface NormSetDraft {
  /** Stable id across versions, e.g. "TT55-2023" or "HN-NQ12-2026". */
  id: string;
  title: Bilingual;
  legalBasis: LegalBasis;
  scope: NormScope;
  phase: Phase;
  /** First day in force, local date (Asia/Ho_Chi_Minh) YYYY-MM-DD, inclusive. */
  effectiveFrom: string;
  /** Last day in force, local date, inclusive; open-ended when absent. */
  effectiveTo?: string;
  /**
   * Last day money may be paid under this set (local date, inclusive): a payment after it is
   * refused naming `spendingRule`. Absent: no limit beyond the approval.
   */
  spendingUntil?: string;
  /** The rule that ends the spending period (e.g. Circular 60/2026, Art. 21.1). */
  spendingRule?: Citation;
  items: NormItem[];
}

export interface NormSet extends NormSetDraft {
  /** 1, 2, ...: a correction is a new version with its own start date, never an edit. */
  version: number;
  /** ISO-8601 UTC. */
  publishedAt: string;
  /** Username of the admin who approved it (the second person), or "system" for shipped sets. */
  publishedBy: string;
  /** Username of the admin who drafted it (four eyes: never the approver). */
  draftedBy?: string;
}

export interface NormSetRef {
  id: string;
  version: number;
  scope: NormScope;
}

/** What was reserved against one usage key, as loaded from the store. */
export interface UsageEntry {
  /** Sum of all holds: đồng, or months for `#MONTHS` keys. */
  reserved: number;
  /** proposalId → amount held by that proposal. */
  holds: Readonly<Record<string, number>>;
}

/** One beneficiary's reservations, by usage key. Missing keys mean nothing reserved yet. */
export type UsageSnapshot = Readonly<Record<string, UsageEntry>>;

export type Measure = "dong" | "months";

/** An amount to hold against a beneficiary's cap, written atomically with the approval. */
export interface Reservation {
  /** `<itemCode>#<periodKey>` (đồng) or `<itemCode>#<periodKey>#MONTHS` (months). */
  usageKey: string;
  amount: number;
  /** The cap of the period in the same measure; the store refuses to let `reserved` exceed it. */
  cap: number;
  measure: Measure;
  /**
   * Usage keys of the same beneficiary that must hold nothing when this commits (exclusive
   * packages: beneficiary-rules.ts); the store adds a condition on each to the transaction.
   */
  requireEmpty?: readonly string[];
}

export const NORM_RULE_KINDS = [
  "norm_set",
  "has_items",
  "amounts_valid",
  "item_allowed",
  "support_within_cost",
  "months_limit",
  "lump_sum",
  "item_cap",
  "proposal_cap",
  "proposal_months",
  "cumulative_cap",
  "cumulative_months",
  "co_financing",
  "founding_window",
  "exclusive_package",
] as const;
export type NormRuleKind = (typeof NORM_RULE_KINDS)[number];

export interface NormRuleResult {
  /** Unique within a result: `<kind>[:<itemCode>][:L<line>]`. */
  ruleId: string;
  kind: NormRuleKind;
  /** `info` rules explain (co-financing) and never fail the check. */
  severity: "check" | "info";
  itemCode?: string;
  /** 1-based line of the proposal the rule is about. */
  line?: number;
  passed: boolean;
  /** The amount checked (đồng, or months when `measure` is "months"). */
  amount: number;
  measure: Measure;
  cap?: number;
  usedBefore?: number;
  periodKey?: string;
  citation?: Citation;
  /** The set whose figure is the binding cap (a province set when it narrows). */
  capSet?: NormSetRef;
  messageVi: string;
  messageEn: string;
}

export interface NormSelection {
  national?: NormSet;
  province?: NormSet;
  /** Decision date in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
  localDate: string;
  reasonVi: string;
  reasonEn: string;
}

export interface NormCheckInput {
  activity: Activity;
  /** Defaults to "2021-2025", the programme every proposal of the handbook belongs to. */
  phase?: Phase;
  /** The registered beneficiary: its id (caps key on it) and, when known, its founding date. */
  beneficiary: { kind: BeneficiaryKind; id: string; foundedOn?: string };
  items: ReadonlyArray<{
    code: string;
    supportAmount: number;
    totalCost: number;
    months?: number;
    /** Per-month items: the first month claimed, YYYY-MM (default: the decision's month). */
    startMonth?: string;
  }>;
  provinceId: string;
  /** ISO-8601 UTC of the approval; "now" for a dry run. */
  decidedAt: string;
  /** The proposal's own holds (a re-run after its reservation) are not counted as earlier use. */
  proposalId?: string;
}

export interface NormCheckResult {
  passed: boolean;
  normSet: {
    national: NormSetRef | null;
    province: NormSetRef | null;
    localDate: string;
    reasonVi: string;
    reasonEn: string;
  };
  rules: NormRuleResult[];
  /** What to reserve when `passed`; empty when the check failed. */
  reservations: Reservation[];
  totals: { support: Dong; totalCost: Dong; coFinancing: Dong };
}
