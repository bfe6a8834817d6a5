/**
 * CSV as spreadsheet programs save it (RFC 4180 and its common variants): UTF-8 with or without
 * a byte-order mark, CRLF or LF line ends, quoted fields with doubled quotes, and a comma or a
 * semicolon between fields (Excel writes semicolons where the decimal mark is a comma). The
 * delimiter is the one of the header line.
 */
export class CsvError extends Error {
  override name = "CsvError";
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
  }
}

function delimiterOf(text: string): string {
  let quoted = false;
  let commas = 0;
  let semis = 0;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && c === ",") commas++;
    else if (!quoted && c === ";") semis++;
  }
  return semis > commas ? ";" : ",";
}

/** The rows of a CSV text; a quote left open is an error naming the row where it opened. */
export function readCsv(input: string): string[][] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const sep = delimiterOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = "";
  let quoted = false;
  let line = 1;
  let openedAt = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cur += c;
      }
      continue;
    }
    if (c === '"' && cur === "") {
      quoted = true;
      openedAt = line;
    } else if (c === sep) {
      row.push(cur);
      cur = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = "";
      line++;
    } else cur += c;
  }
  if (quoted)
    throw new CsvError(`a quoted field opened on line ${openedAt} is never closed`, openedAt);
  if (cur !== "" || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}
