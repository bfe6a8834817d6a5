/**
 * Local dates in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without daylight saving since 1975, so
 * the local date is plain arithmetic (+7 h) on the UTC instant: no time-zone database needed,
 * and the same answer on every runtime. Effective periods and calendar years of caps are local.
 */
import type { NormPeriod } from "./types.ts";

const OFFSET_MS = 7 * 60 * 60 * 1000;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses an ISO-8601 instant; throws RangeError on anything Date cannot read. */
export function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${JSON.stringify(iso)}`);
  return ms;
}

/** "2026-12-31T17:00:00Z" → "2027-01-01". */
export function localDateOf(iso: string): string {
  return new Date(parseInstant(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** Calendar year in Asia/Ho_Chi_Minh. */
export function localYearOf(iso: string): number {
  return Number(localDateOf(iso).slice(0, 4));
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** "2026-05-31" → "31/05/2026", the way dates are written in Vietnamese documents. */
export function formatLocalDateVi(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * The period a cap accumulates over: `ALL` for one-off caps and for the months-limited monthly
 * caps ("first 3 months" is over the beneficiary's whole life), `Y<yyyy>` for per-year caps.
 */
export function periodKeyOf(period: NormPeriod, localDate: string): string {
  return period.kind === "per_year" ? `Y${localDate.slice(0, 4)}` : "ALL";
}

/** Key of a beneficiary's usage row: `<itemCode>#<periodKey>`; months add `#MONTHS`. */
export function usageKeyOf(
  itemCode: string,
  periodKey: string,
  measure: "dong" | "months",
): string {
  return measure === "months" ? `${itemCode}#${periodKey}#MONTHS` : `${itemCode}#${periodKey}`;
}
