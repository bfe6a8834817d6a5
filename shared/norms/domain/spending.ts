/**
 * The spending period of a norm set: money paid under a set after its last day of spending is
 * refused, naming the rule that ends it (for 55/2023 tasks, Circular 60/2026 Art. 21.1 after
 * 31/12/2026).
 */
import { citeEn, citeVi, dateVi } from "./messages.ts";
import type { Citation, NormSet } from "./types.ts";

export interface SpendingBreach {
  ruleId: "spending_period";
  setId: string;
  version: number;
  spendingUntil: string;
  citation?: Citation;
  messageVi: string;
  messageEn: string;
}

/** The first set whose spending period ended before `paidOn` (local date), if any. */
export function spendingBreach(
  sets: readonly NormSet[],
  paidOn: string,
): SpendingBreach | undefined {
  for (const s of sets) {
    if (s.spendingUntil === undefined || paidOn <= s.spendingUntil) continue;
    const rule = s.spendingRule;
    const byVi = rule ? ` theo ${citeVi(rule)}` : "";
    const byEn = rule ? ` under ${citeEn(rule)}` : "";
    return {
      ruleId: "spending_period",
      setId: s.id,
      version: s.version,
      spendingUntil: s.spendingUntil,
      ...(rule ? { citation: rule } : {}),
      messageVi: `Không được chi ngày ${dateVi(paidOn)}: kinh phí theo ${s.legalBasis.document} chỉ được chi đến hết ngày ${dateVi(s.spendingUntil)}${byVi}.`,
      messageEn: `No payment on ${paidOn}: money under ${s.legalBasis.documentEn} may be paid only up to ${s.spendingUntil}${byEn}.`,
    };
  }
  return undefined;
}
