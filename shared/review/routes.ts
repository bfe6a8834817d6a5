/**
 * Routes of the review capability: the task API, the web inbox and task page, email links,
 * the review timetable. Pages and link pages are public at the gateway (a browser sends a
 * cookie, not a bearer header) and authenticate themselves from the verified `p8_token` cookie.
 */
import { defineRoute } from "../contract/define.ts";
import { LinkIdParam, TaskIdParam } from "../contract/params.ts";
import { DecisionInput } from "../proposals/schemas.ts";
import { ReassignInput, ReviewSettingsInput, TaskListQuery } from "./schemas.ts";

const byId = { id: TaskIdParam };
const byLink = { linkId: LinkIdParam };

export const ListTasks = /* @__PURE__ */ defineRoute({
  id: "ListTasks",
  method: "GET",
  path: "/v1/tasks",
  entry: "functions/api/list-tasks.ts",
  auth: "jwt",
  action: "task.read",
  grants: { data: "read" },
  request: {
    query: TaskListQuery,
    queryDocs: {
      view: "unit | mine",
      status: "OPEN | DONE | EXPIRED | CANCELLED",
      unitId: "province roles: the reviewing unit",
      limit: "1-100",
      cursor: "from the previous page",
    },
  },
  doc: { tag: "Review", summary: "Review task inbox", summaryVi: "Hộp nhiệm vụ thẩm định" },
});

export const GetTask = /* @__PURE__ */ defineRoute({
  id: "GetTask",
  method: "GET",
  path: "/v1/tasks/{id}",
  entry: "functions/api/get-task.ts",
  auth: "jwt",
  action: "task.read",
  grants: { data: "read" },
  request: { params: byId },
  doc: { tag: "Review", summary: "Get a review task", summaryVi: "Xem nhiệm vụ" },
});

export const DecideTask = /* @__PURE__ */ defineRoute({
  id: "DecideTask",
  method: "POST",
  path: "/v1/tasks/{id}/decision",
  entry: "functions/api/decide-task.ts",
  auth: "jwt",
  action: "task.decide",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: byId, body: DecisionInput, idempotent: true },
  problems: ["wrong-state", "conflict"],
  doc: {
    tag: "Review",
    summary: "Decide a review task: approve, return or reject",
    summaryVi: "Quyết định: duyệt, trả lại, từ chối",
    description: "The first decision wins; a later one gets 409 naming who decided and when.",
  },
});

export const ClaimTask = /* @__PURE__ */ defineRoute({
  id: "ClaimTask",
  method: "POST",
  path: "/v1/tasks/{id}/claim",
  entry: "functions/api/claim-task.ts",
  auth: "jwt",
  action: "task.claim",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId },
  problems: ["conflict"],
  doc: {
    tag: "Review",
    summary: "Claim a review task",
    summaryVi: "Nhận xử lý nhiệm vụ",
    description:
      "409 names who holds it when someone else claimed it first. Recorded on the proposal's audit chain (review.task_claimed).",
  },
});

export const UnclaimTask = /* @__PURE__ */ defineRoute({
  id: "UnclaimTask",
  method: "POST",
  path: "/v1/tasks/{id}/unclaim",
  entry: "functions/api/unclaim-task.ts",
  auth: "jwt",
  grants: { data: "readwrite", audit: "append" },
  request: { params: byId },
  problems: ["conflict"],
  doc: {
    tag: "Review",
    summary: "Give a claimed task back to the unit",
    summaryVi: "Trả nhiệm vụ cho đơn vị",
    description:
      "The holder, or the unit lead, releases the claim. Recorded on the proposal's audit chain (review.task_unclaimed).",
  },
});

export const ReassignTask = /* @__PURE__ */ defineRoute({
  id: "ReassignTask",
  method: "POST",
  path: "/v1/tasks/{id}/reassign",
  entry: "functions/api/reassign-task.ts",
  auth: "jwt",
  action: "task.reassign",
  grants: { data: "readwrite", audit: "append", mail: true },
  request: { params: byId, body: ReassignInput },
  problems: ["conflict"],
  doc: {
    tag: "Review",
    summary: "Reassign a task to another approver of the unit (unit lead)",
    summaryVi: "Giao lại nhiệm vụ",
    description:
      "Email links of the previous assignment stop working; the new assignee gets a link of their own.",
  },
});

export const GetReviewSettings = /* @__PURE__ */ defineRoute({
  id: "GetReviewSettings",
  method: "GET",
  path: "/v1/settings/review",
  entry: "functions/api/get-review-settings.ts",
  auth: "jwt",
  action: "settings.manage",
  grants: { data: "read" },
  doc: {
    tag: "Admin",
    summary: "Review timetable: SLA, reminder, escalation, link expiry",
    summaryVi: "Xem thời hạn thẩm định",
  },
});

export const PutReviewSettings = /* @__PURE__ */ defineRoute({
  id: "PutReviewSettings",
  method: "PUT",
  path: "/v1/settings/review",
  entry: "functions/api/put-review-settings.ts",
  auth: "jwt",
  action: "settings.manage",
  grants: { data: "readwrite", audit: "append" },
  request: { body: ReviewSettingsInput },
  problems: ["conflict"],
  doc: {
    tag: "Admin",
    summary: "Change the review timetable",
    summaryVi: "Sửa thời hạn thẩm định",
    description:
      "Applies to tasks opened afterwards (SLA) and to the next sweep (reminders, escalation). Audited on the stream SETTINGS#review (settings.review_changed); a concurrent change is a 409.",
  },
});

export const WebInbox = /* @__PURE__ */ defineRoute({
  id: "WebInbox",
  method: "GET",
  path: "/app/tasks",
  entry: "functions/web/inbox.ts",
  auth: "none",
  grants: { data: "read" },
  request: {
    queryDocs: {
      view: "mine | unit | overdue | decided",
      activity: "A1-A4",
      commune: "commune id",
      sort: "due | priority",
      lang: "vi | en",
    },
  },
  doc: {
    tag: "Web",
    summary: "Task inbox page (HTML): mine, my unit's, overdue, decided by me",
    summaryVi: "Trang hộp nhiệm vụ",
    description:
      "Server-rendered; signs in from the p8_token cookie (redirects to the sign-in otherwise). `?lang=en` switches to English (remembered in p8_lang).",
  },
});

export const WebTaskPage = /* @__PURE__ */ defineRoute({
  id: "WebTaskPage",
  method: "GET",
  path: "/app/tasks/{id}",
  entry: "functions/web/get-task-page.ts",
  auth: "none",
  grants: { data: "read", audit: "read" },
  request: { params: byId, queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "Task page (HTML): proposal, norm-check preview, attachments, history, decision form",
    summaryVi: "Trang nhiệm vụ",
  },
});

export const WebTaskAction = /* @__PURE__ */ defineRoute({
  id: "WebTaskAction",
  method: "POST",
  path: "/app/tasks/{id}",
  entry: "functions/web/post-task-page.ts",
  auth: "none",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"], mail: true },
  request: { params: byId, form: true },
  doc: {
    tag: "Web",
    summary: "Task page form post: decide, claim, unclaim, reassign",
    summaryVi: "Gửi biểu mẫu trang nhiệm vụ",
    description:
      "application/x-www-form-urlencoded with `_csrf` (bound to the session) and `op`. Success: 303 back to the page.",
  },
});

export const OpenEmailLink = /* @__PURE__ */ defineRoute({
  id: "OpenEmailLink",
  method: "GET",
  path: "/l/{linkId}",
  entry: "functions/web/open-link.ts",
  auth: "none",
  grants: { data: "read" },
  request: { params: byLink },
  doc: {
    tag: "Web",
    summary: "Open an email link (HTML): summary and decision form; never changes anything",
    summaryVi: "Mở liên kết trong email",
    description:
      "The link id is opaque and single-use, bound to one approver, stored hashed, expiring (7 days by default). A link to a decided, reassigned or timed-out task says what happened.",
  },
});

export const DecideByEmailLink = /* @__PURE__ */ defineRoute({
  id: "DecideByEmailLink",
  method: "POST",
  path: "/l/{linkId}",
  entry: "functions/web/decide-by-link.ts",
  auth: "none",
  grants: { data: "readwrite", deletes: true, audit: "append", sfn: ["signal"] },
  request: { params: byLink, form: true },
  doc: {
    tag: "Web",
    summary: "Decide through an email link (form post by the signed-in approver it was sent to)",
    summaryVi: "Quyết định qua liên kết email",
    description:
      "Needs the p8_token session of the link's approver and the form's `_csrf`. The link is consumed in the decision's transaction.",
  },
});

export const WebReviewSettings = /* @__PURE__ */ defineRoute({
  id: "WebReviewSettings",
  method: "GET",
  path: "/app/settings/review",
  entry: "functions/web/review-settings-page.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "The review timetable (SLA, reminder, escalation, link expiry); a form for admins",
    summaryVi: "Thời hạn thẩm định",
  },
});

export const WebReviewSettingsAction = /* @__PURE__ */ defineRoute({
  id: "WebReviewSettingsAction",
  method: "POST",
  path: "/app/settings/review",
  entry: "functions/web/review-settings-action.ts",
  auth: "none",
  grants: { data: "readwrite", audit: "append" },
  request: { form: true },
  doc: {
    tag: "Web",
    summary: "Review timetable form post (admins)",
    summaryVi: "Sửa thời hạn thẩm định",
    description: "application/x-www-form-urlencoded with `_csrf` and the four hours/days fields.",
  },
});

export const WebOverdueReviews = /* @__PURE__ */ defineRoute({
  id: "WebOverdueReviews",
  method: "GET",
  path: "/app/reviews/overdue",
  entry: "functions/web/overdue-reviews.ts",
  auth: "none",
  grants: { data: "read" },
  request: { queryDocs: { lang: "vi | en" } },
  doc: {
    tag: "Web",
    summary: "Province officers: open reviews past their due time across the province",
    summaryVi: "Thẩm định quá hạn trong tỉnh",
  },
});

export const REVIEW_ROUTES = [
  WebReviewSettings,
  WebReviewSettingsAction,
  WebOverdueReviews,
  ListTasks,
  GetTask,
  DecideTask,
  ClaimTask,
  UnclaimTask,
  ReassignTask,
  GetReviewSettings,
  PutReviewSettings,
  WebInbox,
  WebTaskPage,
  WebTaskAction,
  OpenEmailLink,
  DecideByEmailLink,
];
