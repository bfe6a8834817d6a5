import { apiHandler, json } from "../../shared/http/handler.ts";
import { ClaimTask } from "../../shared/review/routes.ts";
import { claimTask } from "../../shared/review/use-cases/task-assignment.ts";

/** POST /v1/tasks/{id}/claim: an approver of the task's unit takes it (409 if someone else holds it). */
export const { handler, lambdaHandler } = apiHandler(ClaimTask, async (ctx, { params }) =>
  json(200, await claimTask(ctx.actor, ctx.tx, params.id)),
);
