import { apiHandler, json } from "../../shared/http/handler.ts";
import { DecideTask } from "../../shared/review/routes.ts";
import { decideTask } from "../../shared/review/use-cases/review.ts";

/** POST /v1/tasks/{id}/decision: approve, return (comment required) or reject (reason required). */
export const { handler, lambdaHandler } = apiHandler(DecideTask, async (ctx, { params, body }) => {
  const res = await decideTask(ctx.actor, ctx.tx, params.id, body);
  return json(200, { task: res.task, proposalStatus: res.status });
});
