import { roleMay, scopeRuleOf } from "../access/policy.ts";
import type { Role } from "../kernel/types.ts";
import { esc } from "./html.ts";
import type { Lang } from "./i18n.ts";

/** Counts shown on the landing page, each only for the roles that act on it. */
export interface HomeCounts {
  openTasks?: number;
  overdueTasks?: number;
  returned?: number;
  drafts?: number;
  awaitingPayment?: number;
  overdueReviews?: number;
}

interface Card {
  href: string;
  vi: string;
  en: string;
  hintVi: string;
  hintEn: string;
  count?: (c: HomeCounts) => number | undefined;
  /** Shown when the count is above zero: the count is a warning, not just a number. */
  warn?: boolean;
  shows(role: Role): boolean;
}

const reviews = (role: Role) => scopeRuleOf(role, "task.read") === "reviewUnit";

/** What each role does first, in the order of its day; every link is a page it may open. */
const CARDS: readonly Card[] = [
  {
    href: "/app/tasks?view=overdue",
    vi: "Hồ sơ thẩm định quá hạn",
    en: "Overdue reviews",
    hintVi: "Cần quyết định ngay",
    hintEn: "Decide these first",
    count: (c) => c.overdueTasks,
    warn: true,
    shows: reviews,
  },
  {
    href: "/app/tasks",
    vi: "Hồ sơ chờ thẩm định",
    en: "Reviews waiting",
    hintVi: "Hộp việc của đơn vị thẩm định",
    hintEn: "Your reviewing unit's inbox",
    count: (c) => c.openTasks,
    shows: reviews,
  },
  {
    href: "/app/proposals?status=RETURNED",
    vi: "Đề xuất bị trả lại",
    en: "Returned proposals",
    hintVi: "Sửa theo ý kiến thẩm định rồi gửi lại",
    hintEn: "Fix them as the reviewer asked and resubmit",
    count: (c) => c.returned,
    warn: true,
    shows: (role) => roleMay(role, "proposal.create"),
  },
  {
    href: "/app/proposals?status=DRAFT",
    vi: "Đề xuất đang soạn",
    en: "Drafts",
    hintVi: "Hoàn thiện và gửi thẩm định",
    hintEn: "Complete and submit them",
    count: (c) => c.drafts,
    shows: (role) => roleMay(role, "proposal.create"),
  },
  {
    href: "/app/proposals/new",
    vi: "Lập đề xuất mới",
    en: "New proposal",
    hintVi: "Đối tượng thụ hưởng đã đăng ký trong sổ theo dõi",
    hintEn: "For a beneficiary registered in the registry",
    shows: (role) => roleMay(role, "proposal.create"),
  },
  {
    href: "/app/finance",
    vi: "Đề xuất chờ giải ngân",
    en: "Awaiting payment",
    hintVi: "Đã phê duyệt, chờ chi",
    hintEn: "Approved, waiting for payment",
    count: (c) => c.awaitingPayment,
    shows: (role) => roleMay(role, "disbursement.record"),
  },
  {
    href: "/app/reviews/overdue",
    vi: "Thẩm định quá hạn trong tỉnh",
    en: "Overdue reviews in the province",
    hintVi: "Các đơn vị thẩm định chưa quyết định đúng hạn",
    hintEn: "Reviewing units past their due time",
    count: (c) => c.overdueReviews,
    warn: true,
    shows: (role) => scopeRuleOf(role, "task.read") === "province" && role !== "auditor",
  },
  {
    href: "/app/province",
    vi: "Đề xuất của các xã trong tỉnh",
    en: "Proposals across the province",
    hintVi: "Lọc theo xã, hoạt động, trạng thái",
    hintEn: "Filter by commune, activity, status",
    shows: (role) => role === "province_officer",
  },
  {
    href: "/app/proposals",
    vi: "Đề xuất",
    en: "Proposals",
    hintVi: "Theo trạng thái",
    hintEn: "By status",
    shows: (role) =>
      roleMay(role, "proposal.read") &&
      !roleMay(role, "proposal.create") &&
      role !== "province_officer" &&
      role !== "central_officer",
  },
  {
    href: "/app/admin/users",
    vi: "Người dùng",
    en: "Users",
    hintVi: "Tạo, khóa, mở khóa tài khoản; phê duyệt tài khoản do người khác tạo",
    hintEn: "Create, disable, enable accounts; approve those someone else created",
    shows: (role) => roleMay(role, "users.manage"),
  },
  {
    href: "/app/units",
    vi: "Đơn vị, phân công thẩm định",
    en: "Units and review routing",
    hintVi: "Đơn vị nào thẩm định xã nào; tạo đơn vị (quản trị)",
    hintEn: "Which unit reviews which commune; new units (admins)",
    shows: (role) => roleMay(role, "routing.read"),
  },
  {
    href: "/app/settings/review",
    vi: "Thời hạn thẩm định",
    en: "Review timetable",
    hintVi: "Thời hạn, nhắc việc, chuyển cấp",
    hintEn: "Due times, reminders, escalation",
    shows: (role) => roleMay(role, "settings.read"),
  },
  {
    href: "/app/audit",
    vi: "Nhật ký kiểm toán",
    en: "Audit trail",
    hintVi: "Lọc theo xã, người thực hiện, ngày",
    hintEn: "Filter by commune, person, date",
    shows: (role) => roleMay(role, "audit.read"),
  },
  {
    href: "/app/monitoring",
    vi: "Theo dõi, đánh giá",
    en: "Monitoring",
    hintVi: "Chỉ tiêu, báo cáo định kỳ",
    hintEn: "Indicators, periodic reports",
    shows: (role) => roleMay(role, "monitoring.read"),
  },
  {
    href: "/app/registry",
    vi: "Sổ theo dõi đối tượng",
    en: "Registry",
    hintVi: "Tổ nhóm, THT, HTX, địa chỉ tin cậy",
    hintEn: "Groups, cooperatives, trusted addresses",
    shows: (role) => roleMay(role, "registry.read"),
  },
  {
    href: "/app/norm-sets",
    vi: "Bộ định mức hỗ trợ",
    en: "Support norm sets",
    hintVi: "Soạn và phê duyệt (người thứ hai)",
    hintEn: "Draft and approve (a second person)",
    shows: (role) => roleMay(role, "norms.draft"),
  },
];

/** The cards of a role's landing page. */
export function homeCards(lang: Lang, role: Role, counts: HomeCounts): string {
  const items = CARDS.filter((c) => c.shows(role)).map((c) => {
    const n = c.count?.(counts);
    const badge =
      n === undefined
        ? ""
        : `<span class="count${c.warn && n > 0 ? " late" : ""}">${n}${n >= 100 ? "+" : ""}</span>`;
    return `<li>${badge}<a href="${esc(c.href)}"><strong>${esc(lang === "vi" ? c.vi : c.en)}</strong></a><div class="meta">${esc(lang === "vi" ? c.hintVi : c.hintEn)}</div></li>`;
  });
  return `<ul class="cards">${items.join("")}</ul>`;
}

/** The landing page's links (tests follow each one for each role). */
export function homeLinks(role: Role): string[] {
  return CARDS.filter((c) => c.shows(role)).map((c) => c.href);
}
