/**
 * The import's XLSX reader on files made by the project's own writer and on the structure a
 * spreadsheet program typically writes (shared strings with rich-text runs and phonetic hints,
 * styles, formulas with cached results, dates as serial numbers, sparse rows, a `x:` namespace
 * prefix, absolute relationship targets), and on damaged files.
 */
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toXlsx } from "../../../shared/audit/domain/export/xlsx.ts";
import { zip } from "../../../shared/audit/domain/export/zip.ts";
import {
  readXlsxSheet,
  serialToDate,
  XlsxError,
  xmlText,
} from "../../../shared/registry/domain/import/xlsx-reader.ts";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

function workbook(files: Record<string, string>): Buffer {
  return zip(
    Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text, "utf8") })),
  );
}

/** The parts and markup Excel writes for a small sheet (trimmed of what the reader ignores). */
function excelLike(opts: { prefix?: string; absoluteTarget?: boolean; date1904?: boolean } = {}) {
  const p = opts.prefix ? `${opts.prefix}:` : "";
  const xmlns = opts.prefix ? `xmlns:${opts.prefix}="${NS}"` : `xmlns="${NS}"`;
  return workbook({
    "[Content_Types].xml": `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
    "_rels/.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `${XML}<${p}workbook ${xmlns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${p}workbookPr${opts.date1904 ? ' date1904="1"' : ""} defaultThemeVersion="166925"/><${p}sheets><${p}sheet name="Danh sách" sheetId="1" r:id="rId3"/><${p}sheet name="Khác" sheetId="2" r:id="rId4"/></${p}sheets></${p}workbook>`,
    "xl/_rels/workbook.xml.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId4" Type="worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="worksheet" Target="${opts.absoluteTarget ? "/xl/worksheets/danh-sach.xml" : "worksheets/danh-sach.xml"}"/><Relationship Id="rId5" Type="sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    "xl/sharedStrings.xml": `${XML}<${p}sst ${xmlns} count="5" uniqueCount="5"><${p}si><${p}t>kind</${p}t></${p}si><${p}si><${p}t>name</${p}t></${p}si><${p}si><${p}r><${p}rPr><${p}b/><${p}sz val="11"/></${p}rPr><${p}t xml:space="preserve">Tổ TKVVTB </${p}t></${p}r><${p}r><${p}t>thôn Lếch &amp; Mông</${p}t></${p}r></${p}si><${p}si><${p}t>TO_TKVVTB</${p}t><${p}rPh sb="0" eb="2"><${p}t>ふりがな</${p}t></${p}rPh></${p}si><${p}si><${p}t>founded_on</${p}t></${p}si></${p}sst>`,
    "xl/worksheets/danh-sach.xml": `${XML}<${p}worksheet ${xmlns}><${p}dimension ref="A1:D4"/><${p}sheetViews><${p}sheetView workbookViewId="0"/></${p}sheetViews><${p}sheetData><${p}row r="1" spans="1:3"><${p}c r="A1" t="s"><${p}v>0</${p}v></${p}c><${p}c r="B1" t="s"><${p}v>1</${p}v></${p}c><${p}c r="C1" t="s"><${p}v>4</${p}v></${p}c></${p}row><${p}row r="2" spans="1:4"><${p}c r="A2" t="s"><${p}v>3</${p}v></${p}c><${p}c r="B2" t="s"><${p}v>2</${p}v></${p}c><${p}c r="C2" s="1"><${p}v>45366</${p}v></${p}c><${p}c r="D2" t="str"><${p}f>A2&amp;"-x"</${p}f><${p}v>TO_TKVVTB-x</${p}v></${p}c></${p}row><${p}row r="4"><${p}c r="A4" t="inlineStr"><${p}is><${p}t>HTX</${p}t></${p}is></${p}c><${p}c r="C4" t="b"><${p}v>1</${p}v></${p}c><${p}c r="D4" t="e"><${p}v>#N/A</${p}v></${p}c><${p}c r="E4"/></${p}row></${p}sheetData><${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></${p}worksheet>`,
    "xl/worksheets/sheet2.xml": `${XML}<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>not this sheet</t></is></c></row></sheetData></worksheet>`,
    "xl/styles.xml": `${XML}<styleSheet xmlns="${NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  });
}

const EXPECTED = [
  ["kind", "name", "founded_on"],
  ["TO_TKVVTB", "Tổ TKVVTB thôn Lếch & Mông", 45366, "TO_TKVVTB-x"],
  [],
  ["HTX", "", true, "#N/A"],
];

describe("GIVEN a workbook written by the project's XLSX writer", () => {
  it("WHEN it is read THEN every cell comes back, numbers as numbers", () => {
    const header = ["kind", "commune_id", "name", "founded_on"];
    const rows = [
      ["TO_TKVVTB", "C-BATXAT", 'Tổ TKVVTB <thôn> "Lếch" & Mông', "2024-03-15"],
      ["HTX", "C-BATXAT", "HTX Chè", 2021],
    ];
    const sheet = readXlsxSheet(toXlsx("Đối tượng", header, rows));
    expect(sheet.sheetName).toBe("Đối tượng");
    expect(sheet.rows).toEqual([header, ...rows]);
  });
});

describe("GIVEN a workbook as a spreadsheet program writes it", () => {
  it("WHEN it is read THEN the first sheet comes back: shared strings, rich runs, formulas' results, booleans, errors, sparse rows", () => {
    const sheet = readXlsxSheet(excelLike());
    expect(sheet.sheetName).toBe("Danh sách");
    expect(sheet.rows).toEqual(EXPECTED);
    expect(serialToDate(45366)).toBe("2024-03-15");
  });

  it("WHEN elements carry a namespace prefix and the relationship target is absolute THEN it reads the same", () => {
    expect(readXlsxSheet(excelLike({ prefix: "x", absoluteTarget: true })).rows).toEqual(EXPECTED);
  });

  it("WHEN the workbook counts dates from 1904 THEN it says so", () => {
    const sheet = readXlsxSheet(excelLike({ date1904: true }));
    expect(sheet.date1904).toBe(true);
    expect(serialToDate(43904, true)).toBe("2024-03-15");
  });

  it("WHEN cells and rows have no r reference THEN they follow one another", () => {
    const buf = workbook({
      "xl/workbook.xml": `<workbook xmlns="${NS}"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>`,
      "xl/worksheets/sheet1.xml": `<worksheet xmlns="${NS}"><sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row><c t="inlineStr"><is><t>b</t></is></c></row></sheetData></worksheet>`,
    });
    expect(readXlsxSheet(buf).rows).toEqual([["a", 2], ["b"]]);
  });

  it("WHEN text holds entities and _xHHHH_ escapes THEN they are decoded", () => {
    expect(xmlText("a&#x1EA1;&#7841;&amp;b_x000D_c")).toBe("aạạ&b\rc");
  });
});

describe("GIVEN a damaged or foreign file", () => {
  it("WHEN it is not a ZIP THEN XlsxError says so", () => {
    expect(() => readXlsxSheet(Buffer.from("kind,name\nHTX,A\n"))).toThrow(XlsxError);
  });

  it("WHEN a part's bytes do not match its CRC THEN XlsxError names it", () => {
    const buf = excelLike();
    const i = buf.indexOf(Buffer.from("xl/worksheets/danh-sach.xml")) + 40;
    buf[i] = (buf[i] ?? 0) ^ 0xff;
    expect(() => readXlsxSheet(buf)).toThrow(/damaged|decompressed|CRC/);
  });

  it("WHEN a part claims to inflate to more than the limit THEN it is refused, not inflated", () => {
    const bomb = deflateRawSync(Buffer.alloc(40 * 1024 * 1024));
    // By hand: a workbook, then a sheet entry that says 1 KiB but inflates to 40 MiB.
    const entries = [
      {
        name: "xl/workbook.xml",
        data: Buffer.from(`<workbook xmlns="${NS}"><sheets><sheet name="S"/></sheets></workbook>`),
      },
    ];
    const small = zip(entries);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(bomb.length, 18);
    header.writeUInt32LE(1024, 22);
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    header.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(bomb.length, 20);
    cd.writeUInt32LE(1024, 24);
    cd.writeUInt16LE(name.length, 28);
    const wb = small.subarray(0, small.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const wbCd = small.subarray(
      small.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])),
      small.length - 22,
    );
    cd.writeUInt32LE(wb.length, 42);
    const all = Buffer.concat([wb, header, name, bomb]);
    const central = Buffer.concat([wbCd, cd, name]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(central.length, 12);
    end.writeUInt32LE(all.length, 16);
    expect(() => readXlsxSheet(Buffer.concat([all, central, end]))).toThrow(XlsxError);
  });

  it("WHEN the workbook part is missing THEN XlsxError says it is not a workbook", () => {
    expect(() => readXlsxSheet(workbook({ "word/document.xml": "<w/>" }))).toThrow(
      /not an XLSX workbook/,
    );
  });
});
