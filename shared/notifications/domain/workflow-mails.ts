import type { Mail } from "./messages.ts";

/** Vietnamese names of the lifecycle's steps, for people (English below in each mail). */
const STEP_VI: Record<string, string> = {
  OpenReview: "mở nhiệm vụ thẩm định",
  VerifyReview: "kiểm tra kết quả thẩm định",
  ExpireReview: "xử lý quá hạn thẩm định",
  CheckNorms: "kiểm tra định mức",
  AwaitDisbursement: "chờ giải ngân",
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A workflow step failed for a proposal: its reference, the step and a link, nothing else (no
 * personal data, no error details: those are in the logs by the proposal id).
 */
export function workflowFailureMail(
  f: { reference: string; state: string; link: string },
  to: string[],
): Mail {
  const step = STEP_VI[f.state] ?? f.state;
  const subject = `[Dự án 8] Lỗi quy trình đề xuất ${f.reference} / Workflow step failed`;
  const vi = `Bước "${step}" của quy trình đề xuất ${f.reference} bị lỗi. Hệ thống sẽ tự khởi động lại bước này; nếu lỗi còn lặp lại, đề nghị liên hệ quản trị hệ thống.`;
  const en = `The step ${f.state} of proposal ${f.reference}'s workflow failed. The system restarts it automatically; if it keeps failing, contact the administrator.`;
  return {
    to,
    subject,
    text: `${vi}\n${f.link}\n\n${en}\n${f.link}\n`,
    html: `<p>${escapeHtml(vi)}</p><p><a href="${escapeHtml(f.link)}">${escapeHtml(f.link)}</a></p><hr><p lang="en">${escapeHtml(en)}</p>`,
  };
}
