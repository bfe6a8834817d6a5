import { authorize } from "../../shared/access/policy.ts";
import { loadTask } from "../../shared/review/adapters/dynamo-task-store.ts";
import { WebTaskPage } from "../../shared/review/routes.ts";
import { pageHandler } from "../../shared/web/handler.ts";
import { t } from "../../shared/web/i18n.ts";
import { decidedLine } from "../../shared/web/views.ts";
import { renderTaskPage } from "./task-page.ts";

/** GET /app/tasks/{id}: the task page (read only; every change is a POST with a CSRF token). */
export const { handler, lambdaHandler } = pageHandler(WebTaskPage, async (ctx) => {
  const s = ctx.session;
  if (!s) return ctx.signIn();
  const id = ctx.path("id");
  const task = await loadTask(id);
  authorize(s.actor, "task.read", {
    communeId: task.communeId,
    reviewUnitId: task.reviewUnitId,
    provinceId: task.provinceId,
  });
  const done = ctx.query("done");
  const message =
    done && task.status === "DONE"
      ? { text: `${t(ctx.lang, "recorded")} ${decidedLine(ctx.lang, task)}`, kind: "ok" as const }
      : undefined;
  return renderTaskPage(ctx, s, id, 200, message);
});
