import { authorize, roleMay } from "../../shared/access/policy.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { formatDateTime } from "../../shared/kernel/display.ts";
import { dynamoReviewSettings } from "../../shared/review/adapters/dynamo-review-settings.ts";
import { TIMETABLE_FIELDS } from "../../shared/review/domain/settings.ts";
import { WebReviewSettings } from "../../shared/review/routes.ts";
import { csrfField, errorSummary, type FieldErrors, inputField } from "../../shared/web/forms.ts";
import type { PageCtx } from "../../shared/web/handler.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import type { Lang } from "../../shared/web/i18n.ts";
import { csrfToken, type WebSession } from "../../shared/web/session.ts";

export const SETTINGS_PATH = "/app/settings/review";

export const SETTING_LABELS = (lang: Lang): Record<string, string> => ({
  reviewSlaHours: L(lang, "Thời hạn thẩm định (giờ)", "Review due time (hours)"),
  remindBeforeHours: L(lang, "Nhắc việc trước hạn (giờ)", "Reminder before the due time (hours)"),
  escalateProvinceAfterHours: L(
    lang,
    "Báo cáo tỉnh sau khi quá hạn (giờ)",
    "Escalate to the province after (hours overdue)",
  ),
  linkExpiryDays: L(
    lang,
    "Liên kết trong thư hết hạn sau (ngày)",
    "Email links expire after (days)",
  ),
});

/** The timetable in force: the province and auditors read it, admins change it. */
export async function renderSettingsPage(
  ctx: PageCtx,
  s: WebSession,
  state: {
    status?: number;
    errors?: FieldErrors;
    values?: Record<string, string>;
    saved?: boolean;
  } = {},
) {
  const lang = ctx.lang;
  authorize(s.actor, "settings.read");
  const manage = roleMay(s.actor.role, "settings.manage");
  const current = await dynamoReviewSettings.current();
  const labels = SETTING_LABELS(lang);
  const errors = state.errors ?? {};
  const rows = TIMETABLE_FIELDS.map(
    (f) => `<dt>${esc(labels[f])}</dt><dd>${esc(current[f])}</dd>`,
  ).join("");
  const updated = current.updatedAt
    ? `<p class="meta">${esc(L(lang, "Sửa lần cuối", "Last changed"))}: ${esc(formatDateTime(lang, current.updatedAt))}${current.updatedBy ? ` · ${esc(current.updatedBy)}` : ""}</p>`
    : "";
  const form = manage
    ? `<h2>${esc(L(lang, "Sửa thời hạn", "Change the timetable"))}</h2>${errorSummary(lang, errors, labels)}<form method="post" action="${SETTINGS_PATH}" novalidate>${csrfField(csrfToken(s, SETTINGS_PATH))}${TIMETABLE_FIELDS.map((f) => inputField({ name: f, label: labels[f] ?? f, value: state.values?.[f] ?? current[f], errors, type: "number", inputmode: "numeric", required: true })).join("")}<button type="submit">${esc(L(lang, "Lưu", "Save"))}</button></form>`
    : `<p class="meta">${esc(L(lang, "Quản trị hệ thống thay đổi thời hạn thẩm định.", "Administrators change the timetable."))}</p>`;
  const title = L(lang, "Thời hạn thẩm định", "Review timetable");
  const saved = state.saved
    ? `<p class="notice ok" role="status">${esc(L(lang, "Đã lưu: áp dụng cho nhiệm vụ mở sau và lần quét tiếp theo.", "Saved: applies to tasks opened from now and to the next sweep."))}</p>`
    : "";
  return ctx.page(
    state.status ?? 200,
    title,
    `<h1>${esc(title)}</h1>${saved}<dl>${rows}</dl>${updated}${form}`,
  );
}

/** GET /app/settings/review: the review timetable (a form for admins). */
export const { handler, lambdaHandler } = pageHandler(WebReviewSettings, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  return renderSettingsPage(ctx, s, { saved: ctx.query("done") === "1" });
});
