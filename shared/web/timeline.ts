/**
 * Status badges and the status timeline of a proposal, from its audit history, in the
 * handbook's words: never an event type, a status code or a username on the page.
 */
import type { AuditEvent } from "../audit/domain/chain.ts";
import { formatDate, formatDateTime, formatMoney } from "../kernel/display.ts";
import type { ProposalStatus } from "../kernel/types.ts";
import {
  ATTACHMENT_KIND_NAMES,
  eventName,
  PROGRESS_NAMES,
  STATUS_NAMES,
} from "../kernel/vocabulary.ts";
import { esc } from "./html.ts";
import type { Lang } from "./i18n.ts";

const TONE: Partial<Record<ProposalStatus, string>> = {
  DRAFT: "",
  RETURNED: "b-warn",
  REJECTED: "b-bad",
  CANCELLED: "b-done",
  APPROVED: "b-ok",
  DISBURSING: "b-ok",
  MONITORING: "b-ok",
  CLOSED: "b-done",
};

export const statusName = (lang: Lang, s: ProposalStatus): string =>
  STATUS_NAMES[s]?.[lang] ?? (lang === "vi" ? "Khác" : "Other");

/** A status as a badge: the name, coloured by what it asks of the reader. */
export function statusBadge(lang: Lang, s: ProposalStatus): string {
  const tone = TONE[s] ?? "";
  return `<span class="badge${tone ? ` ${tone}` : ""}">${esc(statusName(lang, s))}</span>`;
}

export interface TimelineEntry {
  at: string;
  what: string;
  who: string;
  /** The reviewer's comment, the breach explained, the payment: safe to show. */
  detail?: string;
}

/** Which half of a bilingual "vi / en" reason (the norm check's explanation) to show. */
function half(lang: Lang, reason: string): string {
  const i = reason.indexOf(" / ");
  if (i < 0) return reason;
  return lang === "vi" ? reason.slice(0, i) : reason.slice(i + 3);
}

function detailOf(lang: Lang, e: AuditEvent): string | undefined {
  const data = e.data ?? {};
  switch (e.type) {
    case "review.returned":
    case "review.rejected":
    case "proposal.cancelled":
    case "proposal.closed":
      return e.reason;
    case "norms.breached":
      return e.reason ? half(lang, e.reason) : undefined;
    case "norms.passed":
      return typeof data.approvedAmount === "number"
        ? `${lang === "vi" ? "Số tiền được phê duyệt" : "Amount approved"}: ${formatMoney(lang, data.approvedAmount)}`
        : undefined;
    case "disbursement.recorded": {
      const amount = typeof data.amount === "number" ? formatMoney(lang, data.amount) : "";
      const on = typeof data.paidOn === "string" ? formatDate(lang, data.paidOn) : "";
      return lang === "vi" ? `${amount}, ngày ${on}` : `${amount} on ${on}`;
    }
    case "report.filed": {
      const period = typeof data.period === "string" ? data.period : "";
      const [y, m] = period.split("-");
      return period
        ? lang === "vi"
          ? `Kỳ tháng ${Number(m)}/${y}`
          : `Period ${m}/${y}`
        : undefined;
    }
    case "attachment.added":
      return typeof data.kind === "string"
        ? (ATTACHMENT_KIND_NAMES[data.kind]?.[lang] ?? undefined)
        : undefined;
    case "proposal.submitted":
      return typeof data.submissionNo === "number" && data.submissionNo > 1
        ? lang === "vi"
          ? `Lần gửi thứ ${data.submissionNo}`
          : `Submission ${data.submissionNo}`
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The history of a proposal as people read it. `names` gives the display name of each actor;
 * the system's own steps (the norm check, the sweep) are "Hệ thống".
 */
export function timelineEntries(
  lang: Lang,
  events: readonly AuditEvent[],
  names: ReadonlyMap<string, string>,
): TimelineEntry[] {
  const system = lang === "vi" ? "Hệ thống" : "System";
  return events.map((e) => {
    const detail = detailOf(lang, e);
    return {
      at: e.at,
      what: eventName(e.type)[lang],
      who:
        e.actorId === "system"
          ? system
          : (names.get(e.actorId) ?? (lang === "vi" ? "Người dùng khác" : "Another user")),
      ...(detail ? { detail } : {}),
    };
  });
}

export function timeline(lang: Lang, entries: readonly TimelineEntry[]): string {
  if (entries.length === 0) return "";
  return `<ol class="timeline">${entries
    .map(
      (x) =>
        `<li><strong>${esc(x.what)}</strong><br><span class="meta">${esc(formatDateTime(lang, x.at))} · ${esc(x.who)}</span>${x.detail ? `<br>${esc(x.detail)}` : ""}</li>`,
    )
    .join("")}</ol>`;
}

export const progressName = (lang: Lang, p: string): string =>
  PROGRESS_NAMES[p as keyof typeof PROGRESS_NAMES]?.[lang] ?? p;
