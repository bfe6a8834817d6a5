/**
 * Reporting periods: quarters (báo cáo quý), halves (sơ kết 6 tháng) and years (tổng kết năm),
 * in Vietnam's calendar. A fact is dated by its local date (Asia/Ho_Chi_Minh, UTC+7 all year:
 * Vietnam has no daylight saving), and counts in the quarter, the half and the year of that date.
 */

export type PeriodKind = "quarter" | "half" | "year";

/** The three kinds of periodic report of the handbook's duties. */
export type ReportKind = "quarterly" | "six_monthly" | "annual";

export interface Period {
  /** `2026-Q2`, `2026-H1` or `2026`. */
  id: string;
  kind: PeriodKind;
  year: number;
  /** 1-4 for a quarter, 1-2 for a half, 1 for the year. */
  index: number;
  /** First and last local day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** The quarters (1-4) the period covers. */
  quarters: readonly number[];
  /**
   * Where the period's counters live in a year's partition: `Q1`..`Q4`, `H1`, `H2`, `Y`
   * (shared/tables/data-table.ts, aggregateCell).
   */
  slot: string;
}

export const FIRST_YEAR = 2021;
export const LAST_YEAR = 2035;

const pad2 = (n: number) => String(n).padStart(2, "0");

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function make(kind: PeriodKind, year: number, index: number): Period {
  const quarters =
    kind === "quarter" ? [index] : kind === "half" ? (index === 1 ? [1, 2] : [3, 4]) : [1, 2, 3, 4];
  const firstMonth = ((quarters[0] ?? 1) - 1) * 3 + 1;
  const lastMonth = (quarters[quarters.length - 1] ?? 4) * 3;
  const id =
    kind === "quarter" ? `${year}-Q${index}` : kind === "half" ? `${year}-H${index}` : `${year}`;
  return {
    id,
    kind,
    year,
    index,
    from: `${year}-${pad2(firstMonth)}-01`,
    to: `${year}-${pad2(lastMonth)}-${pad2(lastDay(year, lastMonth))}`,
    quarters,
    slot: kind === "quarter" ? `Q${index}` : kind === "half" ? `H${index}` : "Y",
  };
}

/** The period of an id (`2026-Q2`, `2026-H1`, `2026`), or undefined. */
export function parsePeriod(id: string): Period | undefined {
  const m = /^(\d{4})(?:-(Q[1-4]|H[12]))?$/.exec(id);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return undefined;
  const part = m[2];
  if (!part) return make("year", year, 1);
  return make(part.startsWith("Q") ? "quarter" : "half", year, Number(part.slice(1)));
}

export const quarterPeriod = (year: number, q: number) => make("quarter", year, q);
export const halfPeriod = (year: number, h: number) => make("half", year, h);
export const yearPeriod = (year: number) => make("year", year, 1);

/** The period of a slot in a year (`Q3` of 2026 → 2026-Q3). */
export function periodOfSlot(year: number, slot: string): Period | undefined {
  return parsePeriod(slot === "Y" ? `${year}` : `${year}-${slot}`);
}

/** Every slot of a year, in the order a report lists them. */
export const SLOTS = ["Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y"] as const;

const VN_OFFSET_MS = 7 * 3_600_000;

/** The local date (Asia/Ho_Chi_Minh) of a stored UTC instant. */
export function localDate(iso: string): string {
  return new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 10);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date YYYY-MM-DD that exists. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo);
}

/** The quarter (1-4) of a local date. */
export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

/**
 * The periods a dated fact counts in: its quarter, its half and its year. A date outside the
 * programme's years counts nowhere (an empty list).
 */
export function periodsOfDate(date: string): Period[] {
  const year = Number(date.slice(0, 4));
  if (!isDate(date) || year < FIRST_YEAR || year > LAST_YEAR) return [];
  const q = quarterOf(date);
  return [make("quarter", year, q), make("half", year, q <= 2 ? 1 : 2), make("year", year, 1)];
}

/** The period containing a local date, of one kind. */
export function periodContaining(date: string, kind: PeriodKind): Period {
  const year = Number(date.slice(0, 4));
  const q = quarterOf(date);
  return kind === "quarter"
    ? make("quarter", year, q)
    : kind === "half"
      ? make("half", year, q <= 2 ? 1 : 2)
      : make("year", year, 1);
}

export const REPORT_KIND: Record<PeriodKind, ReportKind> = {
  quarter: "quarterly",
  half: "six_monthly",
  year: "annual",
};

/**
 * Days after a period's last day by which its report is due. Quarterly reports are due on the
 * 10th day after the quarter, the six-monthly review (sơ kết) and the annual review (tổng kết)
 * on the 20th: a commune needs the quarter's facts first, a review needs its quarterly reports.
 */
export const REPORT_DUE_DAYS: Record<PeriodKind, number> = { quarter: 10, half: 20, year: 20 };

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The local date a unit's report of the period is due (inclusive). */
export const reportDueOn = (p: Period): string => addDays(p.to, REPORT_DUE_DAYS[p.kind]);

/** The last period of a kind that ended on or before a local date. */
export function lastEndedPeriod(date: string, kind: PeriodKind): Period {
  const current = periodContaining(date, kind);
  if (current.to <= date) return current;
  const before = addDays(current.from, -1);
  return periodContaining(before, kind);
}

/** Quarter periods of a year that lie strictly after the period (in the same year). */
export function laterQuarters(p: Period): number[] {
  const last = p.quarters[p.quarters.length - 1] ?? 4;
  return [1, 2, 3, 4].filter((q) => q > last);
}
