import type { Lang } from "../../web/i18n.ts";
import { money } from "../../web/i18n.ts";
import type { IndicatorUnit, Text } from "../domain/indicators.ts";
import { VALUE_LABELS } from "../domain/measures.ts";

/** A figure in the reader's way of writing numbers, by its unit. */
export function figureText(lang: Lang, unit: IndicatorUnit, v: number | null | undefined): string {
  if (v === null || v === undefined) return "–";
  if (unit === "dong") return money(lang, v);
  const n = v.toLocaleString(lang === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 1 });
  return unit === "percent" ? (lang === "vi" ? `${n} %` : `${n}%`) : n;
}

export const tx = (lang: Lang, t: Text) => (lang === "vi" ? t.vi : t.en);

export const valueLabel = (lang: Lang, v: string) => {
  const l = VALUE_LABELS[v];
  return l ? tx(lang, l) : v;
};

/** A period's name: "Quý 2/2026", "6 tháng đầu năm 2026", "Năm 2026". */
export function periodName(lang: Lang, id: string): string {
  const m = /^(\d{4})(?:-(Q|H)([1-4]))?$/.exec(id);
  if (!m) return id;
  const [, y, k, i] = m;
  if (k === "Q") return lang === "vi" ? `Quý ${i}/${y}` : `Q${i} ${y}`;
  if (k === "H")
    return lang === "vi" ? `6 tháng ${i === "1" ? "đầu" : "cuối"} năm ${y}` : `H${i} ${y}`;
  return lang === "vi" ? `Năm ${y}` : `Year ${y}`;
}
