/** The import templates committed in docs/ are the layouts' own (npm run registry:templates). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COLUMNS } from "../../../shared/registry/domain/import/layout.ts";
import { templateCsv, templateRows } from "../../../shared/registry/domain/import/template.ts";
import { readXlsxSheet } from "../../../shared/registry/domain/import/xlsx-reader.ts";

const docs = new URL("../../../docs/", import.meta.url);

describe.each(["beneficiaries", "members"] as const)("GIVEN the %s template in docs/", (layout) => {
  it("THEN the CSV is what the layout writes", () => {
    expect(readFileSync(new URL(`registry-import-${layout}.csv`, docs), "utf8")).toBe(
      templateCsv(layout),
    );
  });

  it("THEN the XLSX reads back as the layout's header and examples", () => {
    const sheet = readXlsxSheet(readFileSync(new URL(`registry-import-${layout}.xlsx`, docs)));
    const { header, rows } = templateRows(layout);
    expect(sheet.rows[0]).toEqual(header);
    expect(sheet.rows.slice(1).map((r) => header.map((_h, i) => String(r[i] ?? "")))).toEqual(rows);
  });

  it("THEN docs/registry-import.md documents every column", () => {
    const doc = readFileSync(new URL("registry-import.md", docs), "utf8");
    for (const c of COLUMNS[layout]) expect(doc, c.key).toContain(`\`${c.key}\``);
  });
});
