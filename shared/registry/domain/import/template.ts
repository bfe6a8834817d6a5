/**
 * The template files of the import layouts (docs/registry-import-*.csv|.xlsx are generated from
 * here by scripts/registry-templates.ts, and the import page serves the same bytes): the header
 * row of column keys and one example row.
 */
import { toCsv } from "../../../audit/domain/export/csv.ts";
import { toXlsx } from "../../../audit/domain/export/xlsx.ts";
import { COLUMNS, type Layout } from "./layout.ts";

const EXAMPLES: Record<Layout, Record<string, string>[]> = {
  beneficiaries: [
    {},
    {
      kind: "HTX",
      commune_id: "C-BATXAT",
      name: "HTX Chè Phìn Hồ",
      leadership: "lam_chu",
      women_by_ethnicity: "Hà Nhì:14; Mông:3",
      men_by_ethnicity: "Hà Nhì:4",
      products: "chè Shan tuyết; chè xanh",
      founded_on: "2021-09-01",
    },
    {
      kind: "DCTC",
      commune_id: "C-BATXAT",
      name: "ĐCTC thôn Phìn Hồ",
      origin: "nang_cap",
      founded_on: "2024-05-20",
    },
  ],
  members: [{}],
};

export function templateRows(layout: Layout): { header: string[]; rows: string[][] } {
  const cols = COLUMNS[layout];
  const header = cols.map((c) => c.key);
  const rows = EXAMPLES[layout].map((ex, i) =>
    cols.map((c) => (i === 0 ? c.example : (ex[c.key] ?? ""))),
  );
  return { header, rows };
}

export const templateCsv = (layout: Layout): string => {
  const { header, rows } = templateRows(layout);
  return toCsv(header, rows);
};

export const templateXlsx = (layout: Layout): Buffer => {
  const { header, rows } = templateRows(layout);
  return toXlsx(layout === "beneficiaries" ? "doi_tuong" : "thanh_vien", header, rows);
};
