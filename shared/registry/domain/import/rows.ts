/**
 * From a sheet's cells to one plain object per row, in the shape of the registry's request
 * schemas, remembering which column each field came from: so that every problem found later
 * (by the schema, by the duplicate check) names its row and its column. Cell conversion lives
 * here: Vietnamese codes, DD/MM/YYYY and serial dates, counts per ethnicity, lists.
 */
import { columnName } from "../../../audit/domain/export/xlsx.ts";
import { normalizeText, textProblem } from "../../../http/sanitize.ts";
import { isLocalDate } from "../../../norms/domain/dates.ts";
import {
  type ColumnDef,
  codeOf,
  columnOf,
  KIND_CODES,
  type Layout,
  MAX_IMPORT_ROWS,
} from "./layout.ts";
import { serialToDate, type XlsxCell } from "./xlsx-reader.ts";

export interface ImportProblem {
  /** Spreadsheet row number (1 is the header row). */
  row: number;
  /** Column letter (A, B, ...) when the problem is in one cell. */
  column?: string;
  /** The column's key, e.g. "founded_on". */
  field?: string;
  message: string;
  messageVi: string;
}

export interface RowRecord {
  row: number;
  /** The row as a request body (beneficiaries: CreateBeneficiaryInput without the commune's review; members: MemberInput plus groupId). */
  value: Record<string, unknown>;
  /** Field path (dotted) → column key, for naming the column of a schema issue. */
  sources: Record<string, string>;
  confirmDistinct: boolean;
}

export interface SheetRecords {
  layout: Layout;
  /** Column key → letter, as the header placed them. */
  columns: Record<string, string>;
  records: RowRecord[];
  problems: ImportProblem[];
}

const problem = (
  row: number,
  column: string | undefined,
  field: string | undefined,
  message: string,
  messageVi: string,
): ImportProblem => ({
  row,
  ...(column ? { column } : {}),
  ...(field ? { field } : {}),
  message,
  messageVi,
});

const cellText = (c: XlsxCell | undefined): string =>
  c === undefined ? "" : typeof c === "boolean" ? (c ? "true" : "false") : String(c).trim();

const STATUS: Record<string, string> = {
  hoat_dong: "active",
  active: "active",
  tam_ngung: "inactive",
  ngung_hoat_dong: "inactive",
  inactive: "inactive",
  giai_the: "dissolved",
  dissolved: "dissolved",
};
const LEADERSHIP: Record<string, string> = {
  lam_chu: "women_led",
  phu_nu_lam_chu: "women_led",
  women_led: "women_led",
  dong_lam_chu: "co_led",
  co_led: "co_led",
};
const ORIGIN: Record<string, string> = {
  thanh_lap_moi: "founded",
  moi: "founded",
  founded: "founded",
  nang_cap: "upgraded",
  cung_co: "upgraded",
  upgraded: "upgraded",
};
const GENDER: Record<string, string> = {
  nu: "female",
  female: "female",
  f: "female",
  nam: "male",
  male: "male",
  m: "male",
};
const YES = new Set(["x", "yes", "co", "1", "true", "y"]);

/** A date cell: YYYY-MM-DD, D/M/YYYY (Vietnamese order) or a spreadsheet serial number. */
export function dateOf(c: XlsxCell | undefined, date1904: boolean): string | undefined {
  if (typeof c === "number") return serialToDate(c, date1904);
  const s = cellText(c);
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const iso = m ? `${m[3]}-${(m[2] ?? "").padStart(2, "0")}-${(m[1] ?? "").padStart(2, "0")}` : s;
  // A real calendar date only: 31/02/2024 is no date.
  return isLocalDate(iso) ? iso : undefined;
}

/** "Mông:12; Dao:3" → [{ethnicity: "Mông", count: 12}, ...]; undefined when malformed. */
export function countsOf(s: string): { ethnicity: string; count: number }[] | undefined {
  const out: { ethnicity: string; count: number }[] = [];
  for (const part of s
    .split(/[;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*[:=]\s*(\d{1,6})$/.exec(part);
    if (!m) return undefined;
    out.push({ ethnicity: (m[1] ?? "").trim(), count: Number(m[2]) });
  }
  return out;
}

interface HeaderMap {
  byIndex: Map<number, ColumnDef>;
  letters: Record<string, string>;
}

function readHeader(
  layout: Layout,
  header: readonly XlsxCell[],
  problems: ImportProblem[],
): HeaderMap {
  const byIndex = new Map<number, ColumnDef>();
  const letters: Record<string, string> = {};
  header.forEach((cell, i) => {
    const text = cellText(cell);
    if (text === "") return;
    const col = columnOf(layout, text);
    if (!col) {
      problems.push(
        problem(
          1,
          columnName(i),
          undefined,
          `unknown column "${text.slice(0, 60)}"`,
          `cột "${text.slice(0, 60)}" không có trong mẫu`,
        ),
      );
      return;
    }
    if (letters[col.key]) {
      problems.push(
        problem(
          1,
          columnName(i),
          col.key,
          `column ${col.key} appears twice`,
          `cột ${col.key} bị lặp`,
        ),
      );
      return;
    }
    byIndex.set(i, col);
    letters[col.key] = columnName(i);
  });
  return { byIndex, letters };
}

/**
 * The data rows of a sheet as records, with every problem of the header and of the cells'
 * formats. Empty rows are skipped; more than MAX_IMPORT_ROWS data rows is one problem.
 */
export function recordsOf(
  layout: Layout,
  rows: readonly (readonly XlsxCell[])[],
  date1904 = false,
): SheetRecords {
  const problems: ImportProblem[] = [];
  const header = rows[0] ?? [];
  const { byIndex, letters } = readHeader(layout, header, problems);
  for (const required of (layout === "beneficiaries"
    ? ["kind", "commune_id", "name"]
    : ["group_id", "name", "gender"]) as string[]) {
    if (!letters[required])
      problems.push(
        problem(
          1,
          undefined,
          required,
          `the column ${required} is missing`,
          `thiếu cột ${required}`,
        ),
      );
  }
  const dataRows = rows.slice(1).map((r, i) => ({ row: i + 2, cells: r ?? [] }));
  const nonEmpty = dataRows.filter((r) => r.cells.some((c) => cellText(c) !== ""));
  if (nonEmpty.length > MAX_IMPORT_ROWS) {
    problems.push(
      problem(
        MAX_IMPORT_ROWS + 2,
        undefined,
        undefined,
        `at most ${MAX_IMPORT_ROWS} rows per file (this one has ${nonEmpty.length}): split the list`,
        `tối đa ${MAX_IMPORT_ROWS} dòng mỗi tệp (tệp này có ${nonEmpty.length}): hãy tách danh sách`,
      ),
    );
    return { layout, columns: letters, records: [], problems };
  }
  if (nonEmpty.length === 0)
    problems.push(
      problem(
        2,
        undefined,
        undefined,
        "the file has no data rows",
        "tệp không có dòng dữ liệu nào",
      ),
    );
  const records: RowRecord[] = [];
  for (const { row, cells } of nonEmpty) {
    const raw: Record<string, XlsxCell> = {};
    for (const [i, col] of byIndex) {
      const c = cells[i];
      if (c === undefined || cellText(c) === "") continue;
      if (typeof c !== "string") {
        raw[col.key] = c;
        continue;
      }
      // The same text rules as the API's edge: no control characters, NFC.
      const bad = textProblem(c);
      if (bad) {
        problems.push(
          problem(row, columnName(i), col.key, bad, "có ký tự điều khiển không hợp lệ"),
        );
        continue;
      }
      raw[col.key] = normalizeText(c);
    }
    const rec =
      layout === "beneficiaries"
        ? beneficiaryRecord(row, raw, letters, problems, date1904)
        : memberRecord(row, raw, letters, problems, date1904);
    records.push(rec);
  }
  return { layout, columns: letters, records, problems };
}

type Put = (path: string, key: string, value: unknown) => void;

function converter(
  row: number,
  raw: Record<string, XlsxCell>,
  letters: Record<string, string>,
  problems: ImportProblem[],
  date1904: boolean,
) {
  const value: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const put: Put = (path, key, v) => {
    value[path] = v;
    sources[path] = key;
  };
  const bad = (key: string, en: string, vi: string) =>
    problems.push(problem(row, letters[key], key, en, vi));
  const textOf = (key: string) => cellText(raw[key]);
  const has = (key: string) => raw[key] !== undefined;
  const code = (
    key: string,
    table: Record<string, string>,
    path: string,
    what: string,
    whatVi: string,
  ) => {
    if (!has(key)) return;
    const v = table[codeOf(textOf(key))];
    if (v) put(path, key, v);
    else {
      // The cell's text is not repeated: in a shifted row it could be someone's name.
      const allowed = Object.keys(table).join(", ");
      bad(key, `${what} must be one of ${allowed}`, `${whatVi} không hợp lệ (dùng: ${allowed})`);
    }
  };
  const dateField = (key: string, path: string) => {
    if (!has(key)) return;
    const d = dateOf(raw[key], date1904);
    if (d) put(path, key, d);
    else
      bad(
        key,
        "not a date: write YYYY-MM-DD or DD/MM/YYYY",
        "không phải ngày: ghi YYYY-MM-DD hoặc DD/MM/YYYY",
      );
  };
  const textField = (key: string, path: string) => {
    if (has(key)) put(path, key, textOf(key));
  };
  return { value, sources, put, bad, textOf, has, code, dateField, textField };
}

function beneficiaryRecord(
  row: number,
  raw: Record<string, XlsxCell>,
  letters: Record<string, string>,
  problems: ImportProblem[],
  date1904: boolean,
): RowRecord {
  const c = converter(row, raw, letters, problems, date1904);
  let kind: string | undefined;
  if (c.has("kind")) {
    kind = KIND_CODES[codeOf(c.textOf("kind"))];
    if (kind) c.put("kind", "kind", kind);
    else
      c.bad(
        "kind",
        "kind must be one of TO_TKVVTB, TO_NHOM_SINH_KE, THT, HTX, DCTC (survivor cases are never imported)",
        "loại không hợp lệ: dùng TO_TKVVTB, TO_NHOM_SINH_KE, THT, HTX hoặc DCTC (không nhập hồ sơ nạn nhân từ tệp)",
      );
  }
  c.textField("commune_id", "communeId");
  c.textField("name", "name");
  c.textField("village", "village");
  c.dateField("founded_on", kind === "TRUSTED_ADDRESS" ? "since" : "foundedOn");
  c.code("status", STATUS, "status", "status", "tình trạng");
  c.dateField("status_since", "statusSince");
  c.textField("facilitator", "facilitator");
  c.dateField("gals_since", "galsSince");
  c.code("leadership", LEADERSHIP, "leadership", "leadership", "phụ nữ làm chủ");
  c.code("origin", ORIGIN, "origin", "origin", "hình thức");
  c.textField("host_name", "hostName");
  const counts: { gender: string; ethnicity: string; count: number }[] = [];
  const countSources: string[] = [];
  for (const [key, gender] of [
    ["women_by_ethnicity", "female"],
    ["men_by_ethnicity", "male"],
  ] as const) {
    if (!c.has(key)) continue;
    const parsed = countsOf(c.textOf(key));
    if (!parsed) {
      c.bad(
        key,
        "write counts per ethnicity as Mông:12; Dao:3",
        "ghi số thành viên theo dân tộc, ví dụ Mông:12; Dao:3",
      );
      continue;
    }
    for (const p of parsed) {
      counts.push({ gender, ...p });
      countSources.push(key);
    }
  }
  if (
    c.has("women_by_ethnicity") ||
    c.has("men_by_ethnicity") ||
    (kind && ["LIVELIHOOD_GROUP", "COOPERATIVE_GROUP", "COOPERATIVE"].includes(kind))
  ) {
    c.value.memberCounts = counts;
    c.sources.memberCounts = "women_by_ethnicity";
    countSources.forEach((key, i) => {
      c.sources[`memberCounts.${i}`] = key;
    });
  }
  if (c.has("products")) {
    c.put(
      "products",
      "products",
      c
        .textOf("products")
        .split(";")
        .map((p) => p.trim())
        .filter(Boolean),
    );
  }
  return {
    row,
    value: c.value,
    sources: c.sources,
    confirmDistinct: YES.has(codeOf(c.textOf("confirm_distinct"))),
  };
}

function memberRecord(
  row: number,
  raw: Record<string, XlsxCell>,
  letters: Record<string, string>,
  problems: ImportProblem[],
  date1904: boolean,
): RowRecord {
  const c = converter(row, raw, letters, problems, date1904);
  c.textField("group_id", "groupId");
  c.textField("name", "name");
  c.code("gender", GENDER, "gender", "gender", "giới tính");
  if (c.has("birth_year")) {
    const y = Number(c.textOf("birth_year"));
    if (Number.isInteger(y)) c.put("birthYear", "birth_year", y);
    else c.bad("birth_year", "write the year of birth, e.g. 1985", "ghi năm sinh, ví dụ 1985");
  }
  c.textField("ethnicity", "ethnicity");
  c.dateField("joined_on", "joinedOn");
  c.dateField("left_on", "leftOn");
  for (const [what, on, path, field] of [
    ["institution", "institution_on", "introductions", "institution"],
    ["livelihood_support", "support_on", "supports", "what"],
  ] as const) {
    if (!c.has(what) && !c.has(on)) continue;
    if (!c.has(what)) {
      c.bad(what, `a date in ${on} needs ${what}`, `có ngày ở cột ${on} thì phải ghi cột ${what}`);
      continue;
    }
    const d = c.has(on) ? dateOf(raw[on], date1904) : undefined;
    if (!d) {
      c.bad(
        on,
        `${what} needs its date (YYYY-MM-DD or DD/MM/YYYY)`,
        `cột ${what} cần ngày (YYYY-MM-DD hoặc DD/MM/YYYY)`,
      );
      continue;
    }
    c.value[path] = [{ [field]: c.textOf(what), on: d }];
    c.sources[path] = what;
    c.sources[`${path}.0.${field}`] = what;
    c.sources[`${path}.0.on`] = on;
  }
  return {
    row,
    value: c.value,
    sources: c.sources,
    confirmDistinct: YES.has(codeOf(c.textOf("confirm_distinct"))),
  };
}

/** The column key a schema issue's path came from (the longest known prefix of the path). */
export function sourceOf(rec: RowRecord, path: readonly PropertyKey[]): string | undefined {
  for (let n = path.length; n > 0; n--) {
    const key = rec.sources[path.slice(0, n).map(String).join(".")];
    if (key) return key;
  }
  return undefined;
}
