import { formatDateTime, formatMoney } from "../../kernel/display.ts";
import type { Activity, Dong } from "../../kernel/types.ts";
import { ACTIVITY_NAMES } from "../../kernel/vocabulary.ts";

/**
 * Email texts, Vietnamese first and English below. They carry no personal data: only the
 * reference, the activity, the commune's name, the amount and a link (LESSONS.md).
 */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface TaskSummary {
  reference: string;
  activity: Activity;
  communeName: string;
  amount: Dong;
  dueAt: string;
  link: string;
}

/** What a mail about a proposal (not a review task) may say: no due time, the amount approved. */
export interface ProposalSummary {
  reference: string;
  activity: Activity;
  /** The commune's name (never its code). */
  communeName: string;
  amount: Dong;
  /** When the proposal was approved (the norm check passed). */
  approvedAt: string;
  link: string;
}

export const ACTIVITY_VI = Object.fromEntries(
  Object.entries(ACTIVITY_NAMES).map(([k, v]) => [k, v.vi]),
) as Record<Activity, string>;
export const ACTIVITY_EN = Object.fromEntries(
  Object.entries(ACTIVITY_NAMES).map(([k, v]) => [k, v.en]),
) as Record<Activity, string>;

export const formatVnd = (n: Dong) => formatMoney("vi", n);
/** "08:00 ngày 06/6/2026" (Vietnam time). */
export const formatLocal = (iso: string) => formatDateTime("vi", iso);

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Part {
  subject: string;
  intro: string;
  rows: [string, string][];
  /** The label of the link. */
  open: string;
}

function render(vi: Part, en: Part, link: string, to: string[]): Mail {
  const text = [
    vi.intro,
    ...vi.rows.map(([k, v]) => `${k}: ${v}`),
    `${vi.open}: ${link}`,
    "",
    "---",
    en.intro,
    ...en.rows.map(([k, v]) => `${k}: ${v}`),
    `${en.open}: ${link}`,
  ].join("\n");
  const table = (rows: [string, string][]) =>
    `<table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
  const html = `<!doctype html><html lang="vi"><body style="font-family:sans-serif">
<p>${escapeHtml(vi.intro)}</p>${table(vi.rows)}
<p><a href="${escapeHtml(link)}">${escapeHtml(vi.open)}</a></p>
<hr><div lang="en"><p>${escapeHtml(en.intro)}</p>${table(en.rows)}
<p><a href="${escapeHtml(link)}">${escapeHtml(en.open)}</a></p></div></body></html>`;
  return { to, subject: `${vi.subject} / ${en.subject}`, text, html };
}

function taskMail(
  subjectVi: string,
  subjectEn: string,
  introVi: string,
  introEn: string,
  t: TaskSummary,
  to: string[],
): Mail {
  return render(
    {
      subject: subjectVi,
      intro: introVi,
      open: "Mở nhiệm vụ",
      rows: [
        ["Mã đề xuất", t.reference],
        ["Hoạt động", ACTIVITY_NAMES[t.activity].vi],
        ["Xã", t.communeName],
        ["Số tiền đề nghị hỗ trợ", formatMoney("vi", t.amount)],
        ["Hạn xử lý", `${formatDateTime("vi", t.dueAt)} (giờ Việt Nam)`],
      ],
    },
    {
      subject: subjectEn,
      intro: introEn,
      open: "Open the task",
      rows: [
        ["Reference", t.reference],
        ["Activity", ACTIVITY_NAMES[t.activity].en],
        ["Commune", t.communeName],
        ["Support requested", formatMoney("en", t.amount)],
        ["Due", `${formatDateTime("en", t.dueAt)} (Vietnam time)`],
      ],
    },
    t.link,
    to,
  );
}

export const reviewAssignedMail = (t: TaskSummary, to: string[]) =>
  taskMail(
    `[Dự án 8] Đề xuất ${t.reference} chờ thẩm định`,
    `Proposal ${t.reference} awaits review`,
    "Đơn vị của anh/chị có một đề xuất mới cần thẩm định.",
    "Your unit has a new proposal to review.",
    t,
    to,
  );

export const reviewReminderMail = (t: TaskSummary, to: string[]) =>
  taskMail(
    `[Dự án 8] Nhắc việc: đề xuất ${t.reference} sắp đến hạn`,
    `Reminder: proposal ${t.reference} is due soon`,
    "Đề xuất dưới đây sắp đến hạn thẩm định.",
    "The proposal below is due for review soon.",
    t,
    to,
  );

export const reviewEscalationMail = (t: TaskSummary, to: string[]) =>
  taskMail(
    `[Dự án 8] Quá hạn: đề xuất ${t.reference} chưa được thẩm định`,
    `Overdue: proposal ${t.reference} has not been reviewed`,
    "Đề xuất dưới đây đã quá hạn thẩm định và được chuyển lên cấp trên.",
    "The proposal below is overdue for review and has been escalated.",
    t,
    to,
  );

/**
 * Finance: an approved proposal awaits payment. There is no deadline for a payment, so the mail
 * says when the proposal was approved, not a "due" time; the link opens the proposal page.
 */
export const disbursementDueMail = (p: ProposalSummary, to: string[]) =>
  render(
    {
      subject: `[Dự án 8] Đề xuất ${p.reference} đã được phê duyệt, chờ giải ngân`,
      intro: "Đề xuất dưới đây đã qua kiểm tra định mức và chờ giải ngân.",
      open: "Mở đề xuất",
      rows: [
        ["Mã đề xuất", p.reference],
        ["Hoạt động", ACTIVITY_NAMES[p.activity].vi],
        ["Xã", p.communeName],
        ["Số tiền được phê duyệt", formatMoney("vi", p.amount)],
        ["Phê duyệt lúc", `${formatDateTime("vi", p.approvedAt)} (giờ Việt Nam)`],
      ],
    },
    {
      subject: `Proposal ${p.reference} approved, awaiting disbursement`,
      intro: "The proposal below passed the norm check and awaits disbursement.",
      open: "Open the proposal",
      rows: [
        ["Reference", p.reference],
        ["Activity", ACTIVITY_NAMES[p.activity].en],
        ["Commune", p.communeName],
        ["Amount approved", formatMoney("en", p.amount)],
        ["Approved at", `${formatDateTime("en", p.approvedAt)} (Vietnam time)`],
      ],
    },
    p.link,
    to,
  );
