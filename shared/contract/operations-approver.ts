import * as z from "zod/mini";
import { meta } from "../validation/z.ts";
import type { OperationDoc } from "./operations.ts";

const id = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const hours = z.number().check(z.int(), z.gte(1), z.lte(24 * 365));

/** Body of POST /v1/tasks/{id}/reassign. */
export const ReassignInput = meta(z.strictObject({ assignee: id(128) }), { id: "ReassignInput" });

/** Body of PUT /v1/units/{id}/review-unit. */
export const ReviewUnitInput = meta(z.strictObject({ reviewUnitId: id(64) }), {
  id: "ReviewUnitInput",
});

/** Body of PUT /v1/settings/review: any subset. */
export const ReviewSettingsInput = meta(
  z.strictObject({
    reviewSlaHours: z.optional(hours),
    remindBeforeHours: z.optional(hours),
    escalateProvinceAfterHours: z.optional(hours),
    linkExpiryDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(90))),
  }),
  { id: "ReviewSettingsInput" },
);

/** Documentation of the approver-experience routes (infra/api/routes-approver.ts). */
export const APPROVER_OPERATIONS: Record<string, OperationDoc> = {
  WebInbox: {
    tag: "Web",
    summary: "Task inbox page (HTML): mine, my unit's, overdue, decided by me",
    summaryVi: "Trang hộp nhiệm vụ",
    description:
      "Server-rendered; signs in from the p8_token cookie (redirects to the sign-in otherwise). `?lang=en` switches to English (remembered in p8_lang).",
    query: {
      view: "mine | unit | overdue | decided",
      activity: "A1-A4",
      commune: "commune id",
      sort: "due | priority",
      lang: "vi | en",
    },
  },
  WebTaskPage: {
    tag: "Web",
    summary: "Task page (HTML): proposal, norm-check preview, attachments, history, decision form",
    summaryVi: "Trang nhiệm vụ",
    query: { lang: "vi | en" },
  },
  WebTaskAction: {
    tag: "Web",
    summary: "Task page form post: decide, claim, unclaim, reassign",
    summaryVi: "Gửi biểu mẫu trang nhiệm vụ",
    description:
      "application/x-www-form-urlencoded with `_csrf` (bound to the session) and `op`. Success: 303 back to the page.",
  },
  OpenEmailLink: {
    tag: "Web",
    summary: "Open an email link (HTML): summary and decision form; never changes anything",
    summaryVi: "Mở liên kết trong email",
    description:
      "The link id is opaque and single-use, bound to one approver, stored hashed, expiring (7 days by default). A link to a decided, reassigned or timed-out task says what happened.",
  },
  DecideByEmailLink: {
    tag: "Web",
    summary: "Decide through an email link (form post by the signed-in approver it was sent to)",
    summaryVi: "Quyết định qua liên kết email",
    description:
      "Needs the p8_token session of the link's approver and the form's `_csrf`. The link is consumed in the decision's transaction.",
  },
  ClaimTask: {
    tag: "Review",
    summary: "Claim a review task",
    summaryVi: "Nhận xử lý nhiệm vụ",
    description: "409 names who holds it when someone else claimed it first.",
  },
  UnclaimTask: {
    tag: "Review",
    summary: "Give a claimed task back to the unit",
    summaryVi: "Trả nhiệm vụ cho đơn vị",
  },
  ReassignTask: {
    tag: "Review",
    summary: "Reassign a task to another approver of the unit (unit lead)",
    summaryVi: "Giao lại nhiệm vụ",
    request: ReassignInput,
    description:
      "Email links of the previous assignment stop working; the new assignee gets a link of their own.",
  },
  SetReviewUnit: {
    tag: "Admin",
    summary: "Set which unit reviews a commune (routing as data)",
    summaryVi: "Đặt đơn vị thẩm định của xã",
    request: ReviewUnitInput,
    description:
      "Open tasks stay where they are; the commune's next review task goes to the new unit. Audited on the stream UNIT#<commune>.",
  },
  GetReviewSettings: {
    tag: "Admin",
    summary: "Review timetable: SLA, reminder, escalation, link expiry",
    summaryVi: "Xem thời hạn thẩm định",
  },
  PutReviewSettings: {
    tag: "Admin",
    summary: "Change the review timetable",
    summaryVi: "Sửa thời hạn thẩm định",
    request: ReviewSettingsInput,
    description:
      "Applies to tasks opened afterwards (SLA) and to the next sweep (reminders, escalation).",
  },
};
