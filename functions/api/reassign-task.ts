import { apiHandler, json } from "../../shared/http/handler.ts";
import { ReassignTask } from "../../shared/review/routes.ts";
import { reassignTask } from "../../shared/review/use-cases/task-assignment.ts";

/** POST /v1/tasks/{id}/reassign: the unit lead gives the task to another approver; older email links stop working. */
export const { handler, lambdaHandler } = apiHandler(ReassignTask, async (ctx, { params, body }) =>
  json(200, await reassignTask(ctx.actor, ctx.tx, params.id, body.assignee)),
);
