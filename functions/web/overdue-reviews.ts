import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { L } from "../../shared/funding/web/finance-views.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { WebOverdueReviews } from "../../shared/review/routes.ts";
import { provinceOverdue } from "../../shared/review/use-cases/province-overdue.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { activityName, localTime, money } from "../../shared/web/i18n.ts";

/** GET /app/reviews/overdue: the province's open reviews past due, oldest first, with their unit. */
export const { handler, lambdaHandler } = pageHandler(WebOverdueReviews, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const lang = ctx.lang;
  const nowMs = Date.parse(ctx.now);
  const ports = { tasks: dynamoTaskStore, directory: dynamoDirectory };
  const tasks = await provinceOverdue(ports, s.actor, nowMs);
  const units = new Map(
    (await dynamoDirectory.listUnits(s.actor.provinceId)).map((u) => [u.id, u]),
  );
  const nameOf = (id: string) => {
    const u = units.get(id);
    return u ? (lang === "vi" ? u.nameVi : u.nameEn) : id;
  };
  const items = tasks
    .map((x) => {
      const days = Math.floor((nowMs - Date.parse(x.dueAt)) / 86_400_000);
      return `<li><a href="/app/proposals/${encodeURIComponent(x.proposalId)}"><strong>${esc(x.reference)}</strong></a> · ${esc(activityName(lang, x.activity))}<div class="meta">${esc(nameOf(x.communeId))} · ${esc(money(lang, x.amount))}<br>${esc(L(lang, "Đơn vị thẩm định", "Reviewing unit"))}: ${esc(nameOf(x.reviewUnitId))} · ${esc(x.assigneeName ?? L(lang, "chưa ai nhận", "unassigned"))}<br><span class="late">${esc(L(lang, "Hạn", "Due"))} ${esc(localTime(lang, x.dueAt))}${days > 0 ? ` · ${esc(L(lang, `quá ${days} ngày`, `${days} days late`))}` : ""}</span></div></li>`;
    })
    .join("");
  const title = L(lang, "Thẩm định quá hạn trong tỉnh", "Overdue reviews in the province");
  return ctx.page(
    200,
    title,
    `<h1>${esc(title)} (${tasks.length})</h1>${items ? `<ul class="tasks">${items}</ul>` : `<p>${esc(L(lang, "Không có hồ sơ quá hạn.", "No overdue reviews."))}</p>`}`,
  );
});
