/**
 * What a commune is told about its proposals, and how: returned for changes (with the
 * reviewer's comment), rejected, approved, paid. Built from the audit event that recorded the
 * change, so a notice exists only for a change that committed. Pure: no I/O.
 *
 * No personal data, ever: the reference, the activity, the commune's name, amounts, the link.
 * The reviewer's comment is free text, so it is only carried for activities whose proposals
 * hold no personal data (1 and 2); for survivors' and trusted-address proposals (3, 4) the
 * message says to open the page, where the comment is shown after sign-in.
 */
import type { AuditEvent } from "../../audit/domain/chain.ts";
import { formatDateTime, formatMoney } from "../../kernel/display.ts";
import type { Activity, Dong } from "../../kernel/types.ts";
import { ACTIVITY_NAMES } from "../../kernel/vocabulary.ts";
import type { Mail } from "./messages.ts";

export const COMMUNE_NOTICE_KINDS = ["returned", "rejected", "approved", "paid"] as const;
export type CommuneNoticeKind = (typeof COMMUNE_NOTICE_KINDS)[number];

/** The audit event types a commune is told about, and as what. */
export const NOTICE_OF_EVENT: Readonly<Record<string, CommuneNoticeKind>> = {
  "review.returned": "returned",
  "review.expired": "returned",
  "norms.breached": "returned",
  "review.rejected": "rejected",
  "norms.passed": "approved",
  "disbursement.recorded": "paid",
};
export const NOTICE_EVENT_TYPES = Object.keys(NOTICE_OF_EVENT);

/** Activities whose proposals may hold personal data: no free text in their notices. */
const SENSITIVE: ReadonlySet<Activity> = new Set(["A3", "A4"]);

export interface CommuneNotice {
  kind: CommuneNoticeKind;
  reference: string;
  activity: Activity;
  communeName: string;
  /** Support requested (returned, rejected), approved (approved), this payment (paid). */
  amount: Dong;
  /** Paid so far and approved, for "paid". */
  paidTotal?: Dong;
  approved?: Dong;
  /** Why it came back: the reviewer's comment or the norm breach (activities 1, 2 only). */
  comment?: string;
  /** The comment exists but is only shown on the page (activities 3, 4). */
  commentOnPage?: boolean;
  at: string;
  /** The proposal page, which exists for the commune officer. */
  link: string;
}

/** The facts a notice needs from the proposal (never its personal data). */
export interface NoticeProposal {
  reference: string;
  activity: Activity;
  items: readonly { supportAmount: Dong }[];
  approvedAmount?: Dong;
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** The notice of one audit event, or undefined when the commune is not told about it. */
export function noticeOf(
  e: Pick<AuditEvent, "type" | "at" | "reason" | "data">,
  p: NoticeProposal,
  communeName: string,
  link: string,
): CommuneNotice | undefined {
  const kind = NOTICE_OF_EVENT[e.type];
  if (!kind) return undefined;
  const requested = p.items.reduce((n, i) => n + i.supportAmount, 0);
  const base = { kind, reference: p.reference, activity: p.activity, communeName, at: e.at, link };
  const reason = e.reason?.trim();
  const why =
    reason && (kind === "returned" || kind === "rejected")
      ? SENSITIVE.has(p.activity)
        ? { commentOnPage: true }
        : { comment: reason.slice(0, 1000) }
      : {};
  switch (kind) {
    case "returned":
    case "rejected":
      return { ...base, amount: requested, ...why };
    case "approved":
      return { ...base, amount: num(e.data?.approvedAmount) ?? p.approvedAmount ?? requested };
    case "paid":
      return {
        ...base,
        amount: num(e.data?.amount) ?? 0,
        ...(num(e.data?.disbursedTotal) !== undefined
          ? { paidTotal: num(e.data?.disbursedTotal) }
          : {}),
        ...(num(e.data?.approved) !== undefined ? { approved: num(e.data?.approved) } : {}),
      };
  }
}

interface Words {
  subject: string;
  intro: string;
  amount: string;
  comment: string;
  commentOnPage: string;
  paidTotal: string;
  at: string;
  open: string;
  activity: string;
  commune: string;
  reference: string;
}

const VI: Record<CommuneNoticeKind, Pick<Words, "subject" | "intro" | "amount">> = {
  returned: {
    subject: "được trả lại để bổ sung",
    intro: "Đề xuất dưới đây được trả lại để xã bổ sung, chỉnh sửa rồi gửi lại thẩm định.",
    amount: "Số tiền đề nghị hỗ trợ",
  },
  rejected: {
    subject: "không được phê duyệt",
    intro: "Đề xuất dưới đây không được phê duyệt.",
    amount: "Số tiền đề nghị hỗ trợ",
  },
  approved: {
    subject: "đã được phê duyệt",
    intro: "Đề xuất dưới đây đã được phê duyệt kinh phí và chờ giải ngân.",
    amount: "Số tiền được phê duyệt",
  },
  paid: {
    subject: "đã được giải ngân",
    intro: "Kinh phí của đề xuất dưới đây đã được giải ngân.",
    amount: "Số tiền giải ngân lần này",
  },
};
const EN: Record<CommuneNoticeKind, Pick<Words, "subject" | "intro" | "amount">> = {
  returned: {
    subject: "was returned for changes",
    intro: "The proposal below was returned: please complete it and submit it again.",
    amount: "Support requested",
  },
  rejected: {
    subject: "was rejected",
    intro: "The proposal below was rejected.",
    amount: "Support requested",
  },
  approved: {
    subject: "was approved",
    intro: "The proposal below was approved and awaits payment.",
    amount: "Amount approved",
  },
  paid: {
    subject: "was paid",
    intro: "A payment was made for the proposal below.",
    amount: "Amount of this payment",
  },
};
const COMMON: Record<"vi" | "en", Omit<Words, "subject" | "intro" | "amount">> = {
  vi: {
    comment: "Ý kiến",
    commentOnPage: "Ý kiến của đơn vị thẩm định: xem trên trang đề xuất sau khi đăng nhập",
    paidTotal: "Đã giải ngân",
    at: "Thời điểm",
    open: "Mở đề xuất",
    activity: "Hoạt động",
    commune: "Xã",
    reference: "Mã đề xuất",
  },
  en: {
    comment: "Comment",
    commentOnPage: "The reviewing unit's comment: on the proposal page, after signing in",
    paidTotal: "Paid so far",
    at: "When",
    open: "Open the proposal",
    activity: "Activity",
    commune: "Commune",
    reference: "Reference",
  },
};

function rows(lang: "vi" | "en", n: CommuneNotice): [string, string][] {
  const w = { ...COMMON[lang], ...(lang === "vi" ? VI : EN)[n.kind] };
  const out: [string, string][] = [
    [w.reference, n.reference],
    [w.activity, ACTIVITY_NAMES[n.activity][lang]],
    [w.commune, n.communeName],
    [w.amount, formatMoney(lang, n.amount)],
  ];
  if (n.kind === "paid" && n.paidTotal !== undefined)
    out.push([
      w.paidTotal,
      `${formatMoney(lang, n.paidTotal)}${n.approved !== undefined ? ` / ${formatMoney(lang, n.approved)}` : ""}`,
    ]);
  if (n.comment) out.push([w.comment, n.comment]);
  else if (n.commentOnPage) out.push([w.comment, w.commentOnPage]);
  out.push([
    w.at,
    `${formatDateTime(lang, n.at)}${lang === "vi" ? " (giờ Việt Nam)" : " (Vietnam time)"}`,
  ]);
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The email of a notice: Vietnamese first, English below, the link in both. */
export function communeNoticeMail(n: CommuneNotice, to: string[]): Mail {
  const vi = rows("vi", n);
  const en = rows("en", n);
  const subject = `[Dự án 8] Đề xuất ${n.reference} ${VI[n.kind].subject} / Proposal ${n.reference} ${EN[n.kind].subject}`;
  const text = [
    VI[n.kind].intro,
    ...vi.map(([k, v]) => `${k}: ${v}`),
    `${COMMON.vi.open}: ${n.link}`,
    "",
    "---",
    EN[n.kind].intro,
    ...en.map(([k, v]) => `${k}: ${v}`),
    `${COMMON.en.open}: ${n.link}`,
  ].join("\n");
  const table = (r: [string, string][]) =>
    `<table>${r.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
  const html = `<!doctype html><html lang="vi"><body style="font-family:sans-serif">
<p>${escapeHtml(VI[n.kind].intro)}</p>${table(vi)}
<p><a href="${escapeHtml(n.link)}">${escapeHtml(COMMON.vi.open)}</a></p>
<hr><div lang="en"><p>${escapeHtml(EN[n.kind].intro)}</p>${table(en)}
<p><a href="${escapeHtml(n.link)}">${escapeHtml(COMMON.en.open)}</a></p></div></body></html>`;
  return { to, subject, text, html };
}

/**
 * The notice as one short Vietnamese text, for the senders that carry text only (SMS, Zalo):
 * no comment (it may be long and is free text), the reference, the amount and the link.
 */
export function communeNoticeText(n: CommuneNotice): string {
  return `[Dự án 8] Đề xuất ${n.reference} ${VI[n.kind].subject}. ${VI[n.kind].amount}: ${formatMoney("vi", n.amount)}. ${n.link}`;
}
