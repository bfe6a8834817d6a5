/**
 * Report reminder mails, Vietnamese first and English below: the unit, the period, the due date
 * and a link to the report page. No personal data (a report holds none anyway).
 */
import type { Mail } from "../../notifications/domain/messages.ts";
import type { ReportReminderStep } from "./reminders.ts";

const KIND_VI: Record<string, string> = {
  Q: "báo cáo quý",
  H: "báo cáo sơ kết 6 tháng",
  Y: "báo cáo tổng kết năm",
};
const KIND_EN: Record<string, string> = {
  Q: "quarterly report",
  H: "six-monthly review",
  Y: "annual review",
};

const kindOf = (period: string) =>
  period.includes("-Q") ? "Q" : period.includes("-H") ? "H" : "Y";
const vnDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function reportReminderMail(
  step: ReportReminderStep,
  r: { unitName: string; period: string; dueOn: string; link: string },
  to: string[],
): Mail {
  const k = kindOf(r.period);
  const vi: Record<ReportReminderStep, [string, string]> = {
    due: [
      `[Dự án 8] Nhắc nộp ${KIND_VI[k]} ${r.period}`,
      `Sắp đến hạn nộp ${KIND_VI[k]} kỳ ${r.period} của ${r.unitName}.`,
    ],
    overdue: [
      `[Dự án 8] Quá hạn: ${KIND_VI[k]} ${r.period}`,
      `${r.unitName} chưa nộp ${KIND_VI[k]} kỳ ${r.period}; đã quá hạn.`,
    ],
    escalated: [
      `[Dự án 8] Đôn đốc: ${r.unitName} chưa nộp ${KIND_VI[k]} ${r.period}`,
      `${r.unitName} chưa nộp ${KIND_VI[k]} kỳ ${r.period} dù đã quá hạn; đề nghị cấp trên đôn đốc.`,
    ],
  };
  const en: Record<ReportReminderStep, [string, string]> = {
    due: [
      `Reminder: ${KIND_EN[k]} ${r.period} is due`,
      `The ${KIND_EN[k]} ${r.period} of ${r.unitName} is due soon.`,
    ],
    overdue: [
      `Overdue: ${KIND_EN[k]} ${r.period}`,
      `${r.unitName} has not submitted the ${KIND_EN[k]} ${r.period}; it is overdue.`,
    ],
    escalated: [
      `Follow up: ${r.unitName} has not submitted the ${KIND_EN[k]} ${r.period}`,
      `${r.unitName} has not submitted the ${KIND_EN[k]} ${r.period} although it is overdue; please follow up.`,
    ],
  };
  const [subjectVi, introVi] = vi[step];
  const [subjectEn, introEn] = en[step];
  const text = [
    introVi,
    `Hạn nộp: ${vnDate(r.dueOn)}`,
    `Mở báo cáo: ${r.link}`,
    "",
    "---",
    introEn,
    `Due: ${vnDate(r.dueOn)}`,
    `Open the report: ${r.link}`,
  ].join("\n");
  const html = `<!doctype html><html lang="vi"><body style="font-family:sans-serif">
<p>${esc(introVi)}</p><p>Hạn nộp: ${esc(vnDate(r.dueOn))}</p><p><a href="${esc(r.link)}">Mở báo cáo</a></p>
<hr><div lang="en"><p>${esc(introEn)}</p><p>Due: ${esc(vnDate(r.dueOn))}</p><p><a href="${esc(r.link)}">Open the report</a></p></div></body></html>`;
  return { to, subject: `${subjectVi} / ${subjectEn}`, text, html };
}
