import type { Cell } from "./csv.ts";
import { unzip, zip } from "./zip.ts";

/**
 * A minimal XLSX (SpreadsheetML, ECMA-376) workbook: one sheet, inline strings (no shared
 * string table), numbers as numbers, a bold frozen header row. Opens in Excel, LibreOffice and
 * Google Sheets; Vietnamese text is plain UTF-8 XML.
 */
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** Characters XML 1.0 does not allow are dropped; markup characters are escaped. */
function esc(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Column letters of a zero-based index: 0 → A, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function cellXml(value: Cell, ref: string, style: number): string {
  const s = style ? ` s="${style}"` : "";
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "number" && Number.isFinite(value))
    return `<c r="${ref}"${s}><v>${value}</v></c>`;
  if (typeof value === "boolean") return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${esc(String(value))}</t></is></c>`;
}

function sheetXml(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const all: (readonly Cell[])[] = [header, ...rows];
  const body = all
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r.map((v, c) => cellXml(v, `${columnName(c)}${i + 1}`, i === 0 ? 1 : 0)).join("")}</row>`,
    )
    .join("");
  return (
    `${XML}<worksheet xmlns="${NS}" xmlns:r="${REL}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetData>${body}</sheetData></worksheet>`
  );
}

/** The workbook as bytes. The sheet name is cut to Excel's 31 characters. */
export function toXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
): Buffer {
  const name = esc(sheetName.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Sheet1");
  const files: [string, string][] = [
    [
      "[Content_Types].xml",
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        "</Types>",
    ],
    [
      "_rels/.rels",
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      "xl/workbook.xml",
      `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      "xl/styles.xml",
      `${XML}<styleSheet xmlns="${NS}">` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        "</styleSheet>",
    ],
    ["xl/worksheets/sheet1.xml", sheetXml(header, rows)],
  ];
  return zip(files.map(([n, text]) => ({ name: n, data: Buffer.from(text, "utf8") })));
}

function unesc(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/**
 * Reads back the first sheet of a workbook written by toXlsx (inline strings, numbers,
 * booleans) as rows of cells, for tests and tools. Not a general XLSX reader.
 */
export function readXlsx(buf: Buffer): {
  sheetName: string;
  rows: (string | number | boolean)[][];
} {
  const files = new Map(unzip(buf).map((e) => [e.name, e.data.toString("utf8")]));
  for (const required of [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
  ]) {
    if (!files.has(required)) throw new Error(`xlsx: missing ${required}`);
  }
  const sheetName = unesc(
    /<sheet name="([^"]*)"/.exec(files.get("xl/workbook.xml") ?? "")?.[1] ?? "",
  );
  const sheet = files.get("xl/worksheets/sheet1.xml");
  if (!sheet) throw new Error("xlsx: missing xl/worksheets/sheet1.xml");
  const rows: (string | number | boolean)[][] = [];
  for (const rowMatch of sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/gs)) {
    const row: (string | number | boolean)[] = [];
    for (const c of (rowMatch[2] ?? "").matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/gs)) {
      const letters = c[1] ?? "A";
      let col = 0;
      for (const ch of letters) col = col * 26 + (ch.charCodeAt(0) - 64);
      while (row.length < col - 1) row.push("");
      const attrs = c[2] ?? "";
      const inner = c[3] ?? "";
      if (attrs.includes('t="inlineStr"'))
        row.push(unesc(/<t[^>]*>(.*?)<\/t>/s.exec(inner)?.[1] ?? ""));
      else if (attrs.includes('t="b"')) row.push(/<v>1<\/v>/.test(inner));
      else row.push(Number(/<v>(.*?)<\/v>/.exec(inner)?.[1] ?? "0"));
    }
    rows[Number(rowMatch[1]) - 1] = row;
  }
  return { sheetName, rows };
}
