import type { Activity } from "../kernel/types.ts";
import { ACTIVITY_EN, ACTIVITY_VI } from "../notifications/domain/messages.ts";

/** Pages speak Vietnamese; `?lang=en` switches to English and is remembered in the `p8_lang` cookie. */
export type Lang = "vi" | "en";
export const LANG_COOKIE = "p8_lang";

const VI = {
  appName: "Dự án 8 – Thẩm định đề xuất",
  inbox: "Nhiệm vụ thẩm định",
  viewMine: "Của tôi",
  viewUnit: "Của đơn vị",
  viewOverdue: "Quá hạn",
  viewDecided: "Tôi đã quyết định",
  filter: "Lọc",
  activity: "Hoạt động",
  commune: "Xã",
  all: "Tất cả",
  sort: "Sắp xếp",
  sortDue: "Hạn xử lý",
  sortPriority: "Mức ưu tiên",
  apply: "Áp dụng",
  noTasks: "Không có nhiệm vụ nào.",
  due: "Hạn xử lý",
  overdue: "Quá hạn",
  priorityHigh: "Ưu tiên cao",
  amount: "Số tiền đề nghị hỗ trợ",
  reference: "Mã đề xuất",
  title: "Tên đề xuất",
  summary: "Tóm tắt",
  beneficiary: "Đơn vị thụ hưởng",
  items: "Hạng mục",
  totalCost: "Tổng chi phí",
  support: "Hỗ trợ",
  assignee: "Người xử lý",
  unassigned: "Chưa ai nhận",
  claim: "Nhận xử lý",
  unclaim: "Trả lại cho đơn vị",
  reassign: "Giao cho",
  reassignButton: "Giao lại",
  normCheck: "Kiểm tra định mức (xem trước)",
  normPassed: "Đạt định mức",
  normFailed: "Vượt định mức",
  normUnavailable: "Chưa kiểm tra được định mức.",
  attachments: "Tệp đính kèm",
  noAttachments: "Không có tệp đính kèm.",
  history: "Lịch sử",
  decision: "Quyết định",
  approve: "Duyệt",
  return: "Trả lại để bổ sung",
  reject: "Từ chối",
  comment: "Ý kiến (bắt buộc khi trả lại hoặc từ chối)",
  submitDecision: "Gửi quyết định",
  decidedBy: "Đã quyết định",
  by: "bởi",
  at: "lúc",
  status: "Trạng thái",
  signIn: "Đăng nhập để quyết định",
  signInNeeded: "Anh/chị cần đăng nhập đúng tài khoản được giao để ra quyết định.",
  signOut: "Đăng xuất",
  wrongUser:
    "Liên kết này được gửi cho một cán bộ khác. Anh/chị không thể quyết định qua liên kết này.",
  linkInvalid: "Liên kết không hợp lệ hoặc đã bị xoá.",
  linkExpired: "Liên kết đã hết hạn. Anh/chị có thể mở nhiệm vụ sau khi đăng nhập.",
  linkUsed: "Liên kết này đã được sử dụng.",
  alreadyDecided: "Nhiệm vụ đã được quyết định",
  timedOut: "Đã quá hạn thẩm định: đề xuất đã được trả về xã, không thể quyết định nữa.",
  cancelled: "Nhiệm vụ đã bị huỷ.",
  reassignedTo: "Nhiệm vụ đã được giao lại cho",
  openTask: "Mở nhiệm vụ",
  recorded: "Quyết định đã được ghi nhận.",
  back: "Quay lại danh sách",
  error: "Không thực hiện được",
  forbidden: "Anh/chị không có quyền xem trang này.",
  notFound: "Không tìm thấy.",
  csrf: "Biểu mẫu đã hết hiệu lực. Vui lòng tải lại trang và thử lại.",
  switchLang: "English",
  vnTime: "giờ Việt Nam",
  approveDone: "đã duyệt",
  returnDone: "đã trả lại",
  rejectDone: "đã từ chối",
  skip: "Bỏ qua đến nội dung chính",
};
export type MessageKey = keyof typeof VI;

const EN: Record<MessageKey, string> = {
  appName: "Project 8 – Proposal review",
  inbox: "Review tasks",
  viewMine: "Mine",
  viewUnit: "My unit's",
  viewOverdue: "Overdue",
  viewDecided: "Decided by me",
  filter: "Filter",
  activity: "Activity",
  commune: "Commune",
  all: "All",
  sort: "Sort by",
  sortDue: "Due date",
  sortPriority: "Priority",
  apply: "Apply",
  noTasks: "No tasks.",
  due: "Due",
  overdue: "Overdue",
  priorityHigh: "High priority",
  amount: "Support requested",
  reference: "Reference",
  title: "Title",
  summary: "Summary",
  beneficiary: "Beneficiary",
  items: "Items",
  totalCost: "Total cost",
  support: "Support",
  assignee: "Assignee",
  unassigned: "Not claimed",
  claim: "Claim",
  unclaim: "Give back to the unit",
  reassign: "Assign to",
  reassignButton: "Reassign",
  normCheck: "Norm check (preview)",
  normPassed: "Within the norms",
  normFailed: "Exceeds the norms",
  normUnavailable: "The norm check could not run.",
  attachments: "Attachments",
  noAttachments: "No attachments.",
  history: "History",
  decision: "Decision",
  approve: "Approve",
  return: "Return for changes",
  reject: "Reject",
  comment: "Comment (required to return or reject)",
  submitDecision: "Submit decision",
  decidedBy: "Decided",
  by: "by",
  at: "at",
  status: "Status",
  signIn: "Sign in to decide",
  signInNeeded: "Sign in with the account this link was sent to in order to decide.",
  signOut: "Sign out",
  wrongUser: "This link was sent to another reviewer. You cannot decide through it.",
  linkInvalid: "This link is not valid or was removed.",
  linkExpired: "This link has expired. You can open the task after signing in.",
  linkUsed: "This link has already been used.",
  alreadyDecided: "The task was already decided",
  timedOut:
    "The review deadline passed: the proposal went back to the commune and can no longer be decided.",
  cancelled: "The task was cancelled.",
  reassignedTo: "The task was reassigned to",
  openTask: "Open the task",
  recorded: "Your decision has been recorded.",
  back: "Back to the list",
  error: "Could not do that",
  forbidden: "You may not see this page.",
  notFound: "Not found.",
  csrf: "The form has expired. Reload the page and try again.",
  switchLang: "Tiếng Việt",
  vnTime: "Vietnam time",
  approveDone: "approved",
  returnDone: "returned",
  rejectDone: "rejected",
  skip: "Skip to main content",
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { vi: VI, en: EN };

export const t = (lang: Lang, key: MessageKey): string => MESSAGES[lang][key];

export const activityName = (lang: Lang, a: Activity): string =>
  (lang === "vi" ? ACTIVITY_VI : ACTIVITY_EN)[a];

/** `?lang=` wins (and is remembered), then the cookie, then Vietnamese. */
export function langOf(
  query: Record<string, string | undefined> | undefined,
  cookies: readonly string[] | undefined,
): { lang: Lang; setCookie?: string } {
  const asked = query?.lang;
  if (asked === "en" || asked === "vi") {
    return {
      lang: asked,
      setCookie: `${LANG_COOKIE}=${asked}; Path=/; SameSite=Lax; Max-Age=31536000`,
    };
  }
  const cookie = (cookies ?? []).find((c) => c.startsWith(`${LANG_COOKIE}=`));
  return { lang: cookie?.slice(LANG_COOKIE.length + 1) === "en" ? "en" : "vi" };
}

/** Money in integer đồng, written the local way. */
export const money = (lang: Lang, n: number): string =>
  lang === "vi" ? `${n.toLocaleString("vi-VN")} đ` : `${n.toLocaleString("en-US")} VND`;

/** A stored UTC time shown in Asia/Ho_Chi_Minh. */
export function localTime(lang: Lang, iso: string | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "short",
  });
}
