/**
 * The words people read, in the handbook's own terms: Vietnamese first, English second. Pages,
 * emails and exports take every user-facing name of a code from here, so that no English code
 * (`COOPERATIVE`, `IN_REVIEW`, `review.returned`) ever reaches a Vietnamese reader.
 */
import type { Activity, BeneficiaryKind, ProposalStatus, Role } from "./types.ts";

export interface Words {
  vi: string;
  en: string;
}

/** The four activities, named as the handbook (Dự án 8, Hoạt động 1-4) names them. */
export const ACTIVITY_NAMES: Record<Activity, Words> = {
  A1: {
    vi: "Phát triển và nhân rộng mô hình Tổ tiết kiệm vốn vay thôn bản (TKVVTB)",
    en: "Village savings-and-loan groups",
  },
  A2: {
    vi: "Hỗ trợ ứng dụng khoa học công nghệ cho tổ nhóm sinh kế, THT, HTX",
    en: "Science and technology for livelihood groups, cooperative groups and cooperatives",
  },
  A3: {
    vi: "Củng cố, nâng cao chất lượng hoặc thành lập mới Địa chỉ tin cậy cộng đồng",
    en: "Community trusted addresses",
  },
  A4: {
    vi: "Hỗ trợ sinh kế, hòa nhập cộng đồng cho nạn nhân bị mua bán trở về",
    en: "Livelihood and reintegration for survivors of trafficking",
  },
};

/** "Đối tượng thụ hưởng": who receives the support. */
export const BENEFICIARY_KIND_NAMES: Record<BeneficiaryKind, Words> = {
  SAVINGS_GROUP: { vi: "Tổ tiết kiệm vốn vay thôn bản (TKVVTB)", en: "Savings group" },
  LIVELIHOOD_GROUP: { vi: "Tổ nhóm sinh kế", en: "Livelihood group" },
  COOPERATIVE_GROUP: { vi: "Tổ hợp tác (THT)", en: "Cooperative group" },
  COOPERATIVE: { vi: "Hợp tác xã (HTX)", en: "Cooperative" },
  TRUSTED_ADDRESS: { vi: "Địa chỉ tin cậy cộng đồng (ĐCTC)", en: "Trusted address" },
  SURVIVOR_MODEL: {
    vi: "Mô hình sinh kế cho nạn nhân bị mua bán trở về",
    en: "Livelihood model for a trafficking survivor",
  },
};

/** Where a proposal stands, as the commune and the reviewing unit say it. */
export const STATUS_NAMES: Record<ProposalStatus, Words> = {
  DRAFT: { vi: "Dự thảo", en: "Draft" },
  IN_REVIEW: { vi: "Đang thẩm định", en: "In review" },
  RETURNED: { vi: "Trả lại để bổ sung", en: "Returned for changes" },
  REJECTED: { vi: "Không được phê duyệt", en: "Rejected" },
  NORM_CHECK: { vi: "Đang kiểm tra định mức", en: "Norm check" },
  APPROVED: { vi: "Đã phê duyệt, chờ giải ngân", en: "Approved, awaiting payment" },
  DISBURSING: { vi: "Đang giải ngân", en: "Being paid" },
  MONITORING: { vi: "Đã giải ngân, đang giám sát", en: "Paid, monitoring" },
  CLOSED: { vi: "Đã kết thúc", en: "Closed" },
  CANCELLED: { vi: "Đã rút", en: "Withdrawn" },
};

export const ROLE_NAMES: Record<Role, Words> = {
  commune_officer: { vi: "Cán bộ Hội LHPN xã", en: "Commune officer" },
  approver: { vi: "Cán bộ thẩm định", en: "Reviewer" },
  unit_lead: { vi: "Lãnh đạo đơn vị thẩm định", en: "Reviewing unit lead" },
  finance_officer: { vi: "Cán bộ tài chính", en: "Finance officer" },
  province_officer: { vi: "Cán bộ Hội LHPN tỉnh", en: "Province officer" },
  auditor: { vi: "Kiểm toán viên", en: "Auditor" },
  admin: { vi: "Quản trị hệ thống", en: "Administrator" },
  central_officer: { vi: "Cán bộ Trung ương Hội LHPN Việt Nam", en: "Central officer" },
};

export const UNIT_KIND_NAMES: Record<"province" | "review_unit" | "commune", Words> = {
  province: { vi: "Tỉnh", en: "Province" },
  review_unit: { vi: "Đơn vị thẩm định", en: "Reviewing unit" },
  commune: { vi: "Xã", en: "Commune" },
};

/** How a monitoring report says the model is going. */
export const PROGRESS_NAMES: Record<"on_track" | "delayed" | "problem", Words> = {
  on_track: { vi: "Đúng tiến độ", en: "On track" },
  delayed: { vi: "Chậm tiến độ", en: "Delayed" },
  problem: { vi: "Có khó khăn, vướng mắc", en: "Problems" },
};

export const CHANNEL_NAMES: Record<string, Words> = {
  api: { vi: "API", en: "API" },
  web: { vi: "Trang web", en: "Web" },
  email_link: { vi: "Liên kết email", en: "Email link" },
  system: { vi: "Hệ thống", en: "System" },
};

/**
 * What each audit event means, as an activity in the history of a proposal (or of a unit, a
 * norm set, the settings, a user). An unknown type is shown as "Thay đổi khác" with no code.
 */
export const EVENT_NAMES: Record<string, Words> = {
  "proposal.created": { vi: "Lập dự thảo đề xuất", en: "Draft created" },
  "proposal.edited": { vi: "Sửa đề xuất", en: "Proposal edited" },
  "proposal.submitted": { vi: "Gửi thẩm định", en: "Submitted for review" },
  "proposal.cancelled": { vi: "Rút đề xuất", en: "Withdrawn" },
  "proposal.closed": { vi: "Kết thúc đề xuất", en: "Closed" },
  "review.task_opened": { vi: "Giao nhiệm vụ thẩm định", en: "Review task opened" },
  "review.task_claimed": { vi: "Nhận xử lý nhiệm vụ", en: "Task claimed" },
  "review.task_unclaimed": { vi: "Trả nhiệm vụ cho đơn vị", en: "Task released" },
  "review.task_reassigned": { vi: "Giao lại nhiệm vụ", en: "Task reassigned" },
  "review.approved": { vi: "Đơn vị thẩm định đồng ý", en: "Approved by the reviewer" },
  "review.returned": { vi: "Trả lại để bổ sung", en: "Returned for changes" },
  "review.rejected": { vi: "Không phê duyệt", en: "Rejected" },
  "review.expired": { vi: "Quá hạn thẩm định, trả về xã", en: "Review timed out" },
  "norms.passed": { vi: "Đạt định mức, phê duyệt kinh phí", en: "Within the norms, approved" },
  "norms.breached": { vi: "Vượt định mức, trả lại", en: "Exceeds the norms, returned" },
  "disbursement.recorded": { vi: "Ghi nhận giải ngân", en: "Payment recorded" },
  "report.filed": { vi: "Nộp báo cáo giám sát", en: "Monitoring report filed" },
  "attachment.added": { vi: "Đính kèm tài liệu", en: "Document attached" },
  "personal.read": { vi: "Xem thông tin cá nhân", en: "Personal data read" },
  "normset.published": { vi: "Ban hành bộ định mức", en: "Norm set published" },
  "unit.review_unit_changed": { vi: "Đổi đơn vị thẩm định của xã", en: "Reviewing unit changed" },
  "unit.created": { vi: "Tạo đơn vị", en: "Unit created" },
  "user.approved": {
    vi: "Phê duyệt tài khoản (người thứ hai)",
    en: "User approved (second admin)",
  },
  "user.enable_requested": { vi: "Đề nghị mở khoá tài khoản", en: "Enabling requested" },
  "settings.review_changed": { vi: "Sửa thời hạn thẩm định", en: "Review timetable changed" },
  "user.created": { vi: "Tạo tài khoản", en: "User created" },
  "user.disabled": { vi: "Khoá tài khoản", en: "User disabled" },
  "user.enabled": { vi: "Mở khoá tài khoản", en: "User enabled" },
};

export const OTHER_EVENT: Words = { vi: "Thay đổi khác", en: "Other change" };

/** The name of an event type, never the code itself. */
/** Kinds of attached documents (shared/attachments), in the handbook's words. */
export const ATTACHMENT_KIND_NAMES: Record<string, Words> = {
  signed_proposal: { vi: "Đề xuất đã ký", en: "Signed proposal" },
  selection_minutes: { vi: "Biên bản họp bình xét", en: "Selection meeting minutes" },
  photo: { vi: "Ảnh", en: "Photo" },
  payment_voucher: { vi: "Chứng từ chi", en: "Payment voucher" },
  other: { vi: "Tài liệu khác", en: "Other document" },
};

export const eventName = (type: string): Words => EVENT_NAMES[type] ?? OTHER_EVENT;
