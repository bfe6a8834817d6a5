/**
 * The reporting layout of the XLSX export, as Vietnamese report forms lay out a "biểu": one row
 * per indicator (with "trong đó" rows for its disaggregations), the place's annual target, the
 * period's result and the share of the target reached, then one column per child place.
 */
import type { Cell } from "../../audit/domain/export/csv.ts";
import type { Dashboard } from "./dashboard.ts";
import { VALUE_LABELS } from "./measures.ts";

const UNIT_LABEL = { percent: "% ", count: "số lượng / count", dong: "đồng (VND)" } as const;

export function exportLayout(d: Dashboard): { sheet: string; header: string[]; rows: Cell[][] } {
  const header = [
    "STT / No.",
    "Mã chỉ tiêu / Code",
    "Chỉ tiêu",
    "Indicator",
    "Đơn vị tính / Unit",
    "Chỉ tiêu năm / Annual target",
    `Kết quả ${d.period.id} / Result`,
    "% so với chỉ tiêu / % of target",
    ...d.children.map((c) => `${c.place.name.vi} (${c.place.id})`),
  ];
  const rows: Cell[][] = [];
  d.indicators.forEach((ind, i) => {
    rows.push([
      i + 1,
      ind.code,
      ind.name.vi,
      ind.name.en,
      UNIT_LABEL[ind.unit],
      ind.target ?? "",
      ind.value ?? "",
      ind.progress ?? "",
      ...d.children.map((c) => c.figures[ind.code]?.value ?? ""),
    ]);
    for (const b of ind.breakdown)
      for (const v of b.values) {
        if (v.figure === null || v.figure === 0) continue;
        const label = VALUE_LABELS[v.value] ?? { vi: v.value, en: v.value };
        rows.push([
          "",
          "",
          `   trong đó: ${label.vi}`,
          `   of which: ${label.en}`,
          "",
          "",
          v.figure,
          "",
          ...d.children.map(() => ""),
        ]);
      }
  });
  return { sheet: `${d.place.id} ${d.period.id}`, header, rows };
}
