import type { Activity, Dong } from "../../kernel/types.ts";

/**
 * Email texts, Vietnamese first and English below. They carry no personal data: only the
 * reference, the activity, the commune, the amount and a link (LESSONS.md).
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

export const ACTIVITY_VI: Record<Activity, string> = {
  A1: "Tổ tiết kiệm vốn vay thôn bản",
  A2: "Hỗ trợ khoa học công nghệ cho tổ nhóm sinh kế",
  A3: "Địa chỉ tin cậy cộng đồng",
  A4: "Sinh kế cho nạn nhân mua bán người trở về",
};
export const ACTIVITY_EN: Record<Activity, string> = {
  A1: "Village savings-and-loan group",
  A2: "Technology support for livelihood groups",
  A3: "Community trusted address",
  A4: "Livelihood for trafficking survivors",
};

export const formatVnd = (n: Dong) => `${n.toLocaleString("vi-VN")} đ`;
export const formatLocal = (iso: string) =>
  new Date(iso).toLocaleString("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "short",
  });

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(
  subjectVi: string,
  subjectEn: string,
  introVi: string,
  introEn: string,
  t: TaskSummary,
  to: string[],
): Mail {
  const rowsVi = [
    ["Mã đề xuất", t.reference],
    ["Hoạt động", ACTIVITY_VI[t.activity]],
    ["Xã", t.communeName],
    ["Số tiền đề nghị hỗ trợ", formatVnd(t.amount)],
    ["Hạn xử lý", `${formatLocal(t.dueAt)} (giờ Việt Nam)`],
  ];
  const rowsEn = [
    ["Reference", t.reference],
    ["Activity", ACTIVITY_EN[t.activity]],
    ["Commune", t.communeName],
    ["Support requested", `${t.amount.toLocaleString("en-US")} VND`],
    ["Due", `${formatLocal(t.dueAt)} (Vietnam time)`],
  ];
  const text = [
    introVi,
    ...rowsVi.map(([k, v]) => `${k}: ${v}`),
    `Mở nhiệm vụ: ${t.link}`,
    "",
    "---",
    introEn,
    ...rowsEn.map(([k, v]) => `${k}: ${v}`),
    `Open the task: ${t.link}`,
  ].join("\n");
  const table = (rows: string[][]) =>
    `<table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k ?? "")}</th><td>${escapeHtml(v ?? "")}</td></tr>`).join("")}</table>`;
  const html = `<!doctype html><html lang="vi"><body style="font-family:sans-serif">
<p>${escapeHtml(introVi)}</p>${table(rowsVi)}
<p><a href="${escapeHtml(t.link)}">Mở nhiệm vụ</a></p>
<hr><div lang="en"><p>${escapeHtml(introEn)}</p>${table(rowsEn)}
<p><a href="${escapeHtml(t.link)}">Open the task</a></p></div></body></html>`;
  return { to, subject: `${subjectVi} / ${subjectEn}`, text, html };
}

export const reviewAssignedMail = (t: TaskSummary, to: string[]) =>
  render(
    `[Dự án 8] Đề xuất ${t.reference} chờ thẩm định`,
    `Proposal ${t.reference} awaits review`,
    "Đơn vị của anh/chị có một đề xuất mới cần thẩm định.",
    "Your unit has a new proposal to review.",
    t,
    to,
  );

export const reviewReminderMail = (t: TaskSummary, to: string[]) =>
  render(
    `[Dự án 8] Nhắc việc: đề xuất ${t.reference} sắp đến hạn`,
    `Reminder: proposal ${t.reference} is due soon`,
    "Đề xuất dưới đây sắp đến hạn thẩm định.",
    "The proposal below is due for review soon.",
    t,
    to,
  );

export const reviewEscalationMail = (t: TaskSummary, to: string[]) =>
  render(
    `[Dự án 8] Quá hạn: đề xuất ${t.reference} chưa được thẩm định`,
    `Overdue: proposal ${t.reference} has not been reviewed`,
    "Đề xuất dưới đây đã quá hạn thẩm định và được chuyển lên cấp trên.",
    "The proposal below is overdue for review and has been escalated.",
    t,
    to,
  );

export const disbursementDueMail = (t: TaskSummary, to: string[]) =>
  render(
    `[Dự án 8] Đề xuất ${t.reference} đã được duyệt, chờ giải ngân`,
    `Proposal ${t.reference} approved, awaiting disbursement`,
    "Đề xuất dưới đây đã qua kiểm tra định mức và chờ giải ngân.",
    "The proposal below passed the norm check and awaits disbursement.",
    t,
    to,
  );
