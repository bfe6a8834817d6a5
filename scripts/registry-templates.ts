/**
 * Writes the import templates into docs/ from the layouts (shared/registry/domain/import/): a
 * unit test checks that the committed files are what this writes, so they never drift.
 *
 *   npm run registry:templates
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { templateCsv, templateXlsx } from "../shared/registry/domain/import/template.ts";

const docs = fileURLToPath(new URL("../docs/", import.meta.url));
for (const layout of ["beneficiaries", "members"] as const) {
  writeFileSync(`${docs}registry-import-${layout}.csv`, templateCsv(layout), "utf8");
  writeFileSync(`${docs}registry-import-${layout}.xlsx`, templateXlsx(layout));
}
console.log(JSON.stringify({ written: 4 }));
