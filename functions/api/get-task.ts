import { loadTask } from "../../shared/adapters/task-store.ts";
import { taskView } from "../../shared/api/views.ts";
import { authorize } from "../../shared/domain/policy.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";

/** GET /v1/tasks/{id}: one review task (never its workflow token). */
export const { handler, lambdaHandler } = apiHandler(async (ctx) => {
  const t = await loadTask(ctx.path("id"));
  authorize(ctx.actor, "task.read", {
    communeId: t.communeId,
    reviewUnitId: t.reviewUnitId,
    provinceId: t.provinceId,
  });
  return json(200, taskView(t));
});
