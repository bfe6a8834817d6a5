/**
 * A small, tolerant XLSX reader for imports: the first worksheet of a workbook as rows of cells.
 * ZIP through its central directory (node:zlib inflateRaw, CRC-32 checked, sizes bounded against
 * zip bombs), then the workbook, its relationships, the shared strings and the sheet read as XML
 * text. It accepts what spreadsheet programs write: shared strings with rich-text runs and
 * phonetic hints, inline strings, formula results, booleans, errors, ISO dates (`t="d"`), cells
 * and rows without an `r` reference, self-closing elements, namespace prefixes, `_xHHHH_`
 * escapes, absolute relationship targets and entries named with odd case. Not a general reader:
 * no styles (date columns are converted by the caller), no formulas evaluated, no ZIP64.
 */
import { inflateRawSync } from "node:zlib";
import { crc32 } from "../../../audit/domain/export/zip.ts";

export type XlsxCell = string | number | boolean;

export class XlsxError extends Error {
  override name = "XlsxError";
}

/** Largest size of one inflated part: a sheet of 2,000 rows is well under 2 MB. */
const MAX_PART_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 2000;

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localAt: number;
}

function centralDirectory(buf: Buffer): CentralEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError("not an XLSX file (no ZIP directory)");
  const count = buf.readUInt16LE(eocd + 10);
  if (count > MAX_ENTRIES) throw new XlsxError("too many parts in the file");
  let p = buf.readUInt32LE(eocd + 16);
  const out: CentralEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new XlsxError("damaged ZIP directory");
    const nameLen = buf.readUInt16LE(p + 28);
    out.push({
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localAt: buf.readUInt32LE(p + 42),
      name: buf
        .subarray(p + 46, p + 46 + nameLen)
        .toString("utf8")
        .replace(/\\/g, "/")
        .replace(/^\//, ""),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

function readEntry(buf: Buffer, e: CentralEntry): Buffer {
  if (e.localAt + 30 > buf.length || buf.readUInt32LE(e.localAt) !== 0x04034b50)
    throw new XlsxError(`damaged part ${e.name}`);
  const dataAt =
    e.localAt + 30 + buf.readUInt16LE(e.localAt + 26) + buf.readUInt16LE(e.localAt + 28);
  if (dataAt + e.compressedSize > buf.length) throw new XlsxError(`truncated part ${e.name}`);
  if (e.size > MAX_PART_BYTES) throw new XlsxError(`part ${e.name} is too large`);
  const raw = buf.subarray(dataAt, dataAt + e.compressedSize);
  let data: Buffer;
  if (e.method === 0) data = Buffer.from(raw);
  else if (e.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: MAX_PART_BYTES });
    } catch {
      throw new XlsxError(`part ${e.name} cannot be decompressed`);
    }
  } else throw new XlsxError(`part ${e.name} uses an unsupported compression (${e.method})`);
  if (crc32(data) !== e.crc) throw new XlsxError(`part ${e.name} is damaged (CRC-32)`);
  return data;
}

/** XML text → characters: the five entities, numeric references and OOXML's `_xHHHH_`. */
export function xmlText(s: string): string {
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, ent: string) => {
      if (ent[0] === "#") {
        const code = ent[1] === "x" ? Number.parseInt(ent.slice(2), 16) : Number(ent.slice(1));
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[ent as "lt"] ?? "";
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:\\w+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? xmlText(m[2] ?? m[3] ?? "") : undefined;
}

/** The text of every <t> in an element, leaving out phonetic runs (<rPh>). */
function textOf(xml: string): string {
  const withoutPhonetic = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, "");
  let out = "";
  for (const m of withoutPhonetic.matchAll(
    /<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g,
  ))
    out += xmlText(m[1] ?? "");
  return out;
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g))
    out.push(textOf(m[1] ?? ""));
  return out;
}

/** "AB12" → 27 (zero-based column); undefined for a reference without letters. */
export function columnIndexOf(ref: string): number | undefined {
  const letters = /^([A-Za-z]{1,3})/.exec(ref)?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellValue(tag: string, inner: string, strings: readonly string[]): XlsxCell | undefined {
  const type = attr(tag, "t") ?? "n";
  const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  switch (type) {
    case "s": {
      const i = Number(v);
      return Number.isInteger(i) ? (strings[i] ?? "") : "";
    }
    case "inlineStr":
      return textOf(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? "");
    case "str":
    case "e":
    case "d":
      return xmlText(v ?? "");
    case "b":
      return v?.trim() === "1" || v?.trim() === "true";
    default: {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : xmlText(v);
    }
  }
}

function sheetRows(xml: string, strings: readonly string[]): XlsxCell[][] {
  const rows: XlsxCell[][] = [];
  const data =
    /<(?:\w+:)?sheetData\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?sheetData>)/.exec(xml)?.[1] ?? "";
  let nextRow = 1;
  for (const rm of data.matchAll(/<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g)) {
    const rowNo = Number(attr(rm[1] ?? "", "r") ?? nextRow);
    if (!Number.isInteger(rowNo) || rowNo < 1 || rowNo > 1_048_576) continue;
    nextRow = rowNo + 1;
    const row: XlsxCell[] = [];
    let nextCol = 0;
    for (const cm of (rm[2] ?? "").matchAll(
      /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g,
    )) {
      const tag = cm[1] ?? "";
      const ref = attr(tag, "r");
      const col = (ref ? columnIndexOf(ref) : undefined) ?? nextCol;
      nextCol = col + 1;
      const value = cellValue(tag, cm[2] ?? "", strings);
      if (value === undefined) continue;
      while (row.length < col) row.push("");
      row[col] = value;
    }
    rows[rowNo - 1] = row;
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

function resolveTarget(target: string): string {
  const t = target.replace(/\\/g, "/");
  if (t.startsWith("/")) return t.slice(1);
  const parts = `xl/${t}`.split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

export interface XlsxSheet {
  sheetName: string;
  /** Serial dates count from 1904 (old Mac workbooks) rather than 1900. */
  date1904: boolean;
  /** rows[i] is spreadsheet row i + 1; cells by zero-based column. */
  rows: XlsxCell[][];
}

/** The first worksheet of an XLSX workbook. Throws XlsxError naming what is wrong. */
export function readXlsxSheet(buf: Buffer): XlsxSheet {
  if (buf.length < 22) throw new XlsxError("not an XLSX file (too short)");
  const entries = centralDirectory(buf);
  const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const part = (name: string): string | undefined => {
    const e = byName.get(name.toLowerCase());
    return e ? readEntry(buf, e).toString("utf8") : undefined;
  };
  const workbook = part("xl/workbook.xml");
  if (!workbook) throw new XlsxError("not an XLSX workbook (no xl/workbook.xml)");
  const firstSheet = /<(?:\w+:)?sheet\b([^>]*?)\/?>/.exec(workbook)?.[1] ?? "";
  const sheetName = attr(firstSheet, "name") ?? "";
  const relId = attr(firstSheet, "id");
  let sheetPath = "xl/worksheets/sheet1.xml";
  const rels = part("xl/_rels/workbook.xml.rels");
  if (rels && relId) {
    for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)) {
      if (attr(m[1] ?? "", "Id") === relId) {
        const target = attr(m[1] ?? "", "Target");
        if (target) sheetPath = resolveTarget(target);
      }
    }
  }
  const sheet = part(sheetPath) ?? part("xl/worksheets/sheet1.xml");
  if (!sheet) throw new XlsxError(`the workbook has no first worksheet (${sheetPath})`);
  const date1904 = /date1904\s*=\s*["'](1|true)["']/.test(workbook);
  return {
    sheetName,
    date1904,
    rows: sheetRows(sheet, sharedStrings(part("xl/sharedStrings.xml"))),
  };
}

/** A spreadsheet serial date (days since 1899-12-30, or 1904-01-01) as YYYY-MM-DD. */
export function serialToDate(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}
