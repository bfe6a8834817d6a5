/**
 * The catalogue a proposal is checked against: the national items, each narrowed by the
 * province's item of the same code (the lower cap, the fewer months, the common beneficiary
 * kinds), plus the province's own items that the national set does not have.
 */
import { refOf } from "./select.ts";
import type { Citation, NormItem, NormSelection, NormSetRef } from "./types.ts";

export interface EffectiveItem {
  item: NormItem;
  /** Citation of the binding figure: the province's when it narrows, else the national one. */
  citation: Citation;
  capSet: NormSetRef;
  /** True when a province figure is lower than the national one. */
  narrowed: boolean;
}

function narrow(national: NormItem, province: NormItem): { item: NormItem; narrowed: boolean } {
  const cap = Math.min(national.cap, province.cap);
  let period = national.period;
  let fewerMonths = false;
  if (national.period.kind === "per_month" && province.period.kind === "per_month") {
    const maxMonths = Math.min(national.period.maxMonths, province.period.maxMonths);
    fewerMonths = maxMonths < national.period.maxMonths;
    period = { kind: "per_month", maxMonths };
  }
  const beneficiaryKinds = national.beneficiaryKinds.filter((k) =>
    province.beneficiaryKinds.includes(k),
  );
  return {
    item: { ...national, cap, period, beneficiaryKinds },
    narrowed: province.cap < national.cap || fewerMonths,
  };
}

export function effectiveItems(selection: NormSelection): Map<string, EffectiveItem> {
  const out = new Map<string, EffectiveItem>();
  const { national, province } = selection;
  if (national) {
    for (const item of national.items) {
      out.set(item.code, {
        item,
        citation: item.citation,
        capSet: refOf(national),
        narrowed: false,
      });
    }
  }
  if (province) {
    for (const item of province.items) {
      const base = out.get(item.code);
      if (!base) {
        out.set(item.code, {
          item,
          citation: item.citation,
          capSet: refOf(province),
          narrowed: false,
        });
        continue;
      }
      const merged = narrow(base.item, item);
      out.set(
        item.code,
        merged.narrowed
          ? { item: merged.item, citation: item.citation, capSet: refOf(province), narrowed: true }
          : { ...base, item: merged.item },
      );
    }
  }
  return out;
}
