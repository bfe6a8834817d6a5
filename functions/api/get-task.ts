import { authorize } from "../../shared/access/policy.ts";
import { apiHandler, json } from "../../shared/http/handler.ts";
import { taskView } from "../../shared/proposals/views.ts";
import { loadTask } from "../../shared/review/adapters/dynamo-task-store.ts";

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
