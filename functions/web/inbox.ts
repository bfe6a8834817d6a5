import { dynamoDirectory } from "../../shared/directory/adapters/dynamo-directory.ts";
import { ACTIVITIES } from "../../shared/kernel/types.ts";
import { dynamoTaskStore } from "../../shared/review/adapters/dynamo-task-store.ts";
import { INBOX_VIEWS, type InboxView } from "../../shared/review/domain/inbox.ts";
import type { ReviewTask } from "../../shared/review/domain/task.ts";
import { WebInbox } from "../../shared/review/routes.ts";
import { unitInbox } from "../../shared/review/use-cases/list-tasks.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { esc } from "../../shared/web/html.ts";
import { activityName, type Lang, localTime, money, t } from "../../shared/web/i18n.ts";

const ports = { tasks: dynamoTaskStore, directory: dynamoDirectory };

const VIEWS = {
  mine: "viewMine",
  unit: "viewUnit",
  overdue: "viewOverdue",
  decided: "viewDecided",
} as const satisfies Record<InboxView, string>;
type View = InboxView;

function item(lang: Lang, x: ReviewTask, communeName: string, nowMs: number): string {
  const late = x.status === "OPEN" && Date.parse(x.dueAt) < nowMs;
  const flags = [
    late ? `<span class="late">${esc(t(lang, "overdue"))}</span>` : "",
    x.priority === "high" ? `<span class="high">${esc(t(lang, "priorityHigh"))}</span>` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const who =
    x.status === "DONE"
      ? `${esc(localTime(lang, x.decidedAt))}`
      : esc(x.assigneeName ?? t(lang, "unassigned"));
  return `<li><a href="/app/tasks/${encodeURIComponent(x.id)}"><strong>${esc(x.reference)}</strong></a> · ${esc(activityName(lang, x.activity))}
<div class="meta">${esc(communeName)} · ${esc(money(lang, x.amount))}<br>${esc(t(lang, "due"))}: ${esc(localTime(lang, x.dueAt))} · ${who}${flags ? ` · ${flags}` : ""}</div></li>`;
}

/** GET /app/tasks: the approver's inbox (mine, my unit's, overdue, decided by me), filters and sorting. */
export const { handler, lambdaHandler } = pageHandler(WebInbox, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const lang = ctx.lang;
  const view: View = INBOX_VIEWS.find((v) => v === ctx.query("view")) ?? "unit";
  const f = {
    activity: ctx.query("activity") || undefined,
    commune: ctx.query("commune") || undefined,
    sort: ctx.query("sort") === "priority" ? "priority" : "due",
  };
  const nowMs = Date.parse(ctx.now);
  const { tasks, communes, otherCommunes } = await unitInbox(ports, s.actor, view, f, nowMs);
  const names = new Map(communes.map((c) => [c.id, lang === "vi" ? c.nameVi : c.nameEn]));
  for (const c of otherCommunes) if (!names.has(c.id)) names.set(c.id, c.nameVi);
  const tabs = INBOX_VIEWS.map(
    (v) =>
      `<a href="/app/tasks?view=${v}"${v === view ? ' aria-current="page"' : ""}>${esc(t(lang, VIEWS[v]))}</a>`,
  ).join("");
  const opt = (value: string, label: string, selected: boolean) =>
    `<option value="${esc(value)}"${selected ? " selected" : ""}>${esc(label)}</option>`;
  const filters = `<form method="get" action="/app/tasks" class="filters" aria-label="${esc(t(lang, "filter"))}"><input type="hidden" name="view" value="${view}">
<label>${esc(t(lang, "activity"))}<select name="activity">${opt("", t(lang, "all"), !f.activity)}${ACTIVITIES.map((a) => opt(a, `${a} – ${activityName(lang, a)}`, f.activity === a)).join("")}</select></label>
<label>${esc(t(lang, "commune"))}<select name="commune">${opt("", t(lang, "all"), !f.commune)}${communes.map((c) => opt(c.id, names.get(c.id) ?? c.id, f.commune === c.id)).join("")}</select></label>
<label>${esc(t(lang, "sort"))}<select name="sort">${opt("due", t(lang, "sortDue"), f.sort === "due")}${opt("priority", t(lang, "sortPriority"), f.sort === "priority")}</select></label>
<button type="submit" class="secondary">${esc(t(lang, "apply"))}</button></form>`;
  const list = tasks.length
    ? `<ul class="tasks">${tasks.map((x) => item(lang, x, names.get(x.communeId) ?? x.communeId, nowMs)).join("")}</ul>`
    : `<p>${esc(t(lang, "noTasks"))}</p>`;
  return ctx.page(
    200,
    t(lang, "inbox"),
    `<h1>${esc(t(lang, "inbox"))}</h1><nav class="tabs" aria-label="${esc(t(lang, "inbox"))}">${tabs}</nav>${filters}<h2 class="meta">${tasks.length} · ${esc(t(lang, VIEWS[view]))}</h2>${list}`,
  );
});
