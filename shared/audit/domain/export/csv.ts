/**
 * CSV (RFC 4180) for spreadsheet tools: UTF-8 with a byte-order mark so that Excel shows
 * Vietnamese diacritics, CRLF line ends, every field quoted when it needs to be. Cells that a
 * spreadsheet would run as a formula (=, +, -, @ first) are prefixed with an apostrophe.
 */
export const BOM = "\uFEFF";

export type Cell = string | number | boolean | null | undefined;

function field(value: Cell): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV text, starting with the BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(field).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** Parses CSV text (BOM optional) back into rows; the inverse of toCsv for tests and tools. */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cur);
      cur = "";
    } else if (c === "\r" && src[i + 1] === "\n") {
      // CRLF: the \n ends the row on the next turn.
    } else if (c === "\n") {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = "";
    } else cur += c;
  }
  if (cur !== "" || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}
