/**
 * How dates, money and legal citations are written for people, in pages and emails alike.
 * Times are stored in UTC and shown in Asia/Ho_Chi_Minh (UTC+7 all year since 1975, no daylight
 * saving), written the way Vietnamese administrative documents write them: "08:00 ngày
 * 06/6/2026" (Nghị định 30/2020/NĐ-CP: a day below 10 and the months 1 and 2 take a leading 0).
 */
import type { Dong } from "./types.ts";

export type DisplayLang = "vi" | "en";

const OFFSET_MS = 7 * 3600_000;
const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hh: string;
  mm: string;
}

function partsOf(iso: string): LocalParts | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hh: String(d.getUTCHours()).padStart(2, "0"),
    mm: String(d.getUTCMinutes()).padStart(2, "0"),
  };
}

/** A date alone ("2026-06-06", or a time whose local day is wanted) as "06/6/2026" / "6 June 2026". */
export function formatDate(lang: DisplayLang, value: string | undefined): string {
  if (!value) return "";
  // A plain date is a local calendar day already: no time zone shift.
  const p = /^\d{4}-\d{2}-\d{2}$/.test(value) ? partsOf(`${value}T00:00:00+07:00`) : partsOf(value);
  if (!p) return "";
  if (lang === "en") return `${p.day} ${MONTHS_EN[p.month - 1]} ${p.year}`;
  const day = String(p.day).padStart(2, "0");
  const month = p.month <= 2 ? String(p.month).padStart(2, "0") : String(p.month);
  return `${day}/${month}/${p.year}`;
}

/** A stored UTC time as "08:00 ngày 06/6/2026" / "08:00, 6 June 2026" (Vietnam time). */
export function formatDateTime(lang: DisplayLang, iso: string | undefined): string {
  if (!iso) return "";
  const p = partsOf(iso);
  if (!p) return "";
  return lang === "vi"
    ? `${p.hh}:${p.mm} ngày ${formatDate("vi", iso)}`
    : `${p.hh}:${p.mm}, ${formatDate("en", iso)}`;
}

/** The local calendar day (YYYY-MM-DD, Asia/Ho_Chi_Minh) of a UTC time. */
export function localDay(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which a local calendar day (YYYY-MM-DD) starts in Vietnam. */
export function startOfLocalDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS).toISOString();
}

/** Integer đồng written the local way: "60.000.000 đ" / "60,000,000 VND". */
export function formatMoney(lang: DisplayLang, n: Dong): string {
  const digits = String(Math.abs(Math.trunc(n))).replace(
    /\B(?=(\d{3})+(?!\d))/g,
    lang === "vi" ? "." : ",",
  );
  const sign = n < 0 ? "-" : "";
  return lang === "vi" ? `${sign}${digits} đ` : `${sign}${digits} VND`;
}

export interface CitationLike {
  /** "Thông tư 55/2023/TT-BTC" */
  document: string;
  documentEn: string;
  /** "Điều 37 khoản 3 điểm b" */
  article: string;
  /** "Art. 37.3(b)" */
  articleEn: string;
}

/**
 * A legal citation in the order Vietnamese texts cite: "điểm b khoản 3 Điều 37 Thông tư số
 * 55/2023/TT-BTC"; English: "Art. 37.3(b) of Circular 55/2023/TT-BTC".
 */
export function formatCitation(lang: DisplayLang, c: CitationLike): string {
  if (lang === "en") return `${c.articleEn} of ${c.documentEn}`;
  const article = /Điều\s+(\d+)/.exec(c.article)?.[1];
  const clause = /khoản\s+(\d+)/.exec(c.article)?.[1];
  const point = /điểm\s+([a-zđ])/.exec(c.article)?.[1];
  const parts = [
    point ? `điểm ${point}` : "",
    clause ? `khoản ${clause}` : "",
    article ? `Điều ${article}` : c.article,
  ].filter(Boolean);
  // "Thông tư 55/2023/TT-BTC" → "Thông tư số 55/2023/TT-BTC" (the number is introduced by "số").
  const doc = c.document.replace(/^(Thông tư|Nghị định|Nghị quyết|Quyết định)\s+(?!số)/, "$1 số ");
  return `${parts.join(" ")} ${doc}`;
}
